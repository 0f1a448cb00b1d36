"""Chapter "Playground": TensorFlow Playground's experiments, faster, with own data and K classes.

Pure modules (CPython-importable): ``state`` (the URL fields), ``features`` (the seven inputs),
``model`` (data, network, training in chunks, metrics, the grid pass), ``layout`` (the network
picture's geometry), ``colors`` (maps to pixels), ``owndata`` / ``points`` (own points),
``csvdata``, ``tfplink``, ``export``. Browser side: ``ui/``. ``Chapter`` is imported on first use.
"""

from __future__ import annotations


def __getattr__(name: str):
    if name == "Chapter":
        from nnviz.chapters.playground.ui.chapter import Chapter

        return Chapter
    raise AttributeError(name)
