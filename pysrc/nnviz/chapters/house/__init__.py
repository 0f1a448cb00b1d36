"""Chapter "From a line to softmax": price houses with one neuron, fit it by gradient descent,
give it a second input, then turn it into a classifier.

Modules: ``chapter`` (the Chapter: state and redraw schedule), ``state`` (State + URL fields, pure),
``regression`` / ``one_input`` / ``two_inputs`` (sections 1–3), ``classify`` (section 4), ``shape``
(section 5), ``widgets`` (sliders, counters, diagrams). Their numbers come from
``nnviz.kit.house_*``.

``Chapter`` is imported on first use (PEP 562), so ``nnviz.chapters.house.state`` stays importable
in plain CPython, where the browser modules are not.
"""

from __future__ import annotations


def __getattr__(name: str):
    if name == "Chapter":
        from nnviz.chapters.house.ui.chapter import Chapter

        return Chapter
    raise AttributeError(name)
