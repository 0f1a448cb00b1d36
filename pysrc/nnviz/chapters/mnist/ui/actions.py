"""Training of the digits chapter: one training frame (``tick``) and the buttons.

A mixin of :class:`nnviz.chapters.mnist.ui.chapter.Chapter`, split out by concern. Buttons and
``tick`` change the model (the session's weights and counters) and say what to redraw with
``invalidate``; the chapter's ``render`` draws it. Messages for the visitor are kept in
``self.note`` (status line) and ``self.alert`` (the divergence alert, or None).
"""

from __future__ import annotations

import time

from nnviz.chapters.mnist import model as mm
from nnviz.chapters.mnist.state import DEFAULT_LR
from nnviz.kit.budget import FrameBudget
from nnviz.kit.format import count

EDGE_REFRESH_FRAMES = 20  # while training, re-choose the drawn lines every this many frames
WEIGHT_REFRESH_FRAMES = 4  # while training, redraw the picture and the charts every this many frames


def training_budget() -> FrameBudget:
    """Training time per frame: 4–24 ms, adapted so that frames come at least every 31 ms (~30 fps)."""
    return FrameBudget(start_s=0.012, lo_s=0.004, hi_s=0.024, target_fps=1000 / 31, grow_s=0.001)


class TrainingActions:
    """Train / Pause / Step / Reset / Random weights / Undo, and one training frame."""

    # ----- the frame ----------------------------------------------------------------------------

    def tick(self, now_ms: float) -> bool:
        """One frame of training (or of an accuracy measurement); False when the run stopped."""
        session = self.session
        if not session.run_active:
            return False
        seconds = self.budget.frame(now_ms)
        if session.wants_evaluation():
            ev = session.evaluate_for(seconds)
            if ev is not None:
                self.trainer.record_evaluation(ev)
                self.invalidate("status")
        else:
            run = session.run_for(seconds)
            self.trainer.record(run)
            if run.steps:
                self.version += 1
            if run.diverged:
                self._diverged(run.reason)
            elif run.finished:
                self._finished()
        self._frames += 1
        done = not session.run_active
        # The picture and the charts are redrawn in different frames, to spread the work.
        if self._frames % EDGE_REFRESH_FRAMES == 0 or done:
            self.invalidate("edges")
        if self._frames % WEIGHT_REFRESH_FRAMES == 0 or done:
            self.invalidate("weights")
        if self._frames % WEIGHT_REFRESH_FRAMES == 2 or done:
            self.invalidate("charts")
        if done:
            self.budget.restart()
        return not done

    # ----- settings -----------------------------------------------------------------------------

    def _on_lr(self, lr: float, final: bool) -> None:
        self.set_state(commit=final, lr=lr)

    def _on_batch(self, batch: int, final: bool) -> None:
        self.set_state(commit=final, batch=batch)

    def _on_epochs(self, epochs: int, final: bool) -> None:
        self.set_state(commit=final, epochs=epochs)

    # ----- buttons ------------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.note = text
        self.invalidate("status")

    def _train(self) -> None:
        self._set_alert(None)
        self._before_run = mm.snapshot(self.net)
        self.budget.restart()
        self.session.start_run()
        self._say(f"Training: learning rate {self.session.lr:g}, batch size {self.session.batch_size}, "
                  f"{self.session.epochs} epoch(s). Drawing still works while it runs.")
        self.start()

    def _pause(self) -> None:
        self.session.stop()
        self.halt()
        self._say(f"Paused at iteration {count(self.session.iteration)}. Train continues the run.")
        self.invalidate("edges", "weights", "charts")

    def _step(self) -> None:
        self._set_alert(None)
        self._before_run = mm.snapshot(self.net)
        started = time.perf_counter()
        run = self.session.step_once()
        self.trainer.record(run)
        if run.steps:
            self.version += 1
        if run.diverged:
            self._diverged(run.reason)
        else:
            self._say(f"One step on a batch of {self.session.batch_size} digits "
                      f"({1000 * (time.perf_counter() - started):.0f} ms).")
        self.invalidate("edges", "weights", "charts")

    def _finished(self) -> None:
        ev = self.session.evaluate_now()
        self.trainer.record_evaluation(ev)
        self._say(f"Finished {self.session.epochs} epoch(s) at iteration {count(self.session.iteration)}: "
                  f"test accuracy {100 * ev.test_accuracy:.1f}%. Train starts another run.")

    def _diverged(self, reason: str) -> None:
        lr = self.session.lr
        self._set_alert(
            f"Training stopped at iteration {count(self.session.iteration)}: {reason}. With learning rate η = {lr:g}, "
            "each step overshoots: the weights jump past the bottom of the valley to a point where the cost "
            "is higher, and the next step overshoots further. A smaller η takes smaller steps."
        )
        self._say("Diverged: training stopped.")

    def _set_alert(self, text: str | None) -> None:
        self.alert = text
        self.invalidate("alert")

    def _undo(self) -> None:
        if self._before_run is not None:
            mm.load_params(self.net, self._before_run)
            self.version += 1
        self.trainer.lr.show(DEFAULT_LR)
        self.set_state(lr=DEFAULT_LR)
        self._set_alert(None)
        ev = self.session.evaluate_now()
        self.trainer.record_evaluation(ev)
        self._say(f"Restored the weights from before the run (test accuracy {100 * ev.test_accuracy:.1f}%) "
                  f"and set the learning rate to {DEFAULT_LR:g}.")
        self.invalidate("edges", "weights", "charts")

    def _reset(self, pretrained: bool) -> None:
        self.session.stop()
        self.halt()
        if pretrained:
            mm.load_params(self.net, self.shipped.params)
        else:
            self.net.reset(mm.SEED)
        self.version = 0 if pretrained else self.version + 1
        self._means = {}
        self.session.reset_counters()
        self.trainer.clear_history()
        self._set_alert(None)
        ev = self.session.evaluate_now()
        self.trainer.record_evaluation(ev)
        if pretrained:
            self._say("Pretrained weights restored; iteration count back to 0.")
        else:
            self._say(f"Fresh random weights (He initialisation): test accuracy {100 * ev.test_accuracy:.1f}%, "
                      "about one in ten, as a guess would. Press Train to watch them learn.")
        self.invalidate("edges", "weights", "charts")
