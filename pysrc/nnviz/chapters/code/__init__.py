"""Chapter "Code lab": the numpy code of a live network, editable.

Pure modules: ``program`` (the default code and its presets), ``sandbox`` (the time limit and
errors with their lines), ``lab`` (one training run of the visitor's code), ``gradcheck``
(backward against finite differences), ``export`` (script, weights JSON, loading), ``diff``,
``state``. ``build_data`` (build time only) bundles the editor. ``ui`` is the browser side.
``Chapter`` is imported on first use (PEP 562), so the pure modules import in CPython.
"""

from __future__ import annotations


def __getattr__(name: str):
    if name == "Chapter":
        from nnviz.chapters.code.ui.chapter import Chapter

        return Chapter
    raise AttributeError(name)
