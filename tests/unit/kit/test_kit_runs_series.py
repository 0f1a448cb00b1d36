"""RunRecord series with one row per step (a descent path of w (k, n)), joined along the steps."""

from __future__ import annotations

import numpy as np

from nnviz.kit.runs import RunRecord


def test_a_series_may_have_one_row_per_step_as_a_descent_path_does():
    """A gradient-descent run of a two-weight regressor reports w (k, 2) after each step."""
    w = np.array([[0.1, 2.0], [0.2, 1.5], [0.25, 1.2]])
    a = RunRecord.of_steps(1, [9.0, 4.0], series={"w": w[:2], "b": [0.0, 0.5]})
    b = RunRecord.of_steps(3, [2.0], series={"w": w[2:], "b": [0.7]})
    run = RunRecord.join([a, b])
    assert run.series["w"].shape == (3, 2) and np.array_equal(run.series["w"], w)
    assert run.series["b"].tolist() == [0.0, 0.5, 0.7]
    assert run.iterations.tolist() == [1, 2, 3] and run.losses.tolist() == [9.0, 4.0, 2.0]
