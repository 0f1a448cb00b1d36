"""The chapter's browser side: settings, the picture, the step buttons, the panels, training.

State (the link): layers, f, loss, x, y, lr, w, seed (state.py). View state kept here: how many
operations of the current iteration are done (``done``), the undo list for "Back one step", the
picked parameter, the loss history of the chart. Every number shown comes from ``self.snap``
(model.Snapshot: the engine's backward trace), rebuilt in ``sync`` whenever the state changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from nnviz.chapters.backprop import model, training
from nnviz.chapters.backprop.chain import chain
from nnviz.chapters.backprop.layout import layout
from nnviz.chapters.backprop.scene import changed_ids, describe_node, describe_param, scene
from nnviz.chapters.backprop.state import (
    FIELDS,
    State,
    default_targets,
    n_params,
    random_weights,
    reshaped,
    resolve,
    targets_problem,
)
from nnviz.chapters.backprop.steps import BACKWARD, FORWARD, Progress, Step, plan, say
from nnviz.chapters.backprop.text import num
from nnviz.chapters.backprop.ui.controls import Controls
from nnviz.chapters.backprop.ui.editor import Editor
from nnviz.chapters.backprop.ui.input import PictureInput
from nnviz.chapters.backprop.ui.panels import ChainPanel, GradientTable, StepBox
from nnviz.chapters.backprop.ui.picture import Picture
from nnviz.chapters.backprop.ui.trainpanel import TrainPanel
from nnviz.chapters.base import ChapterBase, Dirty
from nnviz.dom.elements import h
from nnviz.dom.steady import Steady
from nnviz.dom.writer import BatchWriter, flush
from nnviz.engine.tiny import supported

SPEEDS = {"1": "1 step/s", "2": "2 steps/s", "4": "4 steps/s", "8": "8 steps/s", "16": "16 steps/s"}
STATE_KEYS = ("layers", "f", "loss", "x", "y", "lr", "w", "seed")


@dataclass(frozen=True)
class Undo:
    """Where "Back one step" returns to after an update or a run."""

    w: tuple[float, ...]
    done: int
    iteration: int
    points: int  # how many chart points there were
    said: tuple[str, str, str] | None


class Chapter(PictureInput, ChapterBase):
    """Backpropagation, step by step."""

    State = State
    FIELDS = FIELDS

    # ----- building ---------------------------------------------------------------------------
    def build(self) -> None:
        self.snap: model.Snapshot | None = None
        self.steps: list[Step] = []
        self.done = 0
        self.history: list[Undo] = []
        self.picked = 0
        self.iteration = 0
        self.points: list[tuple[float, float]] = []
        self.said: tuple[str, str, str] | None = None  # what the last update or run did
        self.start_w: tuple[float, ...] = ()
        self.speed = 2.0
        self._last_tick = 0.0
        self._hover = ""
        self._checked: model.Snapshot | None = None  # the snapshot whose numerical check is shown
        self._progress: Progress | None = None  # the last Progress made (see the progress property)
        self._drawn: tuple = (None, None, 0)  # (snapshot, steps, done) the picture shows
        self._disabled: dict[str, bool] = {}  # what the step buttons were last set to

        self.controls = Controls(self.scope, self._apply, self._random, self._reset, self._on_lr)
        self.picture = Picture("backprop-svg")
        buttons = {
            "forward": ("Forward step", "btn btn-primary"),
            "backward": ("Backward step", "btn btn-primary"),
            "update": ("Update", "btn"),
            "back": ("Back one step", "btn"),
            "play": ("Play", "btn"),
            "run": ("Run 100 iterations", "btn"),
        }
        self.btn = {k: h("button", {"type": "button", "class_": cls, "id": f"backprop-{k}"}, text)
                    for k, (text, cls) in buttons.items()}
        self.speed_select = h("select", {"id": "backprop-speed", "class_": "bp-select bp-speed"},
                              *[h("option", {"value": k, "selected": k == "2"}, v) for k, v in SPEEDS.items()])
        stepbar = h("div", {"class_": "bp-stepbar", "data_group": "step", "role": "group",
                            "aria_label": "Step through one training iteration"},
                    self.btn["forward"], self.btn["backward"], self.btn["update"], self.btn["back"],
                    h("span", {"class_": "bp-play"}, self.btn["play"],
                      h("label", {"for": "backprop-speed", "class_": "bp-speed-label"}, "Speed"),
                      self.speed_select),
                    self.btn["run"])
        self.stepbox = StepBox()
        self.readout = h("p", {"class_": "bp-readout", "id": "backprop-readout", "aria_live": "polite"})
        self.out = BatchWriter()  # the readout's text; flushed with the picture's and the step box's
        # scrolls sideways on phones; keyboard users scroll it through its own tab stop (a parameter)
        self.canvas = h("div", {"class_": "bp-canvas"}, self.picture.svg)
        self.editor = Editor(self.scope, self.canvas, self._commit_edit, self._focus_param)
        legend = h("p", {"class_": "bp-legend"},
                   "In each circle its activation a, under it z, above it δ once the backward pass reaches it. "
                   "On each line its weight w and, once computed, ∂C/∂w (marked ∂); in the boxes the biases b. "
                   "Red lines are positive weights, blue negative; thicker is larger. Teal: what the last "
                   "operation read; orange: what it wrote. Click a value, or Tab to the picture, move with the "
                   "arrow keys and press Enter, to change it.")
        hint = h("p", {"class_": "bp-scroll-hint"}, "Swipe the picture sideways to see all of the network.")
        figure = h("figure", {"class_": "panel bp-figure"}, stepbar, self.stepbox.element, hint, self.canvas,
                   self.readout, legend)
        self.steady = self.scope.adopt(Steady(self.scope, [self.stepbox.element, self.readout]))
        self.chain_panel = ChainPanel()
        self.table = GradientTable(self.scope)
        self.train = TrainPanel(self.scope, self._recover)
        self.root.append(h("div", {"class_": "backprop"},
                           h("div", {"class_": "bp-top"}, self.controls.element, figure),
                           h("div", {"class_": "bp-bottom"}, self.chain_panel.element, self.train.element),
                           self.table.element))

        for key, handler in (("forward", self._forward), ("backward", self._backward), ("update", self._update),
                             ("back", self._back), ("play", self._play), ("run", self._run)):
            self.scope.on(self.btn[key], "click", lambda _e, fn=handler: fn())
        self.scope.on(self.speed_select, "change", lambda _e: self._set_speed())
        # Listeners sit on the <div> around the picture: Chromium puts an <svg> with focus
        # listeners of its own into the tab order, an extra stop that does nothing.
        svg = self.canvas
        self.scope.on(svg, "focusin", self._on_focus)
        self.scope.on(svg, "keydown", self._on_key)
        self.scope.on(svg, "click", self._on_click)
        self.scope.on(svg, "pointerover", self._on_hover)
        self.scope.on(svg, "pointerleave", lambda _e: self._set_hover(""))

    # ----- link notes: the fields checked against each other on mount ----------------------
    def show_notes(self, notes) -> None:
        self._url_notes = list(notes)
        super().show_notes(self._url_notes)

    # ----- the model --------------------------------------------------------------------------
    def sync(self, changed: frozenset[str]) -> None:
        if self.snap is None:  # mount: the link's fields against each other
            fixed, notes = resolve(self.state)
            if notes:
                self.state = fixed
                super().show_notes([*getattr(self, "_url_notes", []), *notes])
            self.start_w = self.state.w
        if changed & {"layers", "f", "loss"} or not self.steps:
            self.steps = plan(self.state.layers, self.state.loss == "ce")
            self.done = 0
            self.history.clear()
            # the chain rule starts at the first weight into the outputs (Mazur's w5 for 2-2-2)
            layers = self.state.layers
            self.picked = n_params(layers[:-1])
            self.invalidate("shape")
        if changed & set(STATE_KEYS) or self.snap is None:
            self.snap = model.Snapshot(self.state)

    # ----- settings -----------------------------------------------------------------------------
    def _apply(self, **changes) -> None:
        state = self.state
        if "layers" in changes:
            if changes["layers"] == state.layers:
                return
            new = reshaped(state, changes["layers"])
            self._fresh(new.w)
            self.set_state(layers=new.layers, x=new.x, y=new.y, w=new.w)
            return
        if "loss" in changes:
            new = replace(state, **changes)
            if new.loss == "ce" and new.layers[-1] < 2:
                self.controls.loss.value = state.loss
                self.controls.message("y", "Softmax with cross-entropy needs at least two outputs: "
                                           "add an output neuron first.")
                return
            if targets_problem(new.y, new.loss):
                new = replace(new, y=default_targets(new.layers[-1], new.loss))
                self.controls.message("y", "The targets were reset: cross-entropy needs targets between 0 and 1 "
                                           "that add up to 1.")
            self.set_state(loss=new.loss, y=new.y)
            return
        if "y" in changes and targets_problem(changes["y"], state.loss):
            self.controls.message("y", "Not applied: cross-entropy needs targets between 0 and 1 that add up to 1.")
            return
        self.set_state(**changes)

    def _on_lr(self, value: float, commit: bool) -> None:
        self.set_state(commit, lr=value)

    def _fresh(self, w) -> None:
        """A new starting point: no undo, no chart, nothing computed yet."""
        self.start_w = tuple(w)
        self.history.clear()
        self.points.clear()
        self.iteration = 0
        self.done = 0
        self.said = None
        self.train.clear_trouble()
        self.train.before = None
        self.invalidate("step", "chart")

    def _random(self) -> None:
        seed = (self.state.seed + 1) % 2**31
        w = random_weights(self.state.layers, seed)
        self._fresh(w)
        self.set_state(seed=seed, w=w)

    def _reset(self) -> None:
        w = self.start_w
        self._fresh(w)
        self.set_state(w=w)

    # ----- stepping ---------------------------------------------------------------------------
    @property
    def progress(self) -> Progress:
        cached = self._progress  # read several times per render; the same until a step or a new plan
        if cached is None or cached.steps is not self.steps or cached.done != max(0, min(self.done, len(self.steps))):
            cached = self._progress = Progress(self.steps, self.done)
        return cached

    def _forward(self) -> None:
        nxt = self.progress.next
        if nxt is not None and nxt.phase == FORWARD:
            self._advance()

    def _backward(self) -> None:
        nxt = self.progress.next
        if nxt is not None and nxt.phase == BACKWARD:
            self._advance()

    def _advance(self) -> None:
        nxt = self.progress.next
        if nxt is None or nxt.kind == "update":
            self._update()
            return
        self.done += 1
        self.said = None
        self.invalidate("step")

    def _remember(self) -> None:
        self.history.append(Undo(self.state.w, self.done, self.iteration, len(self.points), self.said))
        del self.history[:-50]

    def _update(self) -> None:
        old = self.snap
        w, before, diverged = model.update(self.state)
        self._remember()
        if not self.points:
            self.points.append((0, before))
        self.set_state(w=w)
        self.iteration += 1
        self.points.append((self.iteration, self.snap.loss))
        self.done = 0
        said = say(Step("update"), old, self.snap.loss)
        self.said = (said.title, said.symbolic, said.numeric)
        self.train.before = None
        if diverged or not self.snap.loss < before:
            why = "the update would have made the numbers infinite" if diverged else (
                f"one update raised the loss from {num(before)} to {num(self.snap.loss)}")
            self.train.trouble(training.explain(why, self.state.lr), training.safer(self.state.lr))
        else:
            self.train.clear_trouble()
        self.invalidate("step", "chart")

    def _back(self) -> None:
        if self.done > 0:
            self.done -= 1
            self.said = None
        elif self.history:
            undo = self.history.pop()
            self.set_state(w=undo.w)
            self.done, self.iteration, self.said = undo.done, undo.iteration, undo.said
            del self.points[undo.points:]
            self.train.clear_trouble()
            self.train.before = None
        self.invalidate("step", "chart")

    def _run(self) -> None:
        state, snap = self.state, self.snap
        r = training.run(state, 100)
        self._remember()
        finite = [v for v in r.losses if v == v and abs(v) != float("inf")]
        if not self.points and finite:
            self.points.append((0, finite[0]))
        start = self.iteration
        for i, v in enumerate(r.losses[1:], start=1):
            if v == v and abs(v) != float("inf"):
                self.points.append((start + i, v))
        self.iteration += r.iterations
        self.train.before = [float(v) for v in snap.a[-1]]
        self.set_state(w=r.w)
        self.done = next(i for i, s in enumerate(self.steps) if s.kind == "loss") + 1
        self.said = ("Trained: " + f"{r.iterations} updates in a row",
                     "w ← w − η ∂C/∂w, again and again",
                     f"The loss went from {num(r.losses[0])} to {num(self.snap.loss)}; the forward pass of the "
                     "new weights is on the picture.")
        if r.problem:
            self.train.trouble(training.explain(r.problem, state.lr), training.safer(state.lr))
        else:
            self.train.clear_trouble()
        self.invalidate("step", "chart")

    def _recover(self, lr: float) -> None:
        """The one click back from a diverging run: the weights before it, a smaller η."""
        if self.history:
            undo = self.history.pop()
            self.done, self.iteration, self.said = undo.done, undo.iteration, undo.said
            del self.points[undo.points:]
            self.set_state(w=undo.w, lr=lr)
        else:
            self.set_state(lr=lr)
        self.train.clear_trouble()
        self.train.before = None
        self.invalidate("step", "chart")
        self.btn["run"].focus()

    def _play(self) -> None:
        if self.running:
            self.halt()
        else:
            self._last_tick = 0.0
            self.start()
        self.invalidate("running")

    def _set_speed(self) -> None:
        self.speed = float(str(self.speed_select.value))

    def tick(self, now_ms: float) -> bool:
        if now_ms - self._last_tick >= 1000.0 / self.speed:
            self._last_tick = now_ms
            self._advance()
        return not self.train.troubled

    # ----- drawing ----------------------------------------------------------------------------
    def render(self, dirty: Dirty) -> None:
        snap, progress = self.snap, self.progress
        if dirty.any("shape", "layers"):
            names = [(p.element_id, p.name) for p in snap.params]
            self._ids = {p.element_id: p.index for p in snap.params}
            self.picture.draw(layout(snap.sizes), names)
            self.steady.reset()  # the new network's formulas set the boxes' heights again
            self.table.shape([p.name for p in snap.params])
            self._roving_to(self.picked)
        values = dirty.any(*STATE_KEYS)
        if values or dirty.any("shape", "step", "pick"):  # a pick moves the highlight
            self._render_picture(snap, progress, full=values or dirty.any("shape"))
            self._render_step(progress)
            self._render_buttons(progress)
        if values or dirty.any("shape", "pick", "hover", "step"):
            self._render_readout(progress)
        if values or dirty.any("shape", "pick"):
            p = snap.params[self.picked]
            self.chain_panel.show(chain(snap, p), snap.grad[p.index])
        if values or dirty.any("shape", "numeric"):
            # the numerical check (2P passes, batched into one by engine.tiny for the networks it
            # supports: ~1 ms) is drawn at once; a slow one would wait for the next frame, so a step
            # that changes the weights still shows its picture within its own frame
            if self._checked is snap or dirty.any("numeric") or supported(snap.net):
                self._checked = snap
                self.table.show(snap)
            else:
                self.table.show_pending(snap)
                self.invalidate("numeric")
        if values or dirty.any("chart", "shape"):
            self.train.show(snap, self.points, self.iteration)
        if dirty.any("running"):
            self.btn["play"].textContent = "Pause" if self.running else "Play"
            self.btn["play"].setAttribute("aria-pressed", "true" if self.running else "false")
        if values:
            self.controls.show(self.state)
        flush([self.picture.out, self.stepbox.out, self.out])  # a step's writes: one bridge call

    def _render_picture(self, snap: model.Snapshot, progress: Progress, full: bool) -> None:
        """Draw the picture; one step forward or back redraws only what that step touches."""
        picked = snap.params[self.picked].element_id
        drawn, self._drawn = self._drawn, (snap, progress.steps, progress.done)
        only = None
        if not full and drawn[0] is snap and drawn[1] is progress.steps and abs(drawn[2] - progress.done) <= 1:
            only = changed_ids(progress.steps, min(drawn[2], progress.done), snap.sizes)
            if only is not None:
                only |= {self.picture.picked_id, picked}
        self.picture.show(scene(snap, progress, only), picked)

    def _render_step(self, progress: Progress) -> None:
        total = len(self.steps)
        if progress.done == 0 and self.said is not None:
            title, symbolic, numeric = self.said
            where = f"Iteration {self.iteration + 1} · nothing of it computed yet · {total} operations"
        elif progress.done == 0:
            where = f"Iteration {self.iteration + 1} · nothing computed yet · {total} operations"
            title = "Press “Forward step” to compute the first weighted sum."
            symbolic, numeric = "zˡ = Wˡaˡ⁻¹ + bˡ,  aˡ = f(zˡ)", "The inputs a⁰ = x are on the left; the targets y on the right."
        else:
            last = progress.last
            said = say(last, self.snap) if self.said is None else None
            title, symbolic, numeric = (said.title, said.symbolic, said.numeric) if said else self.said
            phase = {"forward": "forward pass", "backward": "backward pass", "update": "update"}[last.phase]
            where = f"Iteration {self.iteration + 1} · operation {progress.done} of {total} · {phase}"
        self.stepbox.show(where, title, symbolic, numeric)

    def _render_buttons(self, progress: Progress) -> None:
        nxt = progress.next
        disabled = {"forward": nxt is None or nxt.phase != FORWARD, "backward": nxt is None or nxt.phase != BACKWARD,
                    "back": progress.done == 0 and not self.history}
        changed = [k for k, v in disabled.items() if self._disabled.get(k) != v]
        if not changed:
            return
        focused = next((k for k, b in self.btn.items() if b.matches(":focus")), None)
        for k in changed:  # only a change reaches the page
            self.btn[k].disabled = self._disabled[k] = disabled[k]
        if disabled.get(focused):
            # keep a keyboard user moving: from a finished pass to the next one
            follow = {"forward": "backward", "backward": "update", "back": "forward"}[focused]
            self.btn[follow if not self.btn[follow].disabled else "update"].focus()

    def _render_readout(self, progress: Progress) -> None:
        snap = self.snap
        if self._hover.startswith("node-"):
            l, j = (int(v) for v in self._hover.split("-")[1:])
            text = describe_node(snap, progress, l, j)
        else:
            i = self._ids.get(self._hover, self.picked)
            text = describe_param(snap, progress, snap.params[i])
        self.out.text(self.readout, text)
