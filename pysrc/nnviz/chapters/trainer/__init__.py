"""Chapter "Digit trainer": watch a 25 → H → 10 network learn ten 5×5 digits, live.

Split by concern: ``state`` (URL fields, pure), ``picture`` (the network drawing),
``panels`` (input images, the Draw grid, output activations), ``chapter`` (controls and
the contract's sync / tick / render). The model is :mod:`nnviz.chapters.trainer.model` (pure numpy).

``Chapter`` is imported on first use, so ``nnviz.chapters.trainer.state`` stays importable in
plain CPython (the unit tests) without the browser-only modules.
"""

from __future__ import annotations


def __getattr__(name: str):
    if name == "Chapter":
        from nnviz.chapters.trainer.ui.chapter import Chapter

        return Chapter
    raise AttributeError(name)
