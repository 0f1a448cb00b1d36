"""How much work (seconds) a chapter may do in one animation frame, adapted to the frame rate.

    budget = FrameBudget(start_s=0.004, lo_s=0.001, hi_s=0.004, target_fps=50)
    budget.frame(now_ms)               # each frame while training: adapts to the time since the last
    model.run(budget.seconds, 10_000)  # then work for that long
    budget.restart()                   # when a run stops, so the pause is not taken for a slow frame

A frame that took longer than 1000 / ``target_fps`` ms (the page misses its frame rate)
shrinks the budget by a fifth (``shrink``), down to ``lo_s``; a faster one grows it by
``grow_s``, up to ``hi_s``. So on a busy machine training yields to drawing, not the other way
round. Gaps longer than ``gap_ms`` (the first frame of a run, a hidden tab) are ignored.

Pure Python: the chapters' ``tick`` calls it; tests/unit/kit check it in CPython.
"""

from __future__ import annotations

import math


class FrameBudget:
    """Seconds of work per frame, between ``lo_s`` and ``hi_s`` (e.g. 0.001 … 0.004)."""

    def __init__(self, start_s: float, lo_s: float, hi_s: float, target_fps: float = 50.0, *,
                 grow_s: float = 0.0005, shrink: float = 0.8, gap_ms: float = 250.0):
        if not 0 < lo_s <= hi_s:
            raise ValueError(f"need 0 < lo_s <= hi_s, got {lo_s}, {hi_s}")
        if not (target_fps > 0 and math.isfinite(target_fps)):
            raise ValueError(f"target_fps must be a positive number, got {target_fps}")
        if not 0 < shrink < 1 or grow_s <= 0:
            raise ValueError("shrink must be in (0, 1) and grow_s positive")
        self.lo_s, self.hi_s = float(lo_s), float(hi_s)
        self.target_ms = 1000.0 / float(target_fps)
        self.grow_s, self.shrink, self.gap_ms = float(grow_s), float(shrink), float(gap_ms)
        self.seconds = min(max(float(start_s), self.lo_s), self.hi_s)
        self._last_ms: float | None = None

    def after_frame(self, frame_ms: float) -> float:
        """Adapt to a frame that took ``frame_ms`` milliseconds; return the new :attr:`seconds`."""
        if not math.isfinite(frame_ms) or frame_ms < 0 or frame_ms > self.gap_ms:
            return self.seconds
        if frame_ms > self.target_ms:
            self.seconds = max(self.lo_s, self.seconds * self.shrink)
        else:
            self.seconds = min(self.hi_s, self.seconds + self.grow_s)
        return self.seconds

    def frame(self, now_ms: float) -> float:
        """Adapt to the time since the previous call (an animation-frame timestamp, in ms).

        The first call after construction or :meth:`restart` only records the time.
        """
        last, self._last_ms = self._last_ms, float(now_ms)
        if last is not None:
            self.after_frame(self._last_ms - last)
        return self.seconds

    def restart(self) -> None:
        """Forget the last timestamp (a run stopped); the budget itself is kept."""
        self._last_ms = None
