"""The list of chapters, in learning order: what the app routes to and build.py writes pages for.

Pure data, read by the app (to route and lazily import chapters), by build.py (the static nav
and article pages, so the text is visible before Python is ready; the build steps), and by the
contract test, which checks every entry. Adding a chapter = one folder
``pysrc/nnviz/chapters/<route>/`` (its Python, ``prose.html`` and optional ``style.css``) plus
one entry here. See docs/architecture.md, "How to add a chapter".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROUTE = re.compile(r"^[a-z][a-z0-9-]{0,31}$")  # the one route rule (boot.js uses the same)


@dataclass(frozen=True)
class ChapterInfo:
    """One chapter.

    ``sample`` is a link query the chapter must reproduce exactly (its state written back to
    the URL unchanged); ``bad_sample`` a hostile one that must give a visible note and fall
    back to defaults. ``groups`` names the chapter's control groups (``data-group`` on their
    containers): ``(("shape", "Network shape"), …)``. ``build_step`` is a module with
    ``build(dist, cache, log, npm_files)`` that writes the chapter's data into dist/ at build
    time (run in CPython by build.py; never shipped).
    """

    route: str  # URL hash route, e.g. "explorer" for #/explorer
    title: str
    summary: str
    sample: str
    bad_sample: str
    groups: tuple[tuple[str, str], ...] = ()
    build_step: str | None = None

    @property
    def module(self) -> str:
        """The chapter's package (it defines ``Chapter``, imported on first visit)."""
        return f"nnviz.chapters.{self.route.replace('-', '_')}"


CHAPTERS: tuple[ChapterInfo, ...] = (
    ChapterInfo(
        "explorer",
        "Architecture explorer",
        "Build a fully connected network layer by layer, and see which neurons feed a neuron "
        "and where its gradient flows.",
        sample="layers=4,6,6,3",
        bad_sample="layers=3,abc,2",
        groups=(("shape", "Network shape"),),
    ),
    ChapterInfo(
        "trainer",
        "Digit trainer",
        "Watch a small network learn ten 5×5 digits, live: every weight, every activation, every iteration.",
        sample="hidden=12&lr=0.5&seed=42&batch=1000&digit=3&tab=images",
        bad_sample="hidden=nine&lr=-4",
        groups=(("run", "Play, pause, train, reset"), ("settings", "Hidden neurons and learning rate")),
    ),
    ChapterInfo(
        "landscape",
        "Loss landscapes and optimisers",
        "Race SGD, Momentum, Nesterov, AdaGrad, RMSProp and Adam across loss surfaces, a real network's "
        "among them; see why the learning rate and the batch size matter.",
        sample="surface=rosenbrock&start=-1.5,2.2&opt=sgd,momentum,adam&sgd_lr=0.0015&momentum_lr=auto"
        "&momentum_beta=0.85&nesterov_lr=auto&nesterov_beta=0.9&adagrad_lr=auto&adagrad_eps=1e-08"
        "&rmsprop_lr=auto&rmsprop_beta=0.9&rmsprop_eps=1e-08&adam_lr=0.08&adam_beta1=0.9&adam_beta2=0.999"
        "&adam_eps=1e-08&schedule=cosine&gamma=0.5&period=400&mode=race&inspect=adam&speed=3&batch=32"
        "&batch_lr=0.05",
        bad_sample="surface=volcano&start=1,NaN&opt=sgd,lion&sgd_lr=-1&adam_beta1=7&speed=fast",
        groups=(("surface", "Surface and mode"), ("run", "Step, play, pause, reset"),
                ("optimisers", "Optimisers and their settings"), ("schedule", "Learning-rate schedule"),
                ("batch", "Batch size and its learning rate")),
    ),
    ChapterInfo(
        "house",
        "From a line to softmax",
        "Price houses with a single neuron, find its weights by gradient descent, then turn it into a classifier.",
        sample="w=0.12&b=-4&w1=0.2&w2=15&b2=-30&sm=1,3&train=5&house=4&features=3&classes=4",
        bad_sample="w=NaN&b=1e999",
    ),
    ChapterInfo(
        "mnist",
        "Handwritten digits",
        "Draw a digit and watch a real 784 → 128 → 64 → 32 → 10 network read it; look inside, then train it yourself.",
        sample="lr=0.1&batch=64&epochs=2&brush=14&neuron=2-5",
        bad_sample="brush=huge&epochs=-3",
        build_step="nnviz.chapters.mnist.build_data",
    ),
)

BY_ROUTE = {c.route: c for c in CHAPTERS}
