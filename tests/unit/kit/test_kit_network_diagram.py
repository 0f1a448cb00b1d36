"""The explorer's view maths, checked against brute force on small networks."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnviz.kit import network_diagram as nd
from nnviz.kit.format import count, plural

small_nets = st.lists(st.integers(1, 4), min_size=2, max_size=5).map(tuple)


def brute_force(sizes, layer, index):
    """Enumerate the graph explicitly: nodes (l, i), edges ((l, i), (l+1, j))."""
    edges = [((l, i), (l + 1, j)) for l in range(len(sizes) - 1) for i in range(sizes[l]) for j in range(sizes[l + 1])]

    def reach(start, forward):
        seen, frontier, used = set(), {start}, set()
        while frontier:
            nxt = set()
            for a, b in edges:
                src, dst = (a, b) if forward else (b, a)
                if src in frontier:
                    used.add((a, b))
                    if dst not in seen:
                        nxt.add(dst)
            seen |= nxt
            frontier = nxt
        return seen, used

    up_nodes, up_edges = reach((layer, index), forward=False)
    down_nodes, down_edges = reach((layer, index), forward=True)
    # paths: one choice of neuron per layer strictly before / after
    up_paths = sum(1 for _ in itertools.product(*[range(n) for n in sizes[:layer]])) if layer else 0
    down_paths = sum(1 for _ in itertools.product(*[range(n) for n in sizes[layer + 1 :]])) if layer < len(sizes) - 1 else 0
    return len(up_nodes), len(up_edges), up_paths, len(down_nodes), len(down_edges), down_paths


@settings(max_examples=60, deadline=None)
@given(small_nets, st.data())
def test_influence_matches_brute_force(sizes, data):
    layer = data.draw(st.integers(0, len(sizes) - 1))
    index = data.draw(st.integers(0, sizes[layer] - 1))
    inf = nd.influence(sizes, layer, index)
    assert (inf.up_neurons, inf.up_edges, inf.up_paths, inf.down_neurons, inf.down_edges, inf.down_paths) == brute_force(
        sizes, layer, index
    )


@settings(max_examples=40, deadline=None)
@given(small_nets, st.data())
def test_highlight_covers_exactly_the_influence(sizes, data):
    layer = data.draw(st.integers(0, len(sizes) - 1))
    index = data.draw(st.integers(0, sizes[layer] - 1))
    lay = nd.layout(sizes)
    hl = nd.highlight(lay, layer, index)
    inf = nd.influence(sizes, layer, index)
    gap_edges = [len(lay.edges[g][0]) for g in range(len(sizes) - 1)]
    up = sum(n for n, s in zip(gap_edges, hl.gap_state, strict=True) if s == "up") + len(hl.in_lines)
    down = sum(n for n, s in zip(gap_edges, hl.gap_state, strict=True) if s == "down") + len(hl.out_lines)
    assert (up, down) == (inf.up_edges, inf.down_edges)
    assert hl.node_up.sum() == inf.up_neurons and hl.node_down.sum() == inf.down_neurons
    assert hl.node_focus.sum() == 1
    # the focus lines really end (or start) at the hovered neuron
    me = lay.node_xy[layer][index]
    if len(hl.in_lines):
        assert np.allclose(hl.in_lines[:, 2:], me)
    if len(hl.out_lines):
        assert np.allclose(hl.out_lines[:, :2], me)


def test_layout_ids_positions_and_no_sampling_when_small():
    lay = nd.layout((3, 5, 2))
    assert lay.node_ids()[:4] == ["node-0-0", "node-0-1", "node-0-2", "node-1-0"]
    assert lay.edge_ids(1)[:3] == ["edge-1-0-0", "edge-1-0-1", "edge-1-1-0"]
    assert lay.total_edges == lay.drawn_edges == 3 * 5 + 5 * 2 and not lay.sampled
    xy = lay.all_node_xy()
    assert xy.shape == (10, 2)
    assert (xy[:, 0] > 0).all() and (xy[:, 0] < lay.width).all()
    assert (xy[:, 1] > 0).all() and (xy[:, 1] < lay.height).all()
    # columns are left to right, neurons within a column top to bottom and evenly spaced
    assert lay.node_xy[0][0, 0] < lay.node_xy[1][0, 0] < lay.node_xy[2][0, 0]
    assert np.allclose(np.diff(lay.node_xy[1][:, 1]), np.diff(lay.node_xy[1][:, 1])[0])


def test_big_networks_are_sampled_deterministically_and_without_duplicates():
    sizes = (64,) * 12
    a, b = nd.layout(sizes), nd.layout(sizes)
    assert a.total_edges == 64 * 64 * 11
    assert a.drawn_edges <= nd.MAX_DRAWN_EDGES and a.sampled
    for g in range(11):
        src, dst = a.edges[g]
        assert np.array_equal(src, b.edges[g][0]) and np.array_equal(dst, b.edges[g][1])
        pairs = set(zip(src.tolist(), dst.tolist(), strict=True))
        assert len(pairs) == len(src) > 0
        assert src.max() < 64 and dst.max() < 64


def test_parameter_count_and_formula():
    assert nd.parameter_count((3, 5, 5, 2)) == (3 * 5 + 5 * 5 + 5 * 2, 5 + 5 + 2, "3×5 + 5 + 5×5 + 5 + 5×2 + 2")
    weights, biases, _ = nd.parameter_count((784, 128, 64, 32, 10))
    assert weights + biases == 784 * 128 + 128 + 128 * 64 + 64 + 64 * 32 + 32 + 32 * 10 + 10 == 111_146


def test_invalid_inputs_raise():
    with pytest.raises(ValueError):
        nd.layout((3,))
    with pytest.raises(IndexError):
        nd.influence((3, 2), 1, 2)


def test_count_formatting():
    assert count(1234567) == "1,234,567"
    assert count(64**11) == "7.4 × 10^19"
    assert plural(1, "path") == "1 path" and plural(2, "path") == "2 paths"
