"""The per-frame work budget: shrinks by a fifth on late frames, grows by a step on timely ones.

The expected values are worked out by hand from the rule (×0.8 down to lo, +grow up to hi).
"""

from __future__ import annotations

import pytest

from nnviz.kit.budget import FrameBudget


def test_the_trainer_budget_backs_off_on_slow_frames_and_recovers():
    b = FrameBudget(0.004, 0.001, 0.004, target_fps=50)  # 20 ms per frame
    assert b.after_frame(40.0) == pytest.approx(0.0032)
    assert b.after_frame(40.0) == pytest.approx(0.00256)
    for _ in range(20):
        b.after_frame(40.0)
    assert b.seconds == pytest.approx(0.001)
    assert b.after_frame(16.7) == pytest.approx(0.0015)
    for _ in range(20):
        b.after_frame(16.7)
    assert b.seconds == pytest.approx(0.004)


def test_the_threshold_is_the_target_frame_time_itself():
    b = FrameBudget(0.002, 0.001, 0.004, target_fps=50)
    assert b.after_frame(20.0) == pytest.approx(0.0025)  # exactly on time is on time
    assert b.after_frame(20.01) == pytest.approx(0.002)


def test_the_mnist_budget_with_its_own_bounds_and_step():
    b = FrameBudget(0.012, 0.004, 0.024, target_fps=1000 / 31, grow_s=0.001)
    assert b.after_frame(30.0) == pytest.approx(0.013)
    assert b.after_frame(32.0) == pytest.approx(0.0104)
    for _ in range(40):
        b.after_frame(10.0)
    assert b.seconds == pytest.approx(0.024)


def test_timestamps_adapt_from_the_second_frame_and_gaps_are_ignored():
    b = FrameBudget(0.004, 0.001, 0.004, target_fps=50)
    assert b.frame(1000.0) == 0.004  # the first frame of a run only records the time
    assert b.frame(1040.0) == pytest.approx(0.0032)  # 40 ms: late
    assert b.frame(2000.0) == pytest.approx(0.0032)  # 960 ms: a hidden tab, not a slow frame
    b.restart()
    assert b.frame(5000.0) == pytest.approx(0.0032)  # the pause before a new run is no frame
    assert b.frame(5016.0) == pytest.approx(0.0037)
    assert b.after_frame(float("nan")) == pytest.approx(0.0037)


def test_start_is_clamped_and_bad_bounds_refused():
    assert FrameBudget(1.0, 0.001, 0.004).seconds == 0.004
    assert FrameBudget(0.0, 0.001, 0.004).seconds == 0.001
    with pytest.raises(ValueError):
        FrameBudget(0.002, 0.004, 0.001)
    with pytest.raises(ValueError):
        FrameBudget(0.002, 0.001, 0.004, target_fps=0)
    with pytest.raises(ValueError):
        FrameBudget(0.002, 0.001, 0.004, shrink=1.5)
