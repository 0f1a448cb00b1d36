"""Chapter "Handwritten digits": draw a digit, watch a real 784 → 128 → 64 → 32 → 10 network read it.

Pure modules: ``state`` (URL fields), ``model`` (the network, inspection), ``preprocess`` (a
drawing to MNIST's 28×28 format), ``images`` (weights and activations as pictures),
``netlayout`` (the network picture's geometry), ``session`` (in-browser training),
``follow`` (backpropagation with numbers), ``build_data`` (the build step that packs the
digits and pretrains the model; run by build.py in CPython, never shipped). The browser side
is in ``ui/``. ``Chapter`` is imported on first use (PEP 562).
"""

from __future__ import annotations


def __getattr__(name: str):
    if name == "Chapter":
        from nnviz.chapters.mnist.ui.chapter import Chapter

        return Chapter
    raise AttributeError(name)
