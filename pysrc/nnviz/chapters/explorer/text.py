"""Words for a dense-network diagram: layer names and what a neuron does in each pass.

Pure Python; the counts come from :func:`nnviz.kit.network_diagram.influence`.
"""

from __future__ import annotations

from nnviz.kit import network_diagram as nd
from nnviz.kit.format import plural


def layer_names(sizes: tuple[int, ...]) -> list[str]:
    """``(3, 5, 2)`` -> ``["Input layer", "Hidden layer 1", "Output layer"]``."""
    last = len(sizes) - 1
    return ["Input layer" if l == 0 else "Output layer" if l == last else f"Hidden layer {l}" for l in range(len(sizes))]


def describe(sizes: tuple[int, ...], layer: int, index: int) -> list[tuple[str, str]]:
    """Return (heading, text) paragraphs explaining neuron (layer, index) in both passes."""
    inf = nd.influence(sizes, layer, index)
    names = layer_names(sizes)
    me = f"{names[layer]}, neuron {index + 1}"
    if layer == 0:
        forward = (
            "An input neuron holds one feature of the example; nothing feeds it. "
            f"It feeds all {plural(inf.fan_out, 'neuron')} of the next layer, and through them "
            f"{plural(inf.down_neurons, 'neuron')} in all, along {plural(inf.down_paths, 'path')} to the outputs."
        )
    else:
        forward = (
            f"Fed directly by the {plural(inf.fan_in, 'neuron')} of the {names[layer - 1].lower()} through "
            f"{plural(inf.fan_in, 'weight')} and one bias: z = Σ w·a + b, then a = f(z). "
            f"Upstream in all: {plural(inf.up_neurons, 'neuron')} and {plural(inf.up_edges, 'connection')}; "
            f"{plural(inf.up_paths, 'distinct path')} lead from the inputs to it."
        )
    if layer == len(sizes) - 1:
        backward = (
            "An output neuron: the loss is computed from its value, so backpropagation starts here. "
            f"Its error δ gives the gradients of its {plural(inf.fan_in, 'incoming weight')} and its bias, "
            f"then flows back to the {plural(inf.fan_in, 'neuron')} of the {names[layer - 1].lower()}, "
            f"and on along {plural(inf.up_paths, 'path')} to the inputs."
        )
    elif layer == 0:
        backward = (
            f"Its gradient arrives from the {plural(inf.fan_out, 'neuron')} of the next layer, summed over "
            f"{plural(inf.down_paths, 'path')} from the outputs. Inputs have no weights, so it stops here "
            "(it tells how sensitive the loss is to this feature)."
        )
    else:
        backward = (
            f"Its gradient arrives from the {plural(inf.fan_out, 'neuron')} of the {names[layer + 1].lower()}, "
            f"summed over {plural(inf.down_paths, 'path')} from the outputs ({plural(inf.down_edges, 'connection')} downstream). "
            f"Its error δ sets the gradients of its {plural(inf.fan_in, 'incoming weight')} and its bias, and flows back "
            f"to the {plural(inf.fan_in, 'neuron')} of the {names[layer - 1].lower()}."
        )
    return [(me, ""), ("Forward pass", forward), ("Backpropagation", backward)]
