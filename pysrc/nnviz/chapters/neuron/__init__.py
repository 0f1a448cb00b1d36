"""Chapter "A single neuron": what one neuron computes, what each activation function does to
it, and how its output is scored (seeds 002 and 003).

Modules: ``state`` (State + URL fields, pure), ``maths`` (z, a, every activation and its
derivative through the engine's table, softmax and its Jacobian, the two losses and their
slopes, the curves and the (x1, x2) grid; pure), ``text`` (what the page says about each
function; pure), ``ui`` (the browser side). ``Chapter`` is imported on first use (PEP 562),
so the pure modules stay importable in plain CPython.
"""

from __future__ import annotations


def __getattr__(name: str):
    if name == "Chapter":
        from nnviz.chapters.neuron.ui.chapter import Chapter

        return Chapter
    raise AttributeError(name)
