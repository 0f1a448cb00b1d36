"""Prepare the browser's Python runtime for a fast start (build time only, never shipped).

build.py calls ``prepare(pyodide_dir, wheel, cache, log)`` once the vendored, verified Pyodide
files sit in ``pyodide_dir``. It returns a ``Runtime`` with two files, both cached in
``cache/runtime-<key>/`` (the key hashes every input, so a re-build with nothing changed does
no work):

``wheel``
    numpy's wheel, repacked. Each module is stored as bytecode (sourceless ``.pyc``, as in
    Pyodide's own package builds), so the browser does not compile numpy's 3.7 MB of source at
    every visit; ``numpy/f2py`` (a Fortran build tool, useless without a compiler) and the
    ``.pyi`` type stubs are left out; entries are Deflate-compressed, as upstream stores them
    uncompressed; ``RECORD`` is rewritten to match. Measured: 11.7 → 3.2 MB,
    ``import numpy`` 0.48 → 0.25 s in Chromium.
``snapshot``
    a gzip'd memory image of the interpreter just after start-up (with the pure-Python standard
    modules nnviz imports already imported). The browser hands it to ``loadPyodide``
    (``_loadSnapshot``) instead of starting CPython from scratch: Python is ready ~1.3 s sooner.
    It is bound to the exact ``pyodide.asm.wasm`` (Pyodide checks its build id) and web/js/
    snapshot.js falls back to a normal start if restoring fails.

Both come from Pyodide's own interpreter running in Node (``buildlib/runtime.mjs``), so the
bytecode magic number and the memory layout are exactly the browser's. Node is already needed
to vendor the runtime (``npm pack``).

What a snapshot must not hold: anything that differs per visitor or per machine. Only
deterministic standard modules are imported before it is taken; web/js/snapshot.js reseeds
``random`` and resets the few values Emscripten fills in from its host (``sys._emscripten_info``
and the ``LANG`` / ``_`` environment variables) after the restore.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
NODE_SCRIPT = HERE / "runtime.mjs"

# Pure-Python standard modules nnviz imports, loaded before the snapshot is taken. Nothing
# here may read the clock, the locale or a random source at import time.
SNAPSHOT_IMPORTS = (
    "asyncio", "base64", "collections.abc", "dataclasses", "functools", "importlib", "io",
    "itertools", "json", "math", "re", "struct", "traceback", "typing", "urllib.parse", "zlib",
)
LEFT_OUT = ("numpy/f2py/",)  # a Fortran build tool: needs a compiler the browser does not have
DATE = (2020, 1, 1, 0, 0, 0)  # fixed zip timestamps: identical inputs, identical wheel


@dataclass(frozen=True)
class Runtime:
    wheel: Path
    snapshot: Path


def prepare(pyodide_dir: Path, wheel: Path, cache: Path, log) -> Runtime:
    """Return the repacked numpy wheel and the start-up snapshot (see module doc)."""
    key = _cache_key(pyodide_dir, wheel)
    out = cache / f"runtime-{key}"
    result = Runtime(out / wheel.name, out / "python-snapshot.bin.gz")
    if (out / "done").exists():
        return result
    log("runtime: snapshot of the started interpreter, numpy compiled to bytecode (Pyodide in Node)")
    node = _node()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        unpacked = Path(tmp) / "wheel"
        with zipfile.ZipFile(wheel) as zf:
            zf.extractall(unpacked)
        raw_snapshot = Path(tmp) / "snapshot.bin"
        cmd = [node, str(NODE_SCRIPT), str(pyodide_dir), str(raw_snapshot), ",".join(SNAPSHOT_IMPORTS), str(unpacked)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"\nbuild.py: error: buildlib/runtime.mjs failed:\n{proc.stderr.strip()[-3000:]}\n")
        _repack(unpacked, result.wheel)
        with (
            raw_snapshot.open("rb") as src,
            result.snapshot.open("wb") as f,
            gzip.GzipFile(filename="", mode="wb", fileobj=f, compresslevel=9, mtime=0) as dst,
        ):
            shutil.copyfileobj(src, dst)
    (out / "done").write_text(key)
    return result


def _node() -> str:
    """Return the path of a Node.js 18+ (Pyodide 0.29 needs it), or exit saying what to install."""
    node = shutil.which("node")
    found = ""
    if node:
        version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
        major = version.lstrip("v").split(".")[0]
        if major.isdigit() and int(major) >= 18:
            return node
        found = f" (found {version or 'an unknown version'} at {node})"
    raise SystemExit(
        f"\nbuild.py: error: the build needs Node.js 18 or newer{found}. It comes with npm: "
        "Debian/Ubuntu `sudo apt-get install nodejs npm`, macOS `brew install node`, Windows the "
        "Node.js installer; then run again.\n"
    )


def _cache_key(pyodide_dir: Path, wheel: Path) -> str:
    digest = hashlib.sha256()
    for path in (pyodide_dir / "pyodide.asm.wasm", pyodide_dir / "python_stdlib.zip", wheel, NODE_SCRIPT, Path(__file__)):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def _repack(unpacked: Path, target: Path) -> None:
    """Zip ``unpacked`` (a wheel whose .py files have __pycache__ twins) as a sourceless wheel."""
    entries: dict[str, bytes] = {}
    for path in sorted(p for p in unpacked.rglob("*") if p.is_file()):
        rel = path.relative_to(unpacked).as_posix()
        if "__pycache__" in path.parts or rel.startswith(LEFT_OUT) or rel.endswith((".pyi", "py.typed")):
            continue
        if rel.endswith(".py"):
            compiled = path.parent / "__pycache__" / f"{path.stem}.cpython-313.pyc"
            if not compiled.exists():
                raise SystemExit(f"\nbuild.py: error: no bytecode was made for {rel}\n")
            entries[rel[:-3] + ".pyc"] = compiled.read_bytes()
        elif not rel.endswith(".dist-info/RECORD"):
            entries[rel] = path.read_bytes()
    record = next(rel for rel in (p.relative_to(unpacked).as_posix() for p in unpacked.rglob("RECORD")) if rel.endswith(".dist-info/RECORD"))
    lines = [f"{rel},sha256={_urlsafe_digest(data)},{len(data)}" for rel, data in entries.items()]
    entries[record] = ("\n".join([*lines, f"{record},,"]) + "\n").encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for rel, data in entries.items():
            info = zipfile.ZipInfo(rel, date_time=DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)


def _urlsafe_digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
