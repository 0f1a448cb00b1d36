"""The digits chapter's state and its URL fields (``#/mnist?lr=0.05&batch=32&epochs=1&…``), pure Python.

The drawing and the trained weights are not part of a link; the settings that produce a
training run, the brush and the inspected neuron are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nnviz import urlstate
from nnviz.chapters.mnist.model import LAYER_NAMES, SIZES

LR_RANGE = (0.0001, 100.0)
BATCH_RANGE = (1, 512)
EPOCHS_RANGE = (1, 20)
BRUSH_RANGE = (6, 40)
DEFAULT_LR = 0.05
NEURON = re.compile(r"^\s*(\d+)\s*[-:]\s*(\d+)\s*$")


@dataclass(frozen=True)
class State:
    lr: float = DEFAULT_LR
    batch: int = 32
    epochs: int = 1
    brush: int = 18
    neuron: tuple[int, int] = (1, 0)  # (layer 1–4, index)


def parse_neuron(raw: str) -> tuple[tuple[int, int], str | None]:
    """Parse ``"1-17"`` (layer 1–4, neuron index from 0) into ``(1, 17)``; raise Invalid otherwise."""
    m = NEURON.match(raw)
    if not m:
        raise urlstate.Invalid(f"{raw[:20]!r} is not of the form layer-neuron, e.g. 1-17.")
    layer, index = int(m.group(1)), int(m.group(2))
    if not 1 <= layer <= 4:
        raise urlstate.Invalid(f"layer {layer} does not exist (1–4: hidden layers 1–3, then the output).")
    if index >= SIZES[layer]:
        raise urlstate.Invalid(f"{LAYER_NAMES[layer].lower()} has {SIZES[layer]} neurons (0–{SIZES[layer] - 1}).")
    return (layer, index), None


FIELDS = (
    urlstate.float_field("lr", *LR_RANGE, label="Learning rate"),
    urlstate.int_field("batch", *BATCH_RANGE, label="Batch size"),
    urlstate.int_field("epochs", *EPOCHS_RANGE, label="Epochs"),
    urlstate.int_field("brush", *BRUSH_RANGE, label="Brush size"),
    urlstate.Field("neuron", parse_neuron, lambda v: f"{v[0]}-{v[1]}", "Selected neuron"),
)
