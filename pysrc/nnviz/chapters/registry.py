"""The list of chapters: route, title, one-line summary, and the module that implements it.

Pure data, read by the app (to route and lazily import chapters) and by build.py (to write
the static nav and article pages, so the text is visible before Python is ready).
Adding a chapter = one entry here + ``web/chapters/<route>.html`` + its module.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChapterInfo:
    route: str  # URL hash route, e.g. "explorer" for #/explorer
    title: str
    summary: str
    module: str  # dotted path of a module that defines ``Chapter``


CHAPTERS: tuple[ChapterInfo, ...] = (
    ChapterInfo(
        "explorer",
        "Architecture explorer",
        "Build a fully connected network layer by layer, and see which neurons feed a neuron "
        "and where its gradient flows.",
        "nnviz.chapters.explorer",
    ),
    ChapterInfo(
        "trainer",
        "Digit trainer",
        "Watch a small network learn ten 5×5 digits, live: every weight, every activation, every iteration.",
        "nnviz.chapters.trainer",
    ),
    ChapterInfo(
        "house",
        "From a line to softmax",
        "Price houses with a single neuron, find its weights by gradient descent, then turn it into a classifier.",
        "nnviz.chapters.house",
    ),
    ChapterInfo(
        "mnist",
        "Handwritten digits",
        "Draw a digit and watch a real 784 → 128 → 64 → 32 → 10 network read it; look inside, then train it yourself.",
        "nnviz.chapters.mnist",
    ),
)

BY_ROUTE = {c.route: c for c in CHAPTERS}
