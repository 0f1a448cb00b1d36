"""The controls of "When training goes wrong": experiment picker, settings, remedies, run buttons.

Each group is a container with ``data-group`` (the registry's groups: experiment, run, network,
training, remedies, compare). Numbers go through :class:`nnviz.dom.number_input.NumberInput`
(kit.numbers: refused text and clamping explained in words); choices are <select>s.
Nothing here reaches the model: every control calls ``on_change(**fields)`` (the chapter's
``set_state``) or one of the run callbacks.
"""

from __future__ import annotations

from collections.abc import Callable

from nnviz.chapters.troubles import state as ts
from nnviz.chapters.troubles.text import EXPERIMENT_TEXT
from nnviz.dom.elements import h
from nnviz.dom.number_input import NumberInput

INIT_LABELS = {"zeros": "All zeros", "small": "Too small: N(0, 0.1²)", "large": "Too large: N(0, 1)",
               "xavier": "Xavier / Glorot", "he": "He"}
ACT_LABELS = {"sigmoid": "Sigmoid", "tanh": "tanh", "relu": "ReLU"}


def _select(sid: str, label: str, options: dict[str, str]):
    sel = h("select", {"id": sid, "class_": "tr-select"}, *[h("option", {"value": k}, v) for k, v in options.items()])
    return sel, h("div", {"class_": "tr-field"}, h("label", {"for": sid, "class_": "num-label"}, label), sel)


def _check(cid: str, label: str):
    box = h("input", {"type": "checkbox", "id": cid})
    return box, h("div", {"class_": "tr-check"}, box, h("label", {"for": cid}, label))


class Controls:
    """Every control; ``show(state)`` makes them show the state (called from render)."""

    def __init__(self, scope, on_change: Callable[..., None], actions: dict[str, Callable[[], None]]):
        self.on_change = on_change
        on = scope.on
        # experiment picker: toggle buttons, one per preset
        self.exp_buttons = {}
        picker = h("div", {"class_": "tr-experiments", "role": "group", "aria_label": "Experiment",
                           "data_group": "experiment"})
        for name in ts.EXPERIMENTS:
            btn = h("button", {"type": "button", "class_": "btn tr-exp", "aria_pressed": "false",
                               "data_experiment": name}, EXPERIMENT_TEXT[name].title)
            on(btn, "click", lambda _e, n=name: self._experiment(n))
            self.exp_buttons[name] = btn
            picker.append(btn)
        self.picker = picker

        # run buttons
        self.play = h("button", {"type": "button", "class_": "btn btn-primary"}, "Play")
        self.pause = h("button", {"type": "button", "class_": "btn"}, "Pause")
        self.step = h("button", {"type": "button", "class_": "btn"}, "Step")
        self.reset = h("button", {"type": "button", "class_": "btn"}, "Reset")
        for btn, key in ((self.play, "play"), (self.pause, "pause"), (self.step, "step"), (self.reset, "reset")):
            on(btn, "click", lambda _e, k=key: actions[k]())
        self.monitor_box, monitor_row = _check("troubles-monitor-on", "Live monitor (per-layer charts, histograms, tables)")
        on(self.monitor_box, "change", lambda _e: on_change(monitor="on" if self.monitor_box.checked else "off"))
        self.run_group = h("div", {"class_": "tr-run", "data_group": "run"},
                           h("div", {"class_": "btn-row"}, self.play, self.pause, self.step, self.reset), monitor_row)

        # network
        self.depth = NumberInput(scope, "troubles-depth", ts.SPECS["depth"], lambda v, c: on_change(c, depth=int(v)),
                                 variant="counter")
        self.width = NumberInput(scope, "troubles-width", ts.SPECS["width"], lambda v, c: on_change(c, width=int(v)),
                                 variant="counter")
        self.act, act_row = _select("troubles-act", "Activation", ACT_LABELS)
        self.init, init_row = _select("troubles-init", "Initialisation", INIT_LABELS)
        on(self.act, "change", lambda _e: on_change(act=str(self.act.value)))
        on(self.init, "change", lambda _e: on_change(init=str(self.init.value)))
        self.network_group = h("fieldset", {"class_": "panel tr-group", "data_group": "network"},
                               h("legend", {}, "Network"), self.depth.element, self.width.element, act_row, init_row,
                               h("p", {"class_": "help"}, "Changing these builds a new network (same seed)."))

        # training
        self.lr = NumberInput(scope, "troubles-lr", ts.SPECS["lr"], lambda v, c: on_change(c, lr=v))
        self.clip = NumberInput(scope, "troubles-clip", ts.SPECS["clip"], lambda v, c: on_change(c, clip=v),
                                help="0 switches clipping off; otherwise the gradient's norm is capped at this value.")
        self.epochs = NumberInput(scope, "troubles-epochs", ts.SPECS["epochs"], lambda v, c: on_change(c, epochs=int(v)),
                                  variant="field", help="Training stops by itself after this many epochs (1 to 2,000).")
        self.training_group = h("fieldset", {"class_": "panel tr-group", "data_group": "training"},
                                h("legend", {}, "Training"), self.lr.element, self.clip.element, self.epochs.element,
                                h("p", {"class_": "help"}, "These apply from the next step on."))

        # remedies
        self.l2 = NumberInput(scope, "troubles-l2", ts.SPECS["l2"], lambda v, c: on_change(c, l2=v))
        self.dropout = NumberInput(scope, "troubles-dropout", ts.SPECS["dropout"], lambda v, c: on_change(c, dropout=v))
        self.data = NumberInput(scope, "troubles-data", ts.SPECS["data"], lambda v, c: on_change(c, data=int(v)),
                                variant="field", help="20 to 4,000; a new run starts with them.")
        self.early_box, early_row = _check("troubles-early", "Early stopping (stop when the validation loss has not "
                                           "improved for 15 epochs)")
        on(self.early_box, "change", lambda _e: on_change(early="on" if self.early_box.checked else "off"))
        self.restore = h("button", {"type": "button", "class_": "btn btn-small"}, "Restore best weights")
        on(self.restore, "click", lambda _e: actions["restore"]())
        self.best_note = h("p", {"class_": "help", "id": "troubles-best", "aria_live": "polite"})
        self.remedies_group = h("fieldset", {"class_": "panel tr-group", "data_group": "remedies"},
                                h("legend", {}, "Remedies"), self.l2.element, self.dropout.element, self.data.element,
                                early_row, h("div", {"class_": "btn-row"}, self.restore), self.best_note)

        # compare
        self.keep = h("button", {"type": "button", "class_": "btn"}, "Keep this run")
        on(self.keep, "click", lambda _e: actions["keep"]())
        self.kept_list = h("ul", {"class_": "tr-kept", "id": "troubles-kept", "aria_label": "Kept runs"})
        self.keep_note = h("p", {"class_": "help", "aria_live": "polite"})
        self.compare_group = h("section", {"class_": "panel tr-group", "data_group": "compare",
                                           "aria_labelledby": "troubles-compare-title"},
                               h("h3", {"id": "troubles-compare-title"}, "Compare runs"),
                               h("div", {"class_": "btn-row"}, self.keep), self.keep_note, self.kept_list)

    def _experiment(self, name: str) -> None:
        self.on_change(**ts.preset_fields(name))

    def show(self, st, dirty) -> None:
        """Make every control show ``st`` (only what ``dirty`` names)."""
        if dirty.any("experiment"):
            for name, btn in self.exp_buttons.items():
                btn.setAttribute("aria-pressed", "true" if name == st.experiment else "false")
        for key, inp in (("depth", self.depth), ("width", self.width), ("lr", self.lr), ("clip", self.clip),
                         ("epochs", self.epochs), ("l2", self.l2), ("dropout", self.dropout), ("data", self.data)):
            if dirty.any(key):
                inp.show(getattr(st, key))
        if dirty.any("act"):
            self.act.value = st.act
        if dirty.any("init"):
            self.init.value = st.init
        if dirty.any("early"):
            self.early_box.checked = st.early == "on"
        if dirty.any("monitor"):
            self.monitor_box.checked = st.monitor == "on"
