"""Training actions of the digits chapter: the frame loop's training step and the buttons.

A mixin of :class:`nnviz.chapters.mnist.Chapter`, split out by concern; it uses the chapter's
``net``, ``session``, ``trainer`` (the panel), ``netview``, ``state`` and refresh methods.
"""

from __future__ import annotations

import time
from dataclasses import replace

from nnviz.chapters.mnist import model as mm
from nnviz.chapters.mnist.state import DEFAULT_LR
from nnviz.kit.format import count

# Training time per animation frame: adapted between these bounds so that frames come at least
# every TARGET_FRAME_MS (30 fps) while training, whatever the machine and the batch size.
BUDGET_RANGE_S = (0.004, 0.024)
TARGET_FRAME_MS = 31.0
EDGE_REFRESH_FRAMES = 20  # while training, re-choose the drawn lines every this many frames
WEIGHT_REFRESH_FRAMES = 4  # while training, redraw the picture and the charts every this many frames


class TrainingActions:
    """Train / Pause / Step / Reset / Random weights / Undo, and one training frame."""

    def _adapt_budget(self, ts: float) -> None:
        """Shrink the training time per frame when frames come late, grow it when they are early."""
        last, self._last_ts = self._last_ts, ts
        if last is None or ts - last > 250:  # first frame of a run, or the tab was hidden
            return
        lo, hi = BUDGET_RANGE_S
        if ts - last > TARGET_FRAME_MS:
            self._budget = max(lo, self._budget * 0.8)
        else:
            self._budget = min(hi, self._budget + 0.001)

    def _train_frame(self) -> None:
        session = self.session
        if session.wants_evaluation():
            ev = session.evaluate_for(self._budget)
            if ev is not None:
                self.trainer.show_evaluation(ev)
                self._set_ready_status()
        else:
            chunk = session.run_for(self._budget)
            self.trainer.show_chunk(chunk)
            if chunk.steps:
                self.version += 1
            if chunk.diverged:
                self._diverged(chunk.reason)
            elif chunk.finished:
                self._finished()
        self._frames += 1
        done = not session.run_active
        if self._frames % EDGE_REFRESH_FRAMES == 0 or done:
            self.netview.set_weights(self.net.weights)
        if self._pending:
            self._read_drawing()
            self._refresh()
        elif self._details_pending:
            self._refresh_details()
        elif self._frames % WEIGHT_REFRESH_FRAMES == 0 or done:
            self._refresh(drawing_changed=False)
        # The charts are redrawn in other frames than the picture, to spread the work.
        self.trainer.show_session(session, charts=self._frames % WEIGHT_REFRESH_FRAMES == 2 or done)

    def _on_lr(self, lr: float) -> None:
        self.state = replace(self.state, lr=lr)
        self.session.set_lr(lr)
        self.write_url()
        if not self.prepared.empty:
            self._refresh_backprop()

    def _on_batch(self, batch: int) -> None:
        self.state = replace(self.state, batch=batch)
        self.session.set_batch_size(batch)
        self.write_url()

    def _on_epochs(self, epochs: int) -> None:
        self.state = replace(self.state, epochs=epochs)
        self.session.set_epochs(epochs)
        self.trainer.show_session(self.session)
        self.write_url()

    def _train(self) -> None:
        self.trainer.show_divergence(None)
        self._before_run = mm.snapshot(self.net)
        self._last_ts = None
        self.session.start_run()
        self.trainer.set_status(f"Training: learning rate {self.session.lr:g}, batch size {self.session.batch_size}, "
                                f"{self.session.epochs} epoch(s). Drawing still works while it runs.")
        self.trainer.show_session(self.session)
        self.loop.start()

    def _pause(self) -> None:
        self.session.stop()
        self.trainer.set_status(f"Paused at iteration {count(self.session.iteration)}. Train continues the run.")
        self.netview.set_weights(self.net.weights)
        self._refresh()
        self.trainer.show_session(self.session)

    def _step(self) -> None:
        self.trainer.show_divergence(None)
        self._before_run = mm.snapshot(self.net)
        started = time.perf_counter()
        chunk = self.session.step_once()
        self.trainer.show_chunk(chunk)
        if chunk.steps:
            self.version += 1
        if chunk.diverged:
            self._diverged(chunk.reason)
        else:
            self.trainer.set_status(
                f"One step on a batch of {self.session.batch_size} digits ({1000 * (time.perf_counter() - started):.0f} ms)."
            )
        self.netview.set_weights(self.net.weights)
        self._refresh()
        self.trainer.show_session(self.session)

    def _finished(self) -> None:
        ev = self.session.evaluate_now()
        self.trainer.show_evaluation(ev)
        self._set_ready_status()
        self.trainer.set_status(
            f"Finished {self.session.epochs} epoch(s) at iteration {count(self.session.iteration)}: "
            f"test accuracy {100 * ev.test_accuracy:.1f}%. Train starts another run."
        )

    def _diverged(self, reason: str) -> None:
        lr = self.session.lr
        self.trainer.show_divergence(
            f"Training stopped at iteration {count(self.session.iteration)}: {reason}. With learning rate η = {lr:g}, "
            "each step overshoots: the weights jump past the bottom of the valley to a point where the cost "
            "is higher, and the next step overshoots further. A smaller η takes smaller steps."
        )
        self.trainer.set_status("Diverged: training stopped.")

    def _undo(self) -> None:
        if self._before_run is not None:
            mm.load_params(self.net, self._before_run)
            self.version += 1
        self.state = replace(self.state, lr=DEFAULT_LR)
        self.session.set_lr(DEFAULT_LR)
        self.trainer.lr.set(DEFAULT_LR)
        self.trainer.show_divergence(None)
        ev = self.session.evaluate_now()
        self.trainer.show_evaluation(ev)
        self.trainer.set_status(f"Restored the weights from before the run (test accuracy {100 * ev.test_accuracy:.1f}%) "
                                f"and set the learning rate to {DEFAULT_LR:g}.")
        self.write_url()
        self.netview.set_weights(self.net.weights)
        self._refresh()
        self.trainer.show_session(self.session)

    def _reset(self, pretrained: bool) -> None:
        self.session.stop()
        if pretrained:
            mm.load_params(self.net, self.shipped.params)
        else:
            self.net.reset(mm.SEED)
        self.version = 0 if pretrained else self.version + 1
        self._means = {}
        self.session.reset_counters()
        self.trainer.clear_history()
        self.trainer.show_divergence(None)
        ev = self.session.evaluate_now()
        self.trainer.show_evaluation(ev)
        self._set_ready_status()
        if pretrained:
            self.trainer.set_status("Pretrained weights restored; iteration count back to 0.")
        else:
            self.trainer.set_status(f"Fresh random weights (He initialisation): test accuracy {100 * ev.test_accuracy:.1f}%, "
                                    "about one in ten, as a guess would. Press Train to watch them learn.")
        self.netview.set_weights(self.net.weights)
        self._refresh()
        self.trainer.show_session(self.session)
