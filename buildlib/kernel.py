"""Assemble the browser's matrix-product kernel (build time only; the .wasm is shipped).

build.py calls ``build(dist, pyodide_dir, wabt_tarball, cache, log)`` once web/ is copied into
``dist``. It assembles ``buildlib/kernels/matmul.wat`` with wabt (the verified npm tarball
build.py passes in, run in Node by ``buildlib/kernel.mjs``), checks that the module can only
touch the memory it is given, writes it as ``dist/py/matmul-<hash>.wasm`` and names that file in
``dist/js/kernel.js`` (the ``__NNVIZ_KERNEL_WASM__`` placeholder). The portable build embeds it
like every other fetched file.

The kernel runs inside Pyodide's own ``WebAssembly.Memory``, which web/js/kernel.js reaches
through a private part of Pyodide. That path was verified for one version only, so the build
stops when the vendored Pyodide is another (see ``VERIFIED_PYODIDE``).
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import tarfile
from pathlib import Path

from buildlib.runtime import _node

HERE = Path(__file__).resolve().parent
WAT = HERE / "kernels" / "matmul.wat"
NODE_SCRIPT = HERE / "kernel.mjs"
PLACEHOLDER = "__NNVIZ_KERNEL_WASM__"

# Where web/js/kernel.js finds Pyodide's WebAssembly.Memory
# (pyodide._module.LDSO.loadedLibsByName.__main__.exports.memory) was checked in this version.
VERIFIED_PYODIDE = "0.29.5"

# Module sections a kernel may have: type, import, function, export, code (and custom names).
# No memory of its own (5), no globals (6), no start function (8), no data (11, 12).
ALLOWED_SECTIONS = {0, 1, 2, 3, 7, 10}


def build(dist: Path, pyodide_dir: Path, wabt_tarball: Path, cache: Path, log) -> str:
    """Write the kernel into ``dist`` and return its path under dist/ (e.g. py/matmul-1a2b….wasm)."""
    check_pyodide(pyodide_dir)
    wasm = assemble(wabt_tarball, cache, log)
    check_sections(wasm)
    rel = f"py/matmul-{hashlib.sha256(wasm).hexdigest()[:12]}.wasm"
    (dist / rel).parent.mkdir(parents=True, exist_ok=True)
    (dist / rel).write_bytes(wasm)
    loader = dist / "js" / "kernel.js"
    text = loader.read_text()
    if PLACEHOLDER not in text:
        raise SystemExit(f"\nbuild.py: error: {loader} has no {PLACEHOLDER} to fill in\n")
    loader.write_text(text.replace(PLACEHOLDER, rel))
    return rel


def check_pyodide(pyodide_dir: Path) -> None:
    """Stop the build unless the vendored Pyodide is the one whose Memory path was verified."""
    found = re.search(r'API\.version="([^"]+)"', (pyodide_dir / "pyodide.asm.js").read_text(errors="replace"))
    version = found.group(1) if found else "unknown"
    if version != VERIFIED_PYODIDE:
        raise SystemExit(
            f"\nbuild.py: error: the vendored Pyodide is {version}, but web/js/kernel.js reaches its "
            f"WebAssembly.Memory through a private path verified only in {VERIFIED_PYODIDE}.\n"
            "Check that path in the new version (the browser falls back to numpy if it is wrong, "
            "and tests/e2e/test_kernel.py says so), then update VERIFIED_PYODIDE in buildlib/kernel.py.\n"
        )


def assemble(wabt_tarball: Path, cache: Path, log) -> bytes:
    """Return matmul.wat assembled by wabt (cached by the hash of the source and the tools)."""
    digest = hashlib.sha256()
    for path in (WAT, NODE_SCRIPT, wabt_tarball):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    out = cache / f"kernel-{digest.hexdigest()[:16]}"
    wasm = out / "matmul.wasm"
    if wasm.exists():
        return wasm.read_bytes()
    log("kernel: assembling buildlib/kernels/matmul.wat (wabt in Node)")
    out.mkdir(parents=True, exist_ok=True)
    wabt = out / "wabt.js"
    with tarfile.open(wabt_tarball) as tar:
        member = tar.extractfile("package/index.js")
        if member is None:
            raise SystemExit(f"\nbuild.py: error: {wabt_tarball.name} has no package/index.js\n")
        wabt.write_bytes(member.read())
    proc = subprocess.run([_node(), str(NODE_SCRIPT), str(wabt), str(WAT), str(wasm) + ".tmp"], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"\nbuild.py: error: assembling {WAT.name} failed:\n{proc.stderr.strip()[-3000:]}\n")
    Path(str(wasm) + ".tmp").rename(wasm)
    return wasm.read_bytes()


def check_sections(wasm: bytes) -> None:
    """Raise unless ``wasm`` is a module with only ALLOWED_SECTIONS (it can write no memory of
    its own and nothing at instantiation)."""
    if wasm[:8] != b"\0asm\x01\0\0\0":
        raise SystemExit("\nbuild.py: error: the kernel is not a WebAssembly 1.0 module\n")
    pos = 8
    while pos < len(wasm):
        section = wasm[pos]
        size, shift, pos = 0, 0, pos + 1
        while True:
            byte = wasm[pos]
            size |= (byte & 0x7F) << shift
            pos, shift = pos + 1, shift + 7
            if byte < 0x80:
                break
        if section not in ALLOWED_SECTIONS:
            raise SystemExit(f"\nbuild.py: error: the kernel has a section {section} it must not have (see buildlib/kernel.py)\n")
        pos += size
