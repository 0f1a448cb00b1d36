"""Chapter "Backpropagation, step by step": a small network, every number live, one operation at a time.

Pure modules: ``state`` (the network, its example and the link), ``model`` (the engine network
and every number of one pass, from the engine's backward trace), ``steps`` (the sequence of
single operations and their formulas), ``chain`` (the chain rule for one parameter, and the sum
over paths), ``training`` (update, 100 iterations, divergence), ``layout`` (where everything
sits on the picture), ``text`` (number formats and symbols). Browser side: ``ui/``.
``Chapter`` is imported on first use (PEP 562), so the pure modules stay importable in CPython.
"""

from __future__ import annotations


def __getattr__(name: str):
    if name == "Chapter":
        from nnviz.chapters.backprop.ui import Chapter

        return Chapter
    raise AttributeError(name)
