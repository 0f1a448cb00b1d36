"""Chapter "From a line to softmax": price houses with one neuron, fit it by gradient descent,
give it a second input, then turn it into a classifier.

Pure modules: ``state`` (State + URL fields), ``data``, ``model`` (errors, descent, fits),
``classifier``, ``softmax``, ``neuron`` and ``shapes`` (diagram layouts), ``plot`` (the two plot
frames). Browser modules, in ``ui/``: ``chapter`` (the Chapter on the contract of
``chapters/base.py``), ``regression`` / ``one_input`` / ``two_inputs`` (sections 1–3), ``classify``
(section 4), ``shape`` (section 5), ``widgets`` (sliders, counters, the dense diagram).

``Chapter`` is imported on first use (PEP 562), so ``nnviz.chapters.house.state`` stays importable
in plain CPython, where the browser modules are not.
"""

from __future__ import annotations


def __getattr__(name: str):
    if name == "Chapter":
        from nnviz.chapters.house.ui.chapter import Chapter

        return Chapter
    raise AttributeError(name)
