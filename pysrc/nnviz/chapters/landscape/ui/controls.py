"""The race's controls: surface and mode, run buttons, the six optimisers, the schedule.

    c = Controls(chapter)        # builds the panels; c.element is the controls column
    c.show(state, surface)       # bring every control to the state (values, help texts)

Every number box reads what is typed through the chapter's URL field (so typing and links
clamp the same way) and says beside it when a value was clamped. Handlers only call
``chapter.set_state``; the chapter's ``sync`` and ``render`` do the rest.
"""

from __future__ import annotations

from nnviz.chapters.landscape import schedules
from nnviz.chapters.landscape.optimisers import KEYS, RULES
from nnviz.chapters.landscape.race import effective_lr
from nnviz.chapters.landscape.state import SPECS, setting_name
from nnviz.chapters.landscape.surfaces import NAMES, get
from nnviz.chapters.landscape.text import num
from nnviz.chapters.landscape.ui.mapview import SHAPES
from nnviz.dom.elements import h, s
from nnviz.dom.number_input import NumberInput


def number_box(chapter, name: str, help_text: str, short: str = "", text=None) -> NumberInput:
    """The kit's number field for state field ``name`` (id ``landscape-<name>``, named by its spec).

    Typed text applies when committed (Enter or leaving the field): a new setting restarts the run.
    ``short`` is the visible label when the name is long ("lr" for "SGD learning rate").
    """
    spec = SPECS[name]
    rate_of = name[:-3] if name.endswith("_lr") and name[:-3] in KEYS else None  # an optimiser's rate (may be auto)

    def committed(value: float, commit: bool) -> None:
        if not commit:
            return
        state = chapter.state
        current = effective_lr(state, get(state.surface), rate_of) if rate_of else getattr(state, name)
        if value == current:  # Enter, then the change event (or refused text): nothing new
            return
        if rate_of:
            chapter.remember_lr(name)
        chapter.set_state(**{name: value})

    return NumberInput(chapter.scope, f"landscape-{name.replace('_', '-')}", spec, committed, variant="field",
                       help=help_text.strip() or None, shown_label=short or None, live=False,
                       text=text or (lambda v: f"{v:.6g}"))

SURFACE_LABELS = {"bowl": "Long bowl (x² + 10y²)", "rosenbrock": "Rosenbrock's valley", "saddle": "Saddle (x² − y²)",
                  "himmelblau": "Himmelblau (four minima)", "house": "House prices (MSE over w, b)",
                  "logistic": "Logistic regression (cross-entropy)", "net": "A real network (2-D slice)"}


def swatch(slot: int) -> object:
    """A small picture of slot ``slot``'s line and marker, for legends and labels."""
    return s("svg", {"class_": "ls-swatch", "width": "26", "height": "14", "viewBox": "-13 -7 26 14", "aria_hidden": "true"},
             s("line", {"class_": f"ls-path slot-{slot}", "x1": "-12", "y1": "0", "x2": "12", "y2": "0"}),
             s("path", {"class_": f"ls-mark slot-{slot}", "d": SHAPES[slot], "transform": "scale(0.8)"}))


class Controls:
    """The controls column of the race (see the module docstring)."""

    def __init__(self, chapter):
        self.chapter = chapter
        sc = chapter.scope
        self.inputs: dict[str, NumberInput] = {}
        self.lr_help: dict[str, object] = {}

        # ----- surface and mode
        self.surface = h("select", {"id": "landscape-surface", "class_": "ls-select"})
        for name in NAMES:
            self.surface.append(h("option", {"value": name}, SURFACE_LABELS[name]))
        # a menu rather than radio buttons: each choice is then one Tab stop away, like every control
        self.mode = h("select", {"id": "landscape-mode", "class_": "ls-select"},
                      h("option", {"value": "race"}, "Race the optimisers"),
                      h("option", {"value": "rates"}, "Learning-rate preset (SGD × 4)"))
        surface_panel = h(
            "section", {"class_": "panel ls-panel", "data_group": "surface", "aria_label": "Surface and mode"},
            h("label", {"for": "landscape-surface", "class_": "field-label"}, "Surface"), self.surface,
            h("label", {"for": "landscape-mode", "class_": "field-label ls-mode-label"}, "What runs"), self.mode,
        )
        sc.on(self.surface, "change", lambda _e: chapter.choose_surface(str(self.surface.value)))
        sc.on(self.mode, "change", lambda _e: chapter.set_state(mode=str(self.mode.value)))

        # ----- run
        self.step_btn = h("button", {"type": "button", "class_": "btn"}, "Step")
        self.play_btn = h("button", {"type": "button", "class_": "btn btn-primary"}, "Play")
        self.pause_btn = h("button", {"type": "button", "class_": "btn"}, "Pause")
        self.reset_btn = h("button", {"type": "button", "class_": "btn"}, "Reset")
        self.status = h("p", {"class_": "ls-status", "id": "landscape-status", "aria_live": "polite"})
        run_panel = h(
            "section", {"class_": "panel ls-panel", "data_group": "run", "aria_label": "Step, play, pause, reset"},
            h("div", {"class_": "btn-row ls-run"}, self.step_btn, self.play_btn, self.pause_btn, self.reset_btn),
            self._number("speed", "Steps per frame", "1–50: how fast Play runs."),
            self.status,
        )
        sc.on(self.step_btn, "click", lambda _e: chapter.step_once())
        sc.on(self.play_btn, "click", lambda _e: chapter.play())
        sc.on(self.pause_btn, "click", lambda _e: chapter.halt())
        sc.on(self.reset_btn, "click", lambda _e: chapter.reset_race())

        # ----- optimisers
        self.checks: dict[str, object] = {}
        opt_panel = h("section", {"class_": "panel ls-panel ls-opts", "data_group": "optimisers",
                                  "aria_label": "Optimisers and their settings"},
                      h("h3", {"class_": "ls-panel-title"}, "Optimisers"))
        self.rates_note = h("p", {"class_": "ls-help", "hidden": True},
                            "The preset runs SGD at four fixed rates; switch back to the race to use these settings.")
        opt_panel.append(self.rates_note)
        for slot, key in enumerate(KEYS):
            rule = RULES[key]
            box = h("input", {"type": "checkbox", "id": f"landscape-on-{key}", "value": key})
            self.checks[key] = box
            sc.on(box, "change", lambda _e: self._on_checks())
            rows = []
            for st in rule.settings:
                name = setting_name(key, st.key)
                help_text = "" if st.key != "lr" else "recommended"
                rows.append(self._number(name, f"{rule.name} {st.label}", help_text, short=st.label))
            opt_panel.append(h("fieldset", {"class_": "ls-opt", "id": f"landscape-opt-{key}"},
                               h("legend", {}, h("label", {"class_": "ls-check", "for": f"landscape-on-{key}"}, box,
                                                 swatch(slot), rule.name)),
                               h("p", {"class_": "ls-formula"}, rule.formula),
                               h("div", {"class_": "ls-settings"}, *rows)))

        # ----- schedule
        self.schedule = h("select", {"id": "landscape-schedule", "class_": "ls-select"})
        for kind in schedules.KINDS:
            self.schedule.append(h("option", {"value": kind}, schedules.LABELS[kind]))
        sc.on(self.schedule, "change", lambda _e: chapter.set_state(schedule=str(self.schedule.value)))
        self.schedule_formula = h("p", {"class_": "ls-formula", "id": "landscape-schedule-formula"})
        sched_panel = h("section", {"class_": "panel ls-panel", "data_group": "schedule", "aria_label": "Learning-rate schedule"},
                        h("label", {"for": "landscape-schedule", "class_": "field-label"}, "Learning-rate schedule"),
                        self.schedule, self.schedule_formula,
                        h("div", {"class_": "ls-settings"},
                          self._number("gamma", "Schedule factor γ", "", short="γ"),
                          self._number("period", "Schedule length k", "", short="k (steps)")))
        self.sched_panel = sched_panel
        self.element = h("div", {"class_": "ls-controls"}, surface_panel, run_panel, opt_panel, sched_panel)

    # ----- number boxes --------------------------------------------------------------------------

    def _number(self, name: str, label: str, help_text: str, short: str = ""):
        box = number_box(self.chapter, name, help_text, short, self._text)
        self.inputs[name] = box
        if name.endswith("_lr"):
            self.lr_help[name] = box.help
        return box.element

    def _on_checks(self) -> None:
        on = tuple(k for k in KEYS if self.checks[k].checked)
        self.chapter.set_state(opt=on)

    # ----- showing the state -----------------------------------------------------------------------

    @staticmethod
    def _text(value: float) -> str:
        return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else f"{value:.6g}"

    def _value(self, name: str, state) -> float:
        if name.endswith("_lr"):
            return effective_lr(state, get(state.surface), name[:-3])
        return getattr(state, name)

    def show(self, state, surface) -> None:
        """Bring every control to ``state`` (a box being edited keeps what is typed)."""
        self.surface.value = state.surface
        self.mode.value = state.mode
        self.rates_note.hidden = state.mode != "rates"
        for key in KEYS:
            self.checks[key].checked = key in state.opt
        focused = self.chapter.focused()
        for name, box in self.inputs.items():
            if box.field != focused:
                box.show(self._value(name, state))
        for name, small in self.lr_help.items():
            key = name[:-3]
            auto = getattr(state, name) is None
            small.textContent = (f"recommended here: {num(surface.rates[key])}" + (" (in use)" if auto else ""))
        self.schedule.value = state.schedule
        self.schedule_formula.textContent = schedules.FORMULAS[state.schedule]
        uses = {"constant": (), "step": ("gamma", "period"), "exponential": ("gamma", "period"),
                "cosine": ("period",), "warmup": ("period",)}[state.schedule]
        for name in ("gamma", "period"):
            self.inputs[name].element.hidden = name not in uses

    def show_running(self, running: bool, any_left: bool) -> None:
        self.play_btn.disabled = running
        self.pause_btn.disabled = not running
        self.step_btn.disabled = running or not any_left
