"""Build-time preparation of the browser runtime (buildlib/runtime.py): the repacked numpy wheel.

The snapshot itself is exercised end to end (tests/e2e/test_shell.py, test_deploy.py,
test_firefox.py): it must restore in Chromium and Firefox, and a bad one must fall back.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from buildlib import runtime

ROOT = Path(__file__).resolve().parents[2]


def _fake_unpacked_wheel(tmp_path: Path) -> Path:
    root = tmp_path / "wheel"
    files = {
        "numpy/__init__.py": b"x = 1\n",
        "numpy/__pycache__/__init__.cpython-313.pyc": b"PYC:init",
        "numpy/linalg/_linalg.py": b"y = 2\n",
        "numpy/linalg/__pycache__/_linalg.cpython-313.pyc": b"PYC:linalg",
        "numpy/_core/_multiarray_umath.cpython-313-wasm32-emscripten.so": b"\0asm-binary",
        "numpy/__init__.pyi": b"stub",
        "numpy/py.typed": b"",
        "numpy/f2py/__init__.py": b"f2py",
        "numpy/f2py/__pycache__/__init__.cpython-313.pyc": b"PYC:f2py",
        "numpy-2.2.5.dist-info/METADATA": b"Name: numpy\n",
        "numpy-2.2.5.dist-info/RECORD": b"stale,,\n",
    }
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def test_repack_ships_bytecode_only_and_a_matching_record(tmp_path):
    target = tmp_path / "numpy.whl"
    runtime._repack(_fake_unpacked_wheel(tmp_path), target)
    with zipfile.ZipFile(target) as zf:
        names = set(zf.namelist())
        assert names == {
            "numpy/__init__.pyc",
            "numpy/linalg/_linalg.pyc",
            "numpy/_core/_multiarray_umath.cpython-313-wasm32-emscripten.so",
            "numpy-2.2.5.dist-info/METADATA",
            "numpy-2.2.5.dist-info/RECORD",
        }
        assert zf.read("numpy/linalg/_linalg.pyc") == b"PYC:linalg"  # the compiled twin, not the source
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in zf.infolist())
        record = zf.read("numpy-2.2.5.dist-info/RECORD").decode().splitlines()
        listed = {}
        for line in record:
            path, digest, size = line.rsplit(",", 2)
            listed[path] = (digest, size)
        assert set(listed) == names
        assert listed["numpy-2.2.5.dist-info/RECORD"] == ("", "")
        for name in names - {"numpy-2.2.5.dist-info/RECORD"}:
            data = zf.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert listed[name] == (f"sha256={expected}", str(len(data)))


def test_repack_is_byte_identical_for_identical_inputs(tmp_path):
    unpacked = _fake_unpacked_wheel(tmp_path)
    runtime._repack(unpacked, tmp_path / "a.whl")
    runtime._repack(unpacked, tmp_path / "b.whl")
    assert (tmp_path / "a.whl").read_bytes() == (tmp_path / "b.whl").read_bytes()


def test_repack_refuses_a_module_without_bytecode(tmp_path):
    unpacked = _fake_unpacked_wheel(tmp_path)
    (unpacked / "numpy/linalg/__pycache__/_linalg.cpython-313.pyc").unlink()
    with pytest.raises(SystemExit, match=r"no bytecode was made for numpy/linalg/_linalg\.py"):
        runtime._repack(unpacked, tmp_path / "numpy.whl")


def test_built_site_locks_the_wheel_it_ships():
    """dist/ (built by `build.py test` before the tests): the lock's sha256 is the shipped wheel's,
    and that wheel holds numpy's bytecode for Python 3.13 (magic 3571) and no source."""
    from build import DIST, NUMPY_WHEEL, PYODIDE_DIR

    folder = DIST / PYODIDE_DIR
    if not (folder / NUMPY_WHEEL).exists():
        pytest.fail("dist/ is missing: run `python3 build.py build` (build.py test does it first)")
    lock = json.loads((folder / "pyodide-lock.json").read_text())
    wheel = (folder / NUMPY_WHEEL).read_bytes()
    assert lock["packages"]["numpy"]["sha256"] == hashlib.sha256(wheel).hexdigest()
    with zipfile.ZipFile(folder / NUMPY_WHEEL) as zf:
        names = zf.namelist()
        assert not [n for n in names if n.endswith(".py")]
        assert "numpy/__init__.pyc" in names and "numpy/_core/_multiarray_umath.cpython-313-wasm32-emscripten.so" in names
        magic = zf.read("numpy/__init__.pyc")[:4]
    assert int.from_bytes(magic[:2], "little") == 3571 and magic[2:] == b"\r\n"


def test_an_old_or_missing_node_is_refused_with_what_to_install(tmp_path, monkeypatch):
    old = tmp_path / "node"
    old.write_text("#!/bin/sh\necho v16.20.2\n")
    old.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SystemExit, match=r"Node\.js 18 or newer \(found v16\.20\.2") as err:
        runtime._node()
    assert "apt-get install nodejs npm" in str(err.value)
    old.unlink()
    with pytest.raises(SystemExit, match=r"Node\.js 18 or newer\. It comes with npm"):
        runtime._node()
