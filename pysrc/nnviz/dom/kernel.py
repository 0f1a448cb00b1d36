"""Start-up: put the WebAssembly SIMD matrix-product kernel behind nnviz.engine.linalg.

``await install()`` asks web/js/kernel.js to instantiate the kernel inside Pyodide's memory,
checks it against numpy on small products (``linalg.self_check``: odd shapes, a strided view,
both transposes) and installs it. Any failure leaves numpy in place. Either way it returns the
footer's words and sets ``nnvizBoot.matmul`` ("wasm-simd" or "numpy") and
``nnvizBoot.matmulNote`` (why numpy, or ""), for the footer's tooltip and the tests.

The kernel computes float32 products; float64 ones (and empty or negatively strided arrays)
stay with numpy.
"""

from __future__ import annotations

import js

from nnviz.engine import linalg

ACTIVE = "WebAssembly SIMD kernel (float32; float64 by numpy)"


async def install() -> str:
    """Install the kernel if it loads and agrees with numpy; return what computes products."""
    note = ""
    try:
        status = str(await js.nnvizKernel.attach(js.nnvizBoot.pyodide))
        if status == "ready":
            import nnviz_kernel  # registered by web/js/kernel.js

            backend = linalg.KernelBackend(nnviz_kernel.matmul, "wasm-simd")
            # checked on every product, however small (installed, it leaves those to numpy)
            problem = linalg.self_check(linalg.KernelBackend(nnviz_kernel.matmul, min_work=1))
            if problem is None:
                linalg.install(backend)
            else:
                note = f"not used: it disagreed with numpy ({problem})"
        else:
            note = status
    except Exception as exc:  # a missing script or an unexpected failure: numpy it is
        note = f"not used: {type(exc).__name__}: {exc}"
    if note:
        linalg.install(None)
    js.nnvizBoot.matmul = linalg.current()
    js.nnvizBoot.matmulNote = note
    return ACTIVE if not note else "numpy"
