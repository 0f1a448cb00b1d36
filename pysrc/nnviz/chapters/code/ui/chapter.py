"""The "Code lab" widget: the visitor's numpy code trains the network on screen.

Data flows one way (nnviz.chapters.base). The settings above the editor (data set, points,
noise, hidden layers, seed) are state; :meth:`Chapter.sync` makes a new run from them with the
code that runs. The code is state too, but only Run changes what runs: code from a link is
shown, never run, until the visitor presses Run. Training runs in :meth:`Chapter.tick` in
per-frame chunks (kit.budget.FrameBudget), each under the time limit (sandbox).
"""

from __future__ import annotations

import asyncio
import time

import numpy as np

from nnviz.chapters.base import ChapterBase, Dirty, LoadError
from nnviz.chapters.code import diff, export, gradcheck, program
from nnviz.chapters.code import state as cs
from nnviz.chapters.code.lab import SCALE, Diverged, Lab, make_data
from nnviz.chapters.code.sandbox import CodeError, compile_program
from nnviz.dom.alert import Alert
from nnviz.dom.chart import LineChart
from nnviz.dom.editor import CodeEditor, load_editor
from nnviz.dom.elements import clear, h, s
from nnviz.dom.fetch import FetchError
from nnviz.dom.files import download, read_file
from nnviz.dom.heatmap import Heatmap
from nnviz.engine.datasets import DATASETS
from nnviz.kit.budget import FrameBudget
from nnviz.kit.colormap import ColorScale

GRID = 40  # the decision map's cells per side
RUNS = (("now", "This run"), ("before1", "Run before"), ("before2", "Two runs before"))
BUDGET = (0.008, 0.002, 0.018)  # seconds of training per frame: start, least, most
TARGET_FPS = 33  # the map must stay at >= 30 fps (issue 17); the rest of a frame trains


def _grid() -> np.ndarray:
    """Cell centres (GRID², 2), top row first (y = +6 at the top), already divided by SCALE."""
    c = (np.arange(GRID) + 0.5) / GRID * 2 - 1
    xs, ys = np.meshgrid(c, -c)
    return np.column_stack([xs.ravel(), ys.ravel()])


class Chapter(ChapterBase):
    """Edit the training code of a small network and watch it train with yours."""

    State = cs.State
    FIELDS = cs.FIELDS

    async def load(self) -> None:
        try:
            await load_editor()
        except (FetchError, KeyError, ValueError) as exc:
            raise LoadError(str(exc)) from None

    # ----- building ----------------------------------------------------------------------------

    def build(self) -> None:
        self.lab: Lab | None = None
        self.fallback: Lab | None = None  # the run of the code before the current one
        self.running_code = program.DEFAULT_CODE  # the code that trains (Run changes it)
        self.playing = False
        self.queued = 0
        self.status = ("", "")  # (kind, text): kind "" | "ok" | "error" | "notice"
        self.problem = ""
        self.checks: list | None = None
        self.check_note = ""
        self.show_diff = False
        self.budget = FrameBudget(*BUDGET, target_fps=TARGET_FPS)
        self._grid = _grid()
        self._points_key = None
        self._texts: dict[str, str] = {}
        self._plotted = 0
        self._frames = 0

        self.data_in = h("select", {"id": "code-data"}, *[h("option", {"value": d}, DATASETS[d].label) for d in cs.DATASETS])
        self.points_in = _number("code-points", cs.MIN_POINTS, cs.MAX_POINTS, 10)
        self.noise_in = _number("code-noise", 0, 50, 5)
        self.hidden_in = h("input", {"id": "code-hidden", "type": "text", "inputmode": "numeric", "size": 8,
                                     "spellcheck": "false", "aria_describedby": "code-hidden-help"})
        self.seed_in = _number("code-seed", 0, 9999, 1)
        settings = h("fieldset", {"class_": "cl-settings", "data_group": "data"},
                     h("legend", {}, "Data and network"),
                     _field("code-data", "Data set", self.data_in),
                     _field("code-points", "Points", self.points_in),
                     _field("code-noise", "Noise (%)", self.noise_in),
                     _field("code-hidden", "Hidden layers", self.hidden_in),
                     _field("code-seed", "Seed", self.seed_in),
                     h("p", {"id": "code-hidden-help", "class_": "help"},
                       "Hidden layers: neurons per layer, e.g. 8,8 (1 to 4 layers of 1 to 16). "
                       "The code gets sizes = [2, …, 1] and points divided by 6."))

        self.play_btn = _button("Play", primary=True)
        self.pause_btn = _button("Pause")
        self.step_btn = _button("Step")
        self.reset_btn = _button("Reset")
        self.iter_out = h("output", {"id": "code-iterations", "class_": "cl-readout"})
        self.loss_out = h("output", {"id": "code-loss", "class_": "cl-readout"})
        self.acc_out = h("output", {"id": "code-accuracy", "class_": "cl-readout"})
        run_row = h("div", {"class_": "cl-run", "data_group": "run"},
                    h("div", {"class_": "btn-row"}, self.play_btn, self.pause_btn, self.step_btn, self.reset_btn),
                    h("dl", {"class_": "cl-readouts"},
                      _readout("Iterations", self.iter_out), _readout("Loss", self.loss_out),
                      _readout("Training accuracy", self.acc_out)))

        self.preset_in = {}
        for group, _label in program.GROUPS:
            self.preset_in[group] = h("select", {"id": f"code-preset-{group}"},
                                      *[h("option", {"value": p.key}, p.label) for p in program.PRESET_LIST if p.group == group])
        self.preset_btn = _button("Use these presets")
        self.run_btn = _button("Run", primary=True, aria_keyshortcuts="Control+Enter Meta+Enter")
        self.reset_code_btn = _button("Reset code")
        self.check_btn = _button("Check my gradients")
        self.diff_btn = _button("Show my changes", aria_expanded="false", aria_controls="code-diff")
        self.status_el = h("div", {"id": "code-status", "class_": "cl-status", "role": "status", "aria_live": "polite"})
        self.editor_box = h("div", {"class_": "cl-editor", "id": "code-editor"})
        self.diff_el = h("div", {"id": "code-diff", "class_": "cl-diff", "hidden": True})
        self.check_el = h("div", {"id": "code-check", "class_": "cl-check", "hidden": True})
        presets = h("div", {"class_": "cl-presets"},
                    *[_field(f"code-preset-{g}", label, self.preset_in[g]) for g, label in program.GROUPS],
                    self.preset_btn)
        code_tools = h("div", {"class_": "cl-code", "data_group": "code"},
                       presets,
                       h("div", {"class_": "btn-row cl-code-buttons"}, self.run_btn, self.reset_code_btn,
                         self.check_btn, self.diff_btn),
                       h("p", {"class_": "help", "id": "code-keys"},
                         "Ctrl+Enter (⌘+Enter on a Mac) runs the code. Tab leaves the editor; "
                         "Ctrl+] and Ctrl+[ indent and dedent."),
                       self.editor_box)

        self.script_btn = _button("Download as a Python script")
        self.json_btn = _button("Download weights (JSON)")
        self.file_in = h("input", {"id": "code-load", "type": "file", "accept": ".json,application/json", "class_": "cl-file"})
        files = h("div", {"class_": "cl-files btn-row", "data_group": "files"}, self.script_btn, self.json_btn,
                  self.file_in, h("label", {"for": "code-load", "class_": "btn"}, "Load weights (JSON)"))

        self.alert = Alert(self.scope, "code-diverged", "Training stopped. ", ("Reset the network", self._reset))
        self.map = Heatmap("Decision map: the network's probability of class 1 over the plane", element_id="code-map",
                           css_class="cl-map-canvas")
        self.points_svg = s("svg", {"class_": "cl-points", "viewBox": "-6 -6 12 12", "aria_hidden": "true"})
        picture = h("figure", {"class_": "cl-map"},
                    h("div", {"class_": "cl-map-box"}, self.map.element, self.points_svg),
                    h("figcaption", {}, "Decision map: red where the network says class 1, blue for class 0; "
                      "dots are the training points."))
        self.chart = LineChart("code-loss-chart", "Loss over iterations", "Iteration", "Loss",
                               [(k, f"cl-{k}") for k, _ in RUNS], scope=self.scope, width=560, height=240,
                               include_zero=True, empty_text="Press Play or Step to train")
        self.runs_note = h("p", {"class_": "legend-note", "id": "code-runs-note"},
                           "Lines: this run, and the two runs before it (for comparison).")

        self.root.append(h("div", {"class_": "codelab"},
                           h("div", {"class_": "cl-top"}, settings, run_row),
                           h("div", {"class_": "cl-main"},
                             h("div", {"class_": "cl-left"}, code_tools, self.status_el, self.diff_el, self.check_el,
                               files),
                             h("div", {"class_": "cl-right"}, self.alert.element, picture, self.chart.element,
                               self.runs_note))))
        self.editor = CodeEditor(self.scope, self.editor_box, self.state.code, self._on_edit, self._run_code,
                                 described_by="code-keys code-status")

        on = self.scope.on
        on(self.play_btn, "click", lambda _e: self._play())
        on(self.pause_btn, "click", lambda _e: self._pause())
        on(self.step_btn, "click", lambda _e: self._step())
        on(self.reset_btn, "click", lambda _e: self._reset())
        on(self.run_btn, "click", lambda _e: self._run_code())
        on(self.reset_code_btn, "click", lambda _e: self._reset_code())
        on(self.preset_btn, "click", lambda _e: self._use_presets())
        on(self.check_btn, "click", lambda _e: self._check())
        on(self.diff_btn, "click", lambda _e: self._toggle_diff())
        on(self.script_btn, "click", lambda _e: self._download_script())
        on(self.json_btn, "click", lambda _e: self._download_json())
        on(self.file_in, "change", lambda _e: self._spawn(self._load_weights()))
        on(self.data_in, "change", lambda _e: self.set_state(data=self.data_in.value))
        on(self.points_in, "change", lambda _e: self._int_setting("points", self.points_in, cs.MIN_POINTS, cs.MAX_POINTS))
        on(self.noise_in, "change", lambda _e: self._int_setting("noise", self.noise_in, 0, 50))
        on(self.seed_in, "change", lambda _e: self._int_setting("seed", self.seed_in, 0, 9999))
        on(self.hidden_in, "change", lambda _e: self._hidden_setting())

        if self.state.code != program.DEFAULT_CODE:
            self.status = ("notice", "This link brought its own code. It is in the editor but has NOT run: "
                           "read it first, then press Run to train with it. Until then the network trains "
                           "with the default code.")

    # ----- the model follows the state ---------------------------------------------------------

    def sync(self, changed: frozenset[str]) -> None:
        if not changed & {"data", "points", "noise", "hidden", "seed"} and self.lab is not None:
            return
        st = self.state
        self.data = make_data(st.data, st.points, st.noise, st.seed)
        try:
            lab = Lab(compile_program(self.running_code), self.data, (2, *st.hidden, 1), st.seed)
            lab.one_step()
            lab = Lab(lab.program, self.data, lab.sizes, st.seed)
        except CodeError as exc:
            self.running_code = program.DEFAULT_CODE
            lab = Lab(compile_program(program.DEFAULT_CODE), self.data, (2, *st.hidden, 1), st.seed)
            self._set_status("error", f"Your code does not work with these settings ({exc}). "
                             "The network trains with the default code.", exc.line)
        self._new_run(lab)
        self.invalidate("data", "model")

    def _new_run(self, lab: Lab) -> None:
        """Switch to ``lab``; the current curve becomes "Run before"."""
        if self.lab is not None and self.lab.losses:
            self.chart.set("before2", *self.chart.buffers["before1"].points())
            self.chart.set("before1", *self.chart.buffers["now"].points())
        self.chart.set("now", [], [])
        self._plotted = 0
        self._frames = 0
        self.fallback = None
        self.lab = lab
        self.problem = ""
        self.checks = None

    # ----- controls ----------------------------------------------------------------------------

    def _int_setting(self, name: str, el, lo: int, hi: int) -> None:
        try:
            value = int(float(el.value))
        except ValueError:
            el.value = str(getattr(self.state, name))
            return
        value = min(max(value, lo), hi)
        el.value = str(value)
        self.set_state(**{name: value})

    def _hidden_setting(self) -> None:
        try:
            hidden, _ = cs.FIELDS[3].parse(self.hidden_in.value)
        except ValueError as exc:
            self._set_status("error", f"Hidden layers: {exc}")
            self.hidden_in.value = ",".join(map(str, self.state.hidden))
            return
        self.set_state(hidden=hidden)

    def _play(self) -> None:
        self.playing = True
        self._go()

    def _pause(self) -> None:
        self.playing = False
        self.queued = 0
        self.halt()

    def _step(self) -> None:
        self.queued += 1
        self._go()

    def _go(self) -> None:
        if self.problem:
            self.problem = ""
            self.invalidate("problem")
        if not self.running:
            self.budget.restart()
        self.start()
        self.invalidate("buttons")

    def _reset(self) -> None:
        """The same code from new-initialised parameters (same seed): a fresh run."""
        self.playing = False
        self.queued = 0
        self._new_run(Lab(self.lab.program, self.data, self.lab.sizes, self.state.seed))
        self.halt()
        self.invalidate("model")

    def _on_edit(self) -> None:
        if self.show_diff:
            self.invalidate("diff")

    def _run_code(self) -> None:
        """Apply the editor's code: compile, one trial step, then train with it from the start."""
        started = time.perf_counter()
        text = self.editor.value
        try:
            prog = compile_program(text)
            trial = Lab(prog, self.data, (2, *self.state.hidden, 1), self.state.seed)
            trial.one_step()
            lab = Lab(prog, self.data, trial.sizes, self.state.seed)
        except CodeError as exc:
            self._set_status("error", f"{exc}. Training goes on with the last code that worked.", exc.line)
            return
        self.editor.clear_mark()
        self.running_code = text
        before = self.lab
        self._new_run(lab)
        self.fallback = before
        took = (time.perf_counter() - started) * 1000
        note = "" if cs.code_fits(text) else (
            f" Your code is too long for a link ({len(cs.encode_code(text)):,} characters compressed; a link holds "
            f"{cs.MAX_CODE_LINK:,}), so the link carries the default code: download the script to share it.")
        self._set_status("ok", f"Your code runs (applied in {took:.0f} ms).{note}")
        self.set_state(code=text)
        self.invalidate("model")

    def _reset_code(self) -> None:
        self.editor.value = program.DEFAULT_CODE
        for group, _ in program.GROUPS:
            self.preset_in[group].value = next(p.key for p in program.PRESET_LIST if p.group == group)
        self._set_status("", "The default code is back in the editor; press Run to train with it.")
        self.invalidate("diff")

    def _use_presets(self) -> None:
        chosen = {g: str(self.preset_in[g].value) for g, _ in program.GROUPS}
        self.editor.value = program.compose(**chosen)
        labels = ", ".join(program.PRESETS[k].label for k in chosen.values())
        self._set_status("", f"The editor holds the default code with: {labels}. Press Run to train with it "
                         "(Undo in the editor brings your previous text back).")
        self.invalidate("diff")

    def _check(self) -> None:
        """Compare the editor's backward with finite differences of its loss, at the current parameters."""
        try:
            prog = compile_program(self.editor.value)
            lab = Lab(prog, self.data, self.lab.sizes, self.state.seed)
            if {k: v.shape for k, v in lab.params.items()} == {k: v.shape for k, v in self.lab.params.items()}:
                lab.params = {k: v.copy() for k, v in self.lab.params.items()}
            self.checks = gradcheck.check_gradients(lab)
        except CodeError as exc:
            self.checks = None
            self._set_status("error", f"The gradient check could not run: {exc}", exc.line)
            return
        bad = [r.key for r in self.checks if not r.ok]
        self.check_note = (f"backward disagrees with the finite differences for {', '.join(bad)}: look there."
                           if bad else "backward agrees with the finite differences for every parameter.")
        self.invalidate("check")

    def _toggle_diff(self) -> None:
        self.show_diff = not self.show_diff
        self.invalidate("diff")

    def _download_script(self) -> None:
        st = self.state
        note = f"{DATASETS[st.data].label}, {st.points} points, noise {st.noise} %, seed {st.seed}, {self.lab.step} iterations"
        download("code_lab.py", export.python_script(self.lab, note), "text/x-python")

    def _download_json(self) -> None:
        st = self.state
        try:
            text = export.weights_json(self.lab, {"dataset": st.data, "points": st.points, "noise": st.noise,
                                                  "seed": st.seed, "iterations": self.lab.step})
        except export.ExportError as exc:
            self._set_status("error", f"No weights file: {exc}")
            return
        download("code_lab_weights.json", text, "application/json")

    async def _load_weights(self) -> None:
        text = await read_file(self.file_in)
        self.file_in.value = ""
        if text is None:
            return
        try:
            hidden, params = export.read_weights(text, cs.MAX_NEURONS, cs.MAX_HIDDEN_LAYERS)
        except ValueError as exc:
            self._set_status("error", f"The file was not loaded, nothing changed: {exc}")
            return
        if hidden != self.state.hidden:
            self.set_state(hidden=hidden)
        if {k: v.shape for k, v in params.items()} != {k: v.shape for k, v in self.lab.params.items()}:
            self._set_status("error", "The file was not loaded: your code's parameters have other names or shapes "
                             "than W0, b0, W1, b1, ….")
            return
        self.lab.params = params
        self.lab.memory = {}
        self._set_status("ok", f"Loaded the weights of a {' → '.join(map(str, (2, *hidden, 1)))} network; "
                         "training goes on from them.")
        self.invalidate("model")

    def _spawn(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        task.add_done_callback(lambda t: t.exception() and self._set_status("error", f"{t.exception()}"))

    def _set_status(self, kind: str, text: str, line: int = 0) -> None:
        self.status = (kind, text)
        if kind == "error" and line:
            self.editor.mark(line, text)
        self.invalidate("status")

    # ----- training, one chunk per frame -------------------------------------------------------

    def tick(self, now_ms: float) -> bool:
        if not (self.playing or self.queued):
            return False
        self.budget.frame(now_ms)
        try:
            done = self.lab.run(self.budget.seconds, 1_000_000 if self.playing else self.queued)
            self.queued = max(0, self.queued - done)
        except Diverged as exc:
            self.playing, self.queued = False, 0
            self.problem = str(exc)
            self.invalidate("problem", "buttons")
        except CodeError as exc:
            self._failed(exc)
        self.invalidate("model")
        return self.playing or self.queued > 0

    def _failed(self, exc: CodeError) -> None:
        """The running code failed mid-run: go back to the code that ran before, or stop."""
        back = self.fallback
        self._set_status("error", f"{exc}. " + ("Training goes on with the code that ran before." if back else
                                                 "Training stopped; fix the code and press Run."), exc.line)
        if back is not None:
            self.lab, self.fallback = back, None
        else:
            self.playing, self.queued = False, 0

    # ----- drawing -----------------------------------------------------------------------------

    def render(self, dirty: Dirty) -> None:
        st = self.state
        if dirty.any("data", "points", "noise", "hidden", "seed"):
            self.data_in.value = st.data
            self.points_in.value = str(st.points)
            self.noise_in.value = str(st.noise)
            self.seed_in.value = str(st.seed)
            self.hidden_in.value = ",".join(map(str, st.hidden))
        if dirty.any("data", "points", "noise", "seed"):
            self._draw_points()
        lab = self.lab
        if dirty.any("model", "tick", "data"):
            try:
                p = lab.predict(self._grid).reshape(GRID, GRID)
            except CodeError:
                p = np.full((GRID, GRID), 0.5)
            self.map.draw(np.clip(p, 0, 1) - 0.5, ColorScale.diverging(0.5))
            new = lab.losses[self._plotted:]
            if new:
                self.chart.extend("now", np.arange(self._plotted + 1, len(lab.losses) + 1), new)
                self._plotted = len(lab.losses)
            self.chart.render()
            self._text(self.iter_out, f"{lab.step:,}")
            self._text(self.loss_out, f"{lab.losses[-1]:.4f}" if lab.losses else "–")
            self._frames += 1
            if not self.running or self._frames % 8 == 0:  # a forward pass of its own: not every frame
                self._text(self.acc_out, f"{100 * np.mean((p_train(lab) > 0.5) == (lab.data.y == 1)):.0f} %"
                           if lab.losses else "–")
        if dirty.any("status"):
            kind, text = self.status
            self.status_el.textContent = text
            self.status_el.className = f"cl-status cl-status-{kind or 'plain'}"
            self.status_el.setAttribute("role", "alert" if kind == "error" else "status")
        if dirty.any("problem", "tick"):
            if self.problem:
                self.alert.show(self.problem)
            else:
                self.alert.hide()
        if dirty.any("diff"):
            self._draw_diff()
        if dirty.any("check"):
            self._draw_check()
        busy = self.playing or self.queued > 0
        self.play_btn.disabled = self.playing
        self.pause_btn.disabled = not busy

    def _draw_points(self) -> None:
        clear(self.points_svg)
        X, y = self.data.X * SCALE, self.data.y
        for (px, py), label in zip(X, y, strict=True):
            self.points_svg.append(s("circle", {"cx": f"{px:.3f}", "cy": f"{-py:.3f}", "r": "0.14",
                                                "class_": f"cl-pt cl-pt-{int(label)}"}))

    def _draw_diff(self) -> None:
        self.diff_el.hidden = not self.show_diff
        self.diff_btn.textContent = "Hide my changes" if self.show_diff else "Show my changes"
        self.diff_btn.setAttribute("aria-expanded", "true" if self.show_diff else "false")
        if not self.show_diff:
            return
        rows = diff.line_diff(program.DEFAULT_CODE, self.editor.value)
        clear(self.diff_el)
        self.diff_el.append(h("p", {"class_": "help"}, diff.summary(rows)))
        if rows:
            sign = {"same": " ", "del": "−", "add": "+", "skip": "…"}
            words = {"same": "", "del": "removed: ", "add": "added: ", "skip": ""}
            pre = h("pre", {"class_": "cl-diff-lines", "tabindex": "0", "aria_label": "Your changes against the default code"})
            for kind, old, new, text in rows:
                number = str(new or old or "")
                pre.append(h("span", {"class_": f"cl-d cl-d-{kind}"},
                             h("span", {"class_": "cl-d-n", "aria_hidden": "true"}, f"{number:>3} {sign[kind]} "),
                             h("span", {"class_": "visually-hidden"}, words[kind]), text + "\n"))
            self.diff_el.append(pre)

    def _draw_check(self) -> None:
        self.check_el.hidden = self.checks is None
        clear(self.check_el)
        if self.checks is None:
            return
        body = h("tbody", {})
        for r in self.checks:
            where = "[" + ", ".join(map(str, r.worst)) + "]"
            body.append(h("tr", {"class_": "cl-ok" if r.ok else "cl-bad", "id": f"code-check-{r.key}"},
                          h("th", {"scope": "row"}, r.key), h("td", {}, "×".join(map(str, r.shape))),
                          h("td", {}, f"{r.max_error:.1e}"),
                          h("td", {}, f"{where}: {r.backward:.6g} vs {r.numerical:.6g}"),
                          h("td", {}, "agrees" if r.ok else "DISAGREES")))
        self.check_el.append(
            h("p", {"class_": "cl-check-note", "role": "status"}, "Gradient check: " + self.check_note),
            h("div", {"class_": "cl-table-box", "tabindex": "0", "role": "region", "aria_label": "Gradient check table"},
              h("table", {"class_": "cl-table"},
                h("caption", {}, "backward against central differences (h = 1e-5) on 32 points"),
                h("thead", {}, h("tr", {}, *[h("th", {"scope": "col"}, t) for t in
                                            ("Parameter", "Shape", "Largest difference", "Worst entry: backward vs numerical", "Verdict")])),
                body)))

    def _text(self, el, text: str) -> None:
        if self._texts.get(el.id) != text:
            self._texts[el.id] = text
            el.textContent = text


def p_train(lab: Lab) -> np.ndarray:
    try:
        return lab.predict(lab.data.X)
    except CodeError:
        return np.zeros(len(lab.data.X))


def _button(label: str, primary: bool = False, **attrs):
    return h("button", {"type": "button", "class_": "btn btn-primary" if primary else "btn", **attrs}, label)


def _number(element_id: str, lo: int, hi: int, step: int):
    return h("input", {"id": element_id, "type": "number", "min": lo, "max": hi, "step": step, "inputmode": "numeric"})


def _field(element_id: str, label: str, control):
    return h("div", {"class_": "cl-field"}, h("label", {"for": element_id}, label), control)


def _readout(label: str, output):
    return h("div", {}, h("dt", {}, label), h("dd", {}, output))
