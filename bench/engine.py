"""Print nnviz.engine training speed against a hand-written numpy loop, measured in this run.

    python3 bench/engine.py [seconds]

Not a test: it prints ratios. The measuring itself is bench/engine_core.py, which also runs
inside Pyodide. The target is mlp ratio >= 0.95, and >= 4,000 tiny steps/s natively (about the
1,000 steps/s a chapter needs in the browser, which runs numpy roughly 4x slower).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# One BLAS thread, as in the browser (Pyodide's numpy is single-threaded); with two threads on a
# busy machine, OpenBLAS's thread hand-offs make timings swing by 10x. Set the variable to override.
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "pysrc"), str(ROOT / "bench")]

from engine_core import steps_per_second  # noqa: E402


def main(argv):
    seconds = float(argv[1]) if len(argv) > 1 else 2.0
    # CPU time of this thread only counts all the work when BLAS runs on this thread alone.
    r = steps_per_second(seconds, cpu_time=os.environ["OPENBLAS_NUM_THREADS"] == "1")
    print(f"numpy {r['numpy']}, BLAS threads {os.environ['OPENBLAS_NUM_THREADS']}, {r['clock']}")
    print(
        f"784-128-64-32-10 relu/softmax, batch 32, float32, SGD: engine {r['mlp_engine']:.1f} "
        f"steps/s, hand-written {r['mlp_hand']:.1f} steps/s, ratio {r['mlp_ratio']:.3f}"
    )
    print(
        f"25-32-10 sigmoid/SSE, batch 1, SGD (Trainer): engine {r['tiny_engine']:.1f} steps/s, "
        f"hand-written {r['tiny_hand']:.1f} steps/s, ratio {r['tiny_ratio']:.3f}"
    )


if __name__ == "__main__":
    main(sys.argv)
