"""The "When training goes wrong" widget on the chapter contract.

A control calls ``set_state``; :meth:`Chapter.sync` is the only place a setting reaches the run
(experiment, network, data size or seed: a new run; learning rate, clipping, L2, dropout, early
stopping, epochs: applied to the running one). Playing runs in :meth:`Chapter.tick`: as many SGD
steps per frame as the kit's FrameBudget allows, then (monitor on) one measurement on the probe
batch for the monitor. A run stops by itself at its epoch limit, at early stopping, or when it
diverges (an Alert says why; Reset starts the same settings again).
"""

from __future__ import annotations

import io
import time

import numpy as np

from nnviz.chapters.base import ChapterBase, Dirty, LoadError
from nnviz.chapters.troubles import data as tdata
from nnviz.chapters.troubles import state as ts
from nnviz.chapters.troubles.compare import MAX_KEPT, KeptRun
from nnviz.chapters.troubles.text import EXPERIMENT_TEXT
from nnviz.chapters.troubles.training import Setup, TroubleRun, distinct_units
from nnviz.chapters.troubles.ui.controls import Controls
from nnviz.dom.alert import Alert
from nnviz.dom.elements import h
from nnviz.dom.fetch import FetchError, fetch_bytes, fetch_json
from nnviz.dom.monitor import TrainingMonitor
from nnviz.kit.budget import FrameBudget

BUDGET_S, MIN_BUDGET_S, MAX_BUDGET_S = 0.008, 0.003, 0.010
TARGET_FPS = 40
MONITOR_UPS = 32  # while playing, the monitor aims at this many updates a second (issue 16: ≥ 30)…
MONITOR_SHARE = 0.2  # …and its Python part takes at most this share of the time (drawing adds ~⅓)
# Why: the monitor (one backward pass on the probe batch, four per-layer charts, two histograms,
# two tables) costs a few ms per update on a quiet machine; every frame (60 a second) would be
# twice what anyone can follow and would take training time for nothing, so updates are paced
# at MONITOR_UPS (on the frame nearest each due time, so frames of any length average out). On
# a slow or busy machine an update costs many times that: after an update that took m seconds
# the next one also waits until m / share has passed, so training keeps at least 75 % of the
# time it has with the monitor off (bench/troubles.py measures both).
UPDATE_TRAIN_S = (0.004, 0.0005, MAX_BUDGET_S)  # what a frame with an update trains: start, floor, cap…
UPDATE_FRAME_FPS = 48  # …learned from whether that frame kept its display frame (≤ 1000/48 ms to the next)
# Why: an update (its Python, then the browser's layout and paint of four charts and two
# histograms) has to share its frame with training. A frame that trained its full budget and
# also drew an update overran the frame (on a 60 Hz display it then takes two), which halves
# training for nothing; a fixed guess of the update's cost left the frame's idle time unused
# and cost a third of the throughput. So frames with an update have their own FrameBudget: it
# grows by a little after each such frame that kept its display frame and shrinks by a fifth
# after one that did not, and settles where training and the update just fill a frame on
# this machine, with this monitor, at this moment.
LOSS_EVERY_MS = 1000 / 20  # while playing, the loss and accuracy chart at most this often…
# Why: an epoch ends every frame or two, and redrawing that chart every frame was the largest
# share of the page's raster and compositing (about 40 % of it in a trace): work on the
# browser's other threads that delays the next frame. 20 redraws a second still draw every
# epoch's points, and the chart is drawn on a frame without a monitor update where it can.
READOUT_EVERY_MS = 100.0  # while playing, the iteration, epoch and accuracy readouts at most this often
# (a number rewritten every frame is unreadable, and each rewrite costs the page a layout and a paint)
MANIFEST = "data/mnist.json"  # written by the "Handwritten digits" chapter's build step
_digits: tdata.DigitSource | None = None  # loaded once per page


async def _load_digits() -> tdata.DigitSource:
    global _digits
    if _digits is None:
        meta = await fetch_json(MANIFEST)
        if not isinstance(meta, dict) or "digits" not in meta:
            raise FetchError(f"{MANIFEST} does not name a digits file")
        body = await fetch_bytes(f"data/{meta['digits']}")
        try:
            with np.load(io.BytesIO(body), allow_pickle=False) as npz:
                _digits = tdata.DigitSource({k: npz[k] for k in npz.files})
        except (ValueError, OSError) as exc:
            raise FetchError(f"the digits file is damaged ({exc})") from exc
    return _digits


class Chapter(ChapterBase):
    """Five experiments of training gone wrong, a live per-layer monitor, and kept runs to compare."""

    State = ts.State
    FIELDS = ts.FIELDS

    async def load(self) -> None:
        try:
            self.digits = await _load_digits()
        except FetchError as exc:
            raise LoadError(f"the MNIST digits could not be loaded ({exc})") from exc

    def mount(self, params, notes) -> None:
        super().mount(ts.fill_preset(params), notes)

    # ----- building ------------------------------------------------------------------------------

    def build(self) -> None:
        self.run: TroubleRun | None = None
        self.playing = False
        self.steps_queued = 0
        self.problem = ""
        self.kept: list[KeptRun] = []
        self.budget = FrameBudget(BUDGET_S, MIN_BUDGET_S, MAX_BUDGET_S, target_fps=TARGET_FPS)
        self.update_budget = FrameBudget(*UPDATE_TRAIN_S, target_fps=UPDATE_FRAME_FPS, grow_s=0.0001)
        self._drew_update = False  # the last frame drew a monitor update while playing
        self._epochs_shown = 0
        self._texts: dict[str, str] = {}
        self._buttons = None
        self._monitor_at_ms = -1e18  # when the next monitor update is due while playing
        self._frame_ms = 1000 / 60  # the time between ticks, smoothed
        self._monitor_cost_s = 0.0
        self._tick_ms = 0.0
        self._readout_at = -1e18  # the frame time (ms) the readouts were last written at
        self._loss_at = -1e18  # … and the loss chart drawn at
        self.restored: int | None = None  # the epoch whose weights "Restore best weights" put back
        self._monitor_due = False
        actions = {"play": self._play, "pause": self._pause, "step": self._step, "reset": self._reset,
                   "restore": self._restore_best, "keep": self._keep}
        self.controls = c = Controls(self.scope, self.set_state, actions)
        self.look = h("p", {"id": "troubles-look"})
        self.why = h("p", {"id": "troubles-why"})
        self.exp_title = h("h3", {"id": "troubles-exp-title"})
        explain = h("section", {"class_": "panel tr-explain", "aria_labelledby": "troubles-exp-title"},
                    self.exp_title, h("h4", {}, "What to look for"), self.look, h("h4", {}, "Why"), self.why)
        self.readouts = {k: h("output", {"id": f"troubles-{k}", "class_": "tr-readout"})
                         for k in ("iteration", "epoch", "train-acc", "val-acc", "status")}
        names = {"iteration": "Iteration", "epoch": "Epoch", "train-acc": "Training accuracy",
                 "val-acc": "Validation accuracy", "status": "Status"}
        readouts = h("dl", {"class_": "tr-readouts"},
                     *[h("div", {"class_": "tr-readout-row"}, h("dt", {}, h("label", {"for": f"troubles-{k}"}, names[k])),
                         h("dd", {}, el)) for k, el in self.readouts.items()])
        self.alert = Alert(self.scope, "troubles-diverged", "Diverged. ", ("Reset", self._reset), class_="tr-diverged")
        self.monitor = TrainingMonitor(self.scope, "troubles", self.state.depth + 1, kept_slots=MAX_KEPT)
        self.monitor_off_note = h("p", {"class_": "help tr-monitor-off", "hidden": True},
                                  "The live monitor is off: only the loss and accuracy chart is drawn.")
        top = h("div", {"class_": "tr-top"}, explain,
                h("section", {"class_": "panel tr-controls", "aria_label": "Training controls"},
                  c.run_group, readouts, self.alert.element))
        settings = h("div", {"class_": "tr-settings"}, c.network_group, c.training_group, c.remedies_group,
                     c.compare_group)
        self.root.append(h("div", {"class_": "troubles"}, c.picker, top, settings, self.monitor_off_note,
                           self.monitor.element))

    # ----- the run follows the state ---------------------------------------------------------------

    def _data(self, st):
        if ts.uses_digits(st.experiment):
            return self.digits.data(st.data)
        return tdata.points(st.data, st.seed)

    def sync(self, changed: frozenset[str]) -> None:
        st = self.state
        if self.run is None or changed & ts.RUN_KEYS:
            self._new_run()
        elif changed & ts.LIVE_KEYS:
            self.run.apply(Setup.of(st))
        if "monitor" in changed:
            self.invalidate("monitor")

    def _new_run(self) -> None:
        st = self.state
        self.playing, self.steps_queued, self.problem, self.restored = False, 0, "", None
        self.run = TroubleRun(Setup.of(st), self._data(st))
        self.monitor.reset(self.run.net.n_layers)
        for slot, kept in enumerate(self.kept):
            self.monitor.overlay(slot, kept.curves())
        self._epochs_shown = 0
        self._measure()
        self._push_epochs()
        self.invalidate("run")

    # ----- actions ---------------------------------------------------------------------------------

    def _play(self) -> None:
        if self.run.stopped:
            if self.run.diverged:
                return
            self._new_run()  # a finished run: Play trains the same settings again from the start
        self.playing, self.restored = True, None
        self._go()

    def _pause(self) -> None:
        self.playing, self.steps_queued = False, 0
        self.halt()

    def _step(self) -> None:
        if self.run.stopped:
            return
        self.steps_queued += 1
        self._go()

    def _reset(self) -> None:
        focus = bool(self.alert.primary.matches(":focus"))
        self._new_run()
        self.halt()
        if focus:
            self.controls.reset.focus()

    def _restore_best(self) -> None:
        if self.run.restore_best():
            self._pause()
            self.restored = self.run.early.best_epoch
            self._measure()
            self.invalidate("run")

    def _keep(self) -> None:
        if len(self.kept) >= MAX_KEPT:
            return
        mon = self.monitor.charts["grad_norm"]
        first = mon.buffers[self.monitor.names[0]].points()
        last = mon.buffers[self.monitor.names[-1]].points()
        # the chart holds log10 values (log axis): the kept curves are re-added through .set()
        kept = KeptRun.of(self.state, self.run, (first[0], 10.0 ** first[1]), (last[0], 10.0 ** last[1]))
        self.kept.append(kept)
        self.monitor.overlay(len(self.kept) - 1, kept.curves())
        self.invalidate("kept")

    def _remove(self, index: int) -> None:
        del self.kept[index]
        for slot in range(MAX_KEPT):
            self.monitor.overlay(slot, self.kept[slot].curves() if slot < len(self.kept) else None)
        self.invalidate("kept")
        self.controls.keep.focus()

    def _go(self) -> None:
        if not self.running:
            self.budget.restart()
            self._drew_update = False  # the pause is not a slow frame either
        self.start()

    # ----- training, one chunk per frame -----------------------------------------------------------

    def tick(self, now_ms: float) -> bool:
        if not (self.playing or self.steps_queued):
            return False
        self.budget.frame(now_ms)
        if self._drew_update:  # did the last frame, which drew an update, keep its display frame?
            self.update_budget.after_frame(now_ms - self._tick_ms)
            self._drew_update = False
        if 0 < now_ms - self._tick_ms < 250:
            self._frame_ms += 0.2 * (now_ms - self._tick_ms - self._frame_ms)
        self._tick_ms = now_ms
        run = self.run
        due = self.state.monitor == "on" and now_ms >= self._monitor_at_ms - self._frame_ms / 2
        seconds = self.budget.seconds
        if due and self.playing:  # the update shares this frame with training
            seconds = min(seconds, self.update_budget.seconds)  # run() takes one step at least
        rec = run.run(seconds, 1_000_000 if self.playing else self.steps_queued)
        self.steps_queued = max(0, self.steps_queued - rec.steps)
        busy = self.playing and not run.stopped
        if self.state.monitor == "on" and (not busy or due):
            t0 = time.perf_counter()
            self._measure()
            self._monitor_due = True
            self._monitor_cost_s = time.perf_counter() - t0  # render() adds its drawing time
        elif not busy:
            self._measure()  # a stopped run: the monitor shows where it ended when switched on
        self._push_epochs()
        if run.stopped:
            self.playing, self.steps_queued = False, 0
            if run.diverged:
                self.problem = (f"The run stopped: {run.diverged}. Gradients this large make each step overshoot "
                                "further than the last. Press Reset, then lower the learning rate, set "
                                "“Clip gradients at” (e.g. 1), or choose a smaller initialisation.")
        return self.playing or self.steps_queued > 0

    def _measure(self) -> None:
        run = self.run
        distinct = distinct_units(run.net) if self.state.experiment == "init" or self.state.init == "zeros" else None
        self.monitor.record(run.iteration, run.reading(), distinct)

    def _push_epochs(self) -> None:
        log = self.run.log
        k = self._epochs_shown
        if len(log) > k:
            self.monitor.add_epochs(log.epoch[k:], log.train_loss[k:], log.val_loss[k:], log.train_acc[k:],
                                    log.val_acc[k:])
            self._epochs_shown = len(log)
        if self.state.early == "on" and self.run.early.best_epoch >= 0:
            top = max(1.0, max(log.val_loss + log.train_loss))
            self.monitor.mark_best(self.run.early.best_epoch, min(top, 10.0))
        else:
            self.monitor.mark_best(None)

    # ----- drawing ---------------------------------------------------------------------------------

    def render(self, dirty: Dirty) -> None:
        st, run = self.state, self.run
        self.controls.show(st, dirty)
        if dirty.any("experiment"):
            text = EXPERIMENT_TEXT[st.experiment]
            self.exp_title.textContent = text.title
            self.look.textContent = text.look
            self.why.textContent = text.why
        if not self.running or self._tick_ms - self._readout_at >= READOUT_EVERY_MS:
            self._readout_at = self._tick_ms  # while playing (the frame's time), at most every READOUT_EVERY_MS
            self._readouts(run)
        best = run.early.best_epoch
        self.controls.restore.disabled = run.best_params is None
        best_text = (f"Best validation loss so far: {run.early.best_loss:.3f} at epoch {best}." if best >= 0 else "")
        if self.restored is not None and best_text:
            best_text += f" The network now has the weights of epoch {self.restored} again."
        if self.controls.best_note.textContent != best_text:
            self.controls.best_note.textContent = best_text
        on = st.monitor == "on"
        if dirty.any("monitor"):
            self.monitor.body.hidden = not on
            self.monitor_off_note.hidden = on
        loss_due = not self.running or self._tick_ms - self._loss_at >= LOSS_EVERY_MS
        if on and (self._monitor_due or not self.running):
            t0 = time.perf_counter()
            # while playing, the loss chart waits for a frame without an update (or a little late)
            loss = not self.running or self._tick_ms - self._loss_at >= 2 * LOSS_EVERY_MS
            self.monitor.render(per_layer=True, all_charts=not self.running, loss=loss)
            if loss:
                self._loss_at = self._tick_ms
            cost = self._monitor_cost_s + time.perf_counter() - t0
            self._drew_update = self.playing
            period = 1000 / MONITOR_UPS  # the pace, with at most one period of catching up
            paced = max(self._monitor_at_ms + period, self._tick_ms)
            self._monitor_at_ms = max(paced, self._tick_ms + 1000 * cost / MONITOR_SHARE)  # share cap
            self.budget.restart()  # the frame the monitor lengthened is not a slow frame for training
        elif loss_due:
            self.monitor.render(per_layer=False)
            self._loss_at = self._tick_ms
        self._monitor_due, self._monitor_cost_s = False, 0.0
        if self.problem:
            self.alert.show(self.problem)
        else:
            self.alert.hide()
        if dirty.any("kept", "run"):
            self._render_kept()
        busy = self.playing or self.steps_queued > 0
        buttons = (self.playing, busy, run.stopped, len(self.kept) >= MAX_KEPT)
        if buttons != self._buttons:
            self._buttons = buttons
            c = self.controls
            c.play.disabled = self.playing or bool(run.diverged)
            c.pause.disabled = not busy
            c.step.disabled = run.stopped
            c.keep.disabled = len(self.kept) >= MAX_KEPT
            c.keep_note.textContent = "Three runs are kept: remove one to keep another." if c.keep.disabled else ""

    def _readouts(self, run) -> None:
        st, log = self.state, run.log
        self._text("iteration", f"{run.iteration:,}")
        self._text("epoch", f"{run.epoch:,} of {st.epochs:,}")
        self._text("train-acc", f"{100 * log.train_acc[-1]:.1f} %")
        self._text("val-acc", f"{100 * log.val_acc[-1]:.1f} %")
        status = ("diverged" if run.diverged else run.finished.capitalize() if run.finished
                  else "training" if (self.playing or self.steps_queued) else "ready")
        self._text("status", status)

    def _render_kept(self) -> None:
        lst = self.controls.kept_list
        lst.replaceChildren()
        if not self.kept:
            lst.append(h("li", {"class_": "help"}, "No kept runs yet. Keep one, change a setting, and train again: "
                                                   "the kept run's curves stay on the charts, dashed."))
            return
        for i, kept in enumerate(self.kept):
            btn = h("button", {"type": "button", "class_": "btn btn-small", "aria_label": f"Remove kept run {i + 1}"},
                    "Remove")
            self.scope.on(btn, "click", lambda _e, k=i: self._remove(k))
            lst.append(h("li", {"class_": f"tr-kept-item tr-kept-{i}"},
                         h("strong", {}, f"Kept run {i + 1}: "), f"{kept.label}; {kept.outcome}. ", btn))

    def _text(self, key: str, text: str) -> None:
        if self._texts.get(key) != text:
            self._texts[key] = text
            self.readouts[key].textContent = text
