"""Chapter "Architecture explorer": build a dense network, see what feeds each neuron.

Modules: ``state`` (layer sizes and their URL field, pure), ``text`` (words for a neuron's
place in both passes, pure), ``ui`` (controls, diagram, side panel). ``Chapter`` is imported
on first use (PEP 562), so the pure modules stay importable in plain CPython.
"""

from __future__ import annotations


def __getattr__(name: str):
    if name == "Chapter":
        from nnviz.chapters.explorer.ui import Chapter

        return Chapter
    raise AttributeError(name)
