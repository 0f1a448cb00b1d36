"""Chapter "Loss landscapes and optimisers": cost surfaces, optimisation paths, learning rates, batches.

Pure modules (CPython-importable): ``state`` (the URL fields), ``data`` (the seeded data sets),
``surfaces`` (seven loss surfaces with their gradients), ``netslice`` (a trained MLP's loss on a
2-D slice), ``netdata`` (that network and its loss grid as the build step ``build_data`` ships
them in dist/data), ``optimisers`` (six update rules with their internals), ``schedules``
(learning-rate schedules), ``race`` (runners, divergence, the learning-rate preset), ``batches``
(full-batch vs mini-batch vs stochastic gradient descent), ``projection`` (the 3-D view),
``text`` (the words).
Browser side: ``ui/``. ``Chapter`` is imported on first use (PEP 562).
"""

from __future__ import annotations


def __getattr__(name: str):
    if name == "Chapter":
        from nnviz.chapters.landscape.ui.chapter import Chapter

        return Chapter
    raise AttributeError(name)
