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


# ----- the layout model: placements, edge sets, ids, numbering, hit test -------------------------


def test_one_id_scheme_with_an_optional_prefix_and_one_based_names():
    assert nd.node_id(1, 3) == "node-1-3" and nd.node_id(1, 3, "mnist-") == "mnist-node-1-3"
    assert nd.edge_id(0, 7, 2) == "edge-0-7-2" and nd.edge_id(0, 7, 2, "p-") == "p-edge-0-7-2"
    assert nd.neuron_name("Hidden layer 1", 0) == "Hidden layer 1, neuron 1"
    lay = nd.Layout.of([nd.column(2, 0, 50, 10), nd.column(3, 100, 50, 10)], nd.all_edges((2, 3)), 200, 100, 4,
                       prefix="q-")
    assert lay.node_ids() == ["q-node-0-0", "q-node-0-1", "q-node-1-0", "q-node-1-1", "q-node-1-2"]
    assert lay.node_ids(1)[2] == "q-node-1-2" and lay.edge_ids(0)[-1] == "q-edge-0-1-2"


@given(st.integers(1, 9), st.floats(-50, 50), st.floats(-50, 50), st.floats(1, 30))
def test_column_is_evenly_spaced_and_centred(n, x, mid, pitch):
    xy = nd.column(n, x, mid, pitch)
    assert xy.shape == (n, 2) and np.all(xy[:, 0] == x)
    assert xy[:, 1].mean() == pytest.approx(mid, abs=1e-9)
    assert np.allclose(np.diff(xy[:, 1]), pitch)


def test_block_fills_columns_first_and_is_centred():
    xy = nd.block(10, 3, 100.0, 50.0, 12.0)  # 3 columns of ceil(10 / 3) = 4 rows
    assert xy.shape == (10, 2)
    assert np.allclose(xy[:4, 0], 100.0) and np.allclose(xy[4:8, 0], 112.0) and np.allclose(xy[8:, 0], 124.0)
    assert np.allclose(xy[:4, 1], [32.0, 44.0, 56.0, 68.0])  # rows 0–3 centred on y = 50
    assert np.allclose(xy[8:, 1], xy[:2, 1])  # the last column starts at the top


def test_grid_is_row_major_cell_centres():
    xy = nd.grid(2, 3, 10.0, 20.0, 4.0)
    assert xy.tolist() == [[12, 22], [16, 22], [20, 22], [12, 26], [16, 26], [20, 26]]


def test_all_edges_follow_the_weight_matrices_row_by_row():
    W = [np.arange(6).reshape(2, 3), 10 + np.arange(12).reshape(3, 4)]
    edges = nd.all_edges((2, 3, 4))
    for w, v in zip(W, nd.edge_values(W, edges), strict=True):
        assert v.tolist() == w.ravel().tolist()


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 40), st.integers(0, 2**32 - 1))
def test_strongest_edges_match_a_sort(n_in, n_out, k, seed):
    W = np.random.default_rng(seed).normal(size=(n_in, n_out))
    (src, dst), = nd.strongest_edges([W], k)
    assert len(src) == min(k, W.size)
    by_size = sorted(((abs(W[i, j]), i, j) for i in range(n_in) for j in range(n_out)), reverse=True)[: len(src)]
    assert {(i, j) for _, i, j in by_size} == set(zip(src.tolist(), dst.tolist(), strict=True))
    assert np.all(np.diff(src * n_out + dst) > 0)  # in row order


def test_a_chapters_own_placement_with_squares_a_bias_and_edge_keys():
    xy = [nd.grid(2, 2, 0, 0, 10), nd.column(3, 100, 10, 20)]
    lay = nd.Layout.of(xy, nd.all_edges((4, 3)), 200, 60, (5.0, 8.0), squares=(0,), bias=True)
    assert lay.sizes == (4, 3) and lay.total_edges == lay.drawn_edges == 12 and not lay.sampled
    assert lay.radius_of(0) == 5 and lay.radius_of(1) == 8 and lay.node_radii().tolist() == [5] * 4 + [8] * 3
    assert [lay.is_bias(0, i) for i in range(4)] == [False, False, False, True] and not lay.is_bias(1, 2)
    for k in range(lay.drawn_edges):
        g, i, j = lay.edge_key(k)
        assert lay.edge_index(g, i, j) == k
        assert np.allclose(lay.lines[k], [*lay.node_xy[g][i], *lay.node_xy[g + 1][j]])
    # a square's whole cell hits, a circle within its radius (+2); else the nearest edge
    assert lay.hit(9.9, 0.1) == ("node", 0, 0) and lay.hit(10.1, 19.9) == ("node", 0, 3)
    assert lay.hit(100, 10 + 9.9) == ("node", 1, 1) and lay.hit(190, 55) is None
    fewer = lay.with_edges(((np.array([1]), np.array([2])),))
    assert fewer.sampled and fewer.drawn_edges == 1 and fewer.edge_index(0, 0, 0) == -1
    a, b = fewer.lines[0, :2], fewer.lines[0, 2:]
    assert fewer.hit(*(a + 0.5 * (b - a) + [0, 3])) == ("edge", 0, 1, 2)


def test_trimmed_lines_end_on_the_rims_and_labels_sit_on_the_lines():
    lay = nd.Layout.of([nd.column(3, 0, 50, 30), nd.column(2, 100, 50, 40)], nd.all_edges((3, 2)), 120, 100, (6.0, 9.0))
    src, dst = lay.edges[0]
    lines = lay.edge_lines(0, trim=True)
    assert np.allclose(np.hypot(*(lines[:, :2] - lay.node_xy[0][src]).T), 6.0)
    assert np.allclose(np.hypot(*(lines[:, 2:] - lay.node_xy[1][dst]).T), 9.0)
    points = lay.label_points(0, spread=(0.25, 0.75))
    a, b = lay.node_xy[0][src], lay.node_xy[1][dst]
    t = (points[:, 0] - a[:, 0]) / (b[:, 0] - a[:, 0])
    assert np.allclose(t, np.where(dst == 0, 0.25, 0.75))  # to output 0 at a quarter, to output 1 at three quarters
    assert np.allclose(points[:, 1], a[:, 1] + t * (b[:, 1] - a[:, 1]))


def test_signed_levels_and_bucket_paths_draw_every_edge_once():
    w = np.array([-3.0, -0.1, 0.0, 0.2, 5.0])
    levels = nd.signed_levels(w, np.array([1.0, 0.05, 0.0, 0.5, 1.0]), 4)
    assert levels.tolist() == [3, 0, 4, 6, 7]
    lines = np.array([[0, 0, 10, 10], [1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]], float)
    paths = nd.bucket_paths(nd.segment_strings(lines), levels, 8)
    assert len(paths) == 8 and paths[1] == paths[2] == paths[5] == ""
    assert paths[3].split() == ["M0", "0L10", "10"] and paths[0].split() == ["M1", "2L3", "4"]
