"""Train the ``net`` surface's network and compute its loss grid (build time only).

The chapter declares this module as its build step (``build_step`` in the registry); build.py
calls ``build(dist=…, cache=…, log=…, npm_files=…)``, which writes into dist/data/:

  landscape.json                 the trained 2-4-1 network, the two directions (``netdata``)
                                 and the grid file's name; fixed name, about 1 kB
  landscape-net-grid-<hash>.bin  the 150 × 150 loss grid over the slice (about 62 kB)

so the page neither trains (600 Adam steps: ~400 ms in the browser) nor computes the grid
(22,500 forward passes over 40 points: ~150 ms) when a student picks the surface.

How it runs: the work needs numpy, which the interpreter running build.py may lack, so it is
done in a child process, ``<python> build_data.py --dist … --cache …``, where <python> is this
interpreter when it can import numpy, else the project's .venv (``build.ensure_venv()``). The
child runs with OPENBLAS_NUM_THREADS=1, so sums run in a fixed order and the result is the same
bit for bit on a given machine and numpy version. The output is cached in
``cache/landscape-<key>/``, the key hashing the chapter's pure modules, the engine, the kit and
the numpy version: a re-build with nothing changed copies two files.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]  # the repository
NNVIZ = ROOT / "pysrc" / "nnviz"
SOURCES = (HERE, NNVIZ / "engine", NNVIZ / "kit")  # what the outputs are computed with (*.py)


def build(dist: Path, cache: Path, log, npm_files) -> None:
    """Write dist/data/landscape.json and the grid file it names (see the module doc)."""
    python = sys.executable
    if importlib.util.find_spec("numpy") is None:
        log("landscape: this Python has no numpy; using the project's .venv")
        sys.path.insert(0, str(ROOT))
        import build as build_script  # build.py at the repository root

        python = str(build_script.ensure_venv())
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "PYTHONPATH": str(ROOT / "pysrc"), "PYTHONDONTWRITEBYTECODE": "1"}
    cmd = [python, str(Path(__file__).resolve()), "--dist", str(dist), "--cache", str(cache)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    for line in (proc.stdout + proc.stderr).splitlines():
        log(line)
    if proc.returncode != 0:
        raise SystemExit(f"\nbuild.py: error: the landscape build step (chapters/landscape/build_data.py) failed "
                         f"(exit {proc.returncode}); see above.\n")


def cache_key(numpy_version: str) -> str:
    """Hash everything the outputs depend on: the sources in SOURCES and numpy's version."""
    digest = hashlib.sha256(numpy_version.encode())
    for path in sorted(p for base in SOURCES for p in base.glob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def produce() -> tuple[dict, bytes]:
    """Train the slice network, sample its grid as the page's map does; (manifest, grid file)."""
    from nnviz.chapters.landscape import netdata, surfaces

    s = surfaces.get("net")  # trains the network (netslice.NetSlice.build)
    return netdata.encode(s.extra["slice"], surfaces.sample(s))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="train the landscape chapter's net surface and sample its grid")
    parser.add_argument("--dist", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    args = parser.parse_args(argv)
    import numpy as np

    from nnviz.chapters.landscape import netdata

    done = args.cache / f"landscape-{cache_key(np.__version__)}"
    if not (done / netdata.MANIFEST).exists():
        started = time.perf_counter()
        manifest, body = produce()
        tmp = done.with_name(f"{done.name}.tmp-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        (tmp / manifest["grid"]["file"]).write_bytes(body)
        (tmp / netdata.MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False) + "\n")
        shutil.rmtree(done, ignore_errors=True)
        tmp.rename(done)
        print(f"landscape: trained the net surface's network and its grid in {time.perf_counter() - started:.1f} s "
              f"(cached as {done.name})")
    out = args.dist / "data"
    out.mkdir(parents=True, exist_ok=True)
    for f in done.iterdir():
        shutil.copy2(f, out / f.name)
    manifest = json.loads((done / netdata.MANIFEST).read_text())
    print(f"landscape: {netdata.MANIFEST}, {manifest['grid']['file']}, slice accuracy {manifest['slice']['accuracy']:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
