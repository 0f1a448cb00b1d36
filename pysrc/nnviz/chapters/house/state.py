"""The house chapter's state: one dataclass for all five sections, and its URL field table.

``#/house?w=0.18&b=0&w1=0.1&w2=20&b2=0&sm=2,4&train=0&house=1&features=2&classes=2``
reproduces every section. Pure Python (no ``js``): the round trip is unit-tested.

The URL accepts wider weight and bias ranges than the sliders: gradient descent started from a
corner of the sliders' box can pass briefly outside it, and a link must reproduce that point.
Typed values are held to the sliders' ranges (see ``SLIDERS``).
"""

from __future__ import annotations

from dataclasses import dataclass

from nnviz import urlstate
from nnviz.chapters.house.data import LABELLED
from nnviz.chapters.house.shapes import MAX_COUNT, MIN_COUNT
from nnviz.chapters.house.softmax import SCORES_FIELD
from nnviz.kit.numbers import NumberSpec

MAX_TRAIN_STEPS = 1000  # classifier steps a link may ask for (replayed on load)


@dataclass(frozen=True)
class SliderSpec:
    """A weight or bias slider: its state field, label, range, step and display decimals."""

    field: str
    label: str
    lo: float
    hi: float
    step: float
    digits: int

    @property
    def number(self) -> NumberSpec:
        """The kit's rule for this slider: typed values clamp to the slider's range on commit."""
        return NumberSpec(self.label, self.lo, self.hi, step=self.step, digits=self.digits)


SLIDERS: dict[str, SliderSpec] = {
    "w": SliderSpec("w", "Weight", 0.0, 0.4, 0.001, 4),
    "b": SliderSpec("b", "Bias", 0.0, 460.0, 1.0, 2),
    "w1": SliderSpec("w1", "Weight 1", -0.4, 0.4, 0.001, 4),
    "w2": SliderSpec("w2", "Weight 2", -100.0, 200.0, 0.1, 2),
    "b2": SliderSpec("b2", "Bias", -100.0, 300.0, 0.1, 2),
}

COUNTS: dict[str, NumberSpec] = {  # the shape explorer's counters, e.g. "Features" 1–10
    name: NumberSpec(name.capitalize(), MIN_COUNT, MAX_COUNT, step=1, digits=0, integer=True)
    for name in ("features", "classes")
}


@dataclass(frozen=True)
class State:
    w: float = 0.18
    b: float = 0.0
    w1: float = 0.1
    w2: float = 20.0
    b2: float = 0.0
    sm: tuple[float, ...] = (2.0, 4.0)
    train: int = 0
    house: int = 1  # the labelled house the classifier section pushes through its network (1-based)
    features: int = 2
    classes: int = 2


FIELDS = (
    urlstate.float_field("w", -1.0, 1.0, "Weight"),
    urlstate.float_field("b", -1000.0, 1500.0, "Bias"),
    urlstate.float_field("w1", -1.0, 1.0, "Weight 1"),
    urlstate.float_field("w2", -500.0, 500.0, "Weight 2"),
    urlstate.float_field("b2", -1000.0, 1000.0, "Bias (two inputs)"),
    SCORES_FIELD,
    urlstate.int_field("train", 0, MAX_TRAIN_STEPS, "Classifier training steps"),
    urlstate.int_field("house", 1, len(LABELLED.X), "House pushed through the classifier"),
    urlstate.int_field("features", MIN_COUNT, MAX_COUNT, "Features"),
    urlstate.int_field("classes", MIN_COUNT, MAX_COUNT, "Classes"),
)
