"""The net surface's build step: what it ships is what the page would compute, exactly."""

from __future__ import annotations

import hashlib
import json
from functools import cache

import numpy as np
import pytest

from nnviz.chapters.landscape import build_data, netdata, surfaces
from nnviz.chapters.landscape.netslice import NetSlice
from nnviz.engine import Network
from nnviz.kit.heatmap import HeatGrid


@cache
def shipped() -> tuple[dict, bytes]:
    """The build step's output, the manifest through JSON as the page reads it."""
    manifest, body = build_data.produce()
    return json.loads(json.dumps(manifest)), body


def test_the_shipped_grid_equals_the_runtime_computation_from_the_shipped_network():
    manifest, body = shipped()
    grid = netdata.read_grid(manifest, body)
    # what the page computes when the grid file has not arrived: the map's sampling, on the
    # surface built from the shipped network (the path the page takes: use_net_slice)
    runtime = surfaces.sample(surfaces._net(netdata.read_slice(manifest)))
    np.testing.assert_array_equal(grid.values, runtime.values)
    np.testing.assert_array_equal(grid.xs, runtime.xs)
    np.testing.assert_array_equal(grid.ys, runtime.ys)
    assert (grid.x_range, grid.y_range) == surfaces.BOXES["net"]
    assert grid.values.shape == (surfaces.GRID, surfaces.GRID) == (150, 150)
    # and the one CPython trains itself
    np.testing.assert_array_equal(grid.values, surfaces.sample(surfaces.get("net")).values)


def test_the_shipped_network_is_the_trained_one_number_for_number():
    manifest, _ = shipped()
    sl, trained = netdata.read_slice(manifest), NetSlice.build()
    for k in NetSlice.ARRAYS:
        np.testing.assert_array_equal(getattr(sl, k), getattr(trained, k))
    assert (sl.b2, sl.accuracy) == (trained.b2, trained.accuracy)
    np.testing.assert_array_equal(sl.X, trained.X)
    np.testing.assert_array_equal(sl.Y, trained.Y)


def test_grid_cells_are_the_loss_of_the_engines_float64_network_at_the_cell_centres():
    manifest, body = shipped()
    grid, sl = netdata.read_grid(manifest, body), netdata.read_slice(manifest)
    net = Network([2, 4, 1], hidden="tanh", output="sigmoid", loss="bce", dtype="float64")
    for i, j in ((0, 0), (75, 75), (149, 3), (20, 130)):
        a, b = grid.xs[j], grid.ys[i]
        W1, b1, W2, b2 = sl.parameters(a, b)
        net.weights[0][...], net.biases[0][...], net.weights[1][...], net.biases[1][...] = W1, b1, W2, b2
        net.parameters_changed()
        assert grid.values[i, j] == pytest.approx(net.evaluate(sl.X, sl.Y[:, None]), rel=1e-4)
    # the trained weights (the centre) are the lowest point near the centre: loss about 0.004
    assert grid.values[74:76, 74:76].max() < 0.01


def test_the_files_are_small_and_the_grid_file_is_named_by_its_content():
    manifest, body = shipped()
    assert len(json.dumps(manifest)) < 3000  # read before the chapter opens
    assert len(body) < 70_000  # fetched after it opened (raw float32: 90,000 bytes)
    assert manifest["grid"]["file"] == f"landscape-net-grid-{hashlib.sha256(body).hexdigest()[:12]}.bin"


def test_damaged_or_foreign_files_are_refused():
    manifest, body = shipped()
    with pytest.raises(ValueError, match="damaged"):
        netdata.read_grid(manifest, body[:-10])
    with pytest.raises(ValueError, match="bytes"):
        netdata.read_grid({**manifest, "grid": {**manifest["grid"], "shape": [100, 100]}}, body)
    with pytest.raises(ValueError, match="manifest"):
        netdata.read_slice({**manifest, "version": 99})
    with pytest.raises(ValueError, match="W1"):
        netdata.read_slice({**manifest, "slice": {**manifest["slice"], "W1": [[1.0, 2.0]]}})
    with pytest.raises(ValueError, match="incomplete"):
        netdata.read_slice({**manifest, "slice": {"W1": manifest["slice"]["W1"]}})
    with pytest.raises(ValueError, match="float32"):
        netdata.encode(netdata.read_slice(manifest), HeatGrid((0.0, 1.0), (0.0, 1.0), np.zeros(1), np.zeros(1),
                                                              np.array([[0.1]])))  # 0.1 is no float32 number


def test_the_build_step_writes_both_files_into_dist_data_and_reuses_its_cache(tmp_path):
    lines: list[str] = []
    for _ in range(2):
        build_data.build(dist=tmp_path / "dist", cache=tmp_path / "cache", log=lines.append, npm_files=None)
    out = tmp_path / "dist" / "data"
    manifest = json.loads((out / netdata.MANIFEST).read_text())
    body = (out / manifest["grid"]["file"]).read_bytes()
    assert sorted(p.name for p in out.iterdir()) == sorted([netdata.MANIFEST, manifest["grid"]["file"]])
    assert (manifest, body) == shipped()
    assert sum("trained" in line for line in lines) == 1, lines  # the second build copied the cache
