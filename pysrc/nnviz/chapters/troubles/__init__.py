"""Chapter "When training goes wrong": vanishing and exploding gradients, bad initialisation,
dying ReLUs and overfitting, as experiments to run, watched on a live per-layer monitor.

Split by concern: ``state`` (URL fields and the experiments' presets), ``data`` (2-D points or
real MNIST digits, with a validation set), ``training`` (one run: network, optimiser, epochs,
early stopping, divergence), ``compare`` (kept runs), ``text`` (what to look for, why), and
``ui`` (controls and the contract's sync / tick / render). The monitor itself is shared:
:mod:`nnviz.kit.monitor` (numbers) and :mod:`nnviz.dom.monitor` (charts, histograms, tables).

``Chapter`` is imported on first use, so the pure modules import in plain CPython.
"""

from __future__ import annotations


def __getattr__(name: str):
    if name == "Chapter":
        from nnviz.chapters.troubles.ui.chapter import Chapter

        return Chapter
    raise AttributeError(name)
