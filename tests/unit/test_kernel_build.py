"""Build-time checks of the matrix-product kernel (buildlib/kernel.py): the module may touch
no memory of its own, and the vendored Pyodide must be the one whose private Memory path was
verified. The kernel's arithmetic is tested in the browser (tests/e2e/test_kernel.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from buildlib import kernel

ROOT = Path(__file__).resolve().parents[2]
HEADER = b"\0asm\x01\0\0\0"


def _section(ident: int, payload: bytes) -> bytes:
    assert len(payload) < 128  # one-byte LEB128 size
    return bytes([ident, len(payload)]) + payload


def test_the_shipped_kernel_has_only_code_and_an_imported_memory():
    built = sorted((ROOT / "dist" / "py").glob("matmul-*.wasm"))
    assert len(built) == 1, "dist/ is not built: `python3 build.py test` builds it first"
    wasm = built[0].read_bytes()
    kernel.check_sections(wasm)  # raises otherwise
    assert b"env" in wasm and b"memory" in wasm and b"matmul" in wasm


@pytest.mark.parametrize(("ident", "what"), [(5, "own memory"), (6, "globals"), (8, "start"), (11, "data")])
def test_a_module_that_could_write_memory_by_itself_is_refused(ident, what):
    fine = HEADER + _section(1, b"\x01\x60\x00\x00")  # one type: () -> ()
    kernel.check_sections(fine)
    with pytest.raises(SystemExit, match=f"section {ident}"):
        kernel.check_sections(fine + _section(ident, b"\x00"))
    with pytest.raises(SystemExit, match=r"not a WebAssembly 1\.0 module"):
        kernel.check_sections(b"\0asm\x02\0\0\0")


def test_another_pyodide_version_stops_the_build(tmp_path):
    (tmp_path / "pyodide.asm.js").write_text(f'x;API.version="{kernel.VERIFIED_PYODIDE}";API.abiVersion="2025_0";')
    kernel.check_pyodide(tmp_path)
    (tmp_path / "pyodide.asm.js").write_text('x;API.version="0.30.0";API.abiVersion="2026_0";')
    with pytest.raises(SystemExit, match=r"Pyodide is 0\.30\.0.*verified only in 0\.29\.5"):
        kernel.check_pyodide(tmp_path)


def test_the_vendored_pyodide_is_the_verified_one():
    from build import PYODIDE

    assert PYODIDE.version == kernel.VERIFIED_PYODIDE
    kernel.check_pyodide(ROOT / "dist" / "vendor" / f"pyodide-{PYODIDE.version}")
