"""State of the architecture explorer: the layer sizes, and how they read from the URL.

Pure Python (no ``js``): ``#/explorer?layers=3,5,5,2`` <-> ``State(layers=(3, 5, 5, 2))``.
"""

from __future__ import annotations

from dataclasses import dataclass

from nnviz import urlstate

MIN_LAYERS, MAX_LAYERS = 2, 12
MIN_NEURONS, MAX_NEURONS = 1, 64


@dataclass(frozen=True)
class State:
    layers: tuple[int, ...] = (3, 5, 5, 2)


def parse_layers(raw: str) -> tuple[tuple[int, ...], str | None]:
    """Parse the "Neurons per layer" text (``"3,5,5,2"``); raise ``Invalid`` with a reason."""
    values = urlstate.parse_int_list(raw, MIN_NEURONS, MAX_NEURONS, MIN_LAYERS, MAX_LAYERS, "layer size")
    return tuple(values), None


FIELDS = (urlstate.Field("layers", parse_layers, lambda v: ",".join(map(str, v)), "Neurons per layer"),)
