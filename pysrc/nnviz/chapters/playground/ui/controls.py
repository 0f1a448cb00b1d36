"""The playground's controls: run bar, training settings, data panel (plain labelled elements).

    c = Controls(chapter)
    c.run_bar, c.settings, c.data_panel      # elements to place
    c.show(state)                            # bring every control to the state

Handlers only call ``chapter.set_state`` (or the chapter's run methods).
"""

from __future__ import annotations

from nnviz.chapters.playground import state as ps
from nnviz.dom.elements import h
from nnviz.engine.datasets import DATASETS

LRS = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
OPT_LABELS = {"sgd": "SGD", "momentum": "Momentum", "adam": "Adam"}
INIT_LABELS = {"uniform": "Uniform (TFP's)", "xavier": "Xavier", "he": "He", "zeros": "Zeros (symmetry)"}
LOSS_LABELS = {"xent": "Cross-entropy (sigmoid)", "sse": "Squared error (tanh, TFP's)"}
REG_LABELS = {"none": "None", "l1": "L1", "l2": "L2"}


def _select(sid: str, options, on_change, scope):
    el = h("select", {"id": sid, "class_": "pg-select"}, *[h("option", {"value": v}, t) for v, t in options])
    scope.on(el, "change", lambda _e: on_change(str(el.value)))
    return el


def _field(sid: str, label: str, control, extra=None):
    return h("div", {"class_": "pg-field"}, h("label", {"for": sid, "class_": "pg-label"}, label), control, extra)


def _set_select(el, value: str, label: str) -> None:
    """Show ``value``; a value the menu does not offer (from a link) gets its own option."""
    opts = [str(o.value) for o in el.options]
    if value not in opts:
        el.append(h("option", {"value": value}, label))
    if str(el.value) != value:
        el.value = value


class Controls:
    def __init__(self, ch):
        self.ch = ch
        sc = ch.scope
        self.play = h("button", {"type": "button", "class_": "btn btn-primary pg-play", "id": "playground-play"}, "Play")
        self.step = h("button", {"type": "button", "class_": "btn"}, "Step")
        self.reset = h("button", {"type": "button", "class_": "btn"}, "Reset")
        self.new_w = h("button", {"type": "button", "class_": "btn"}, "New weights")
        self.epoch = h("output", {"class_": "pg-epoch", "id": "playground-epoch", "aria_live": "off"}, "0")
        sc.on(self.play, "click", lambda _e: ch.toggle_play())
        sc.on(self.step, "click", lambda _e: ch.step())
        sc.on(self.reset, "click", lambda _e: ch.reset())
        sc.on(self.new_w, "click", lambda _e: ch.new_weights())
        self.run_bar = h("div", {"class_": "pg-runbar", "data_group": "run"},
                         self.play, self.step, self.reset, self.new_w,
                         h("span", {"class_": "pg-epoch-box"}, h("label", {"for": "playground-epoch"}, "Epoch "),
                           self.epoch))

        self.lr = _select("playground-lr", [(f"{v:g}", f"{v:g}") for v in LRS],
                          lambda v: ch.set_state(lr=float(v)), sc)
        self.act = _select("playground-act", [(a, ps.ACT_LABELS[a]) for a in ps.ACTS],
                           lambda v: ch.set_state(act=(v,)), sc)
        self.reg = _select("playground-reg", list(REG_LABELS.items()), lambda v: ch.set_state(reg=v), sc)
        self.rate = _select("playground-rate", [(f"{v:g}", f"{v:g}") for v in RATES],
                            lambda v: ch.set_state(rate=float(v)), sc)
        self.problem = _select("playground-problem", [(p, p.capitalize()) for p in ps.PROBLEMS],
                               ch.choose_problem, sc)
        self.opt = _select("playground-opt", list(OPT_LABELS.items()), lambda v: ch.set_state(opt=v), sc)
        self.init = _select("playground-init", list(INIT_LABELS.items()), lambda v: ch.set_state(init=v), sc)
        self.loss = _select("playground-loss", list(LOSS_LABELS.items()), lambda v: ch.set_state(loss=v), sc)
        self.stop = h("input", {"type": "number", "id": "playground-stop", "class_": "pg-num", "min": 0, "step": 10,
                                "inputmode": "numeric"})
        self.target = h("input", {"type": "number", "id": "playground-target", "class_": "pg-num", "min": 0,
                                  "step": 0.01, "inputmode": "decimal"})
        sc.on(self.stop, "change", lambda _e: ch.set_state(stop=_int(self.stop.value, 0, 10_000_000)))
        sc.on(self.target, "change", lambda _e: ch.set_state(target=_float(self.target.value, 0, 100)))
        self.loss_field = _field("playground-loss", "Loss (two classes)", self.loss)
        self.settings = h(
            "div", {"class_": "pg-settings", "data_group": "training"},
            _field("playground-lr", "Learning rate", self.lr),
            _field("playground-act", "Activation", self.act),
            _field("playground-reg", "Regularisation", self.reg),
            _field("playground-rate", "Regularisation rate", self.rate),
            _field("playground-problem", "Problem type", self.problem),
            _field("playground-opt", "Optimiser", self.opt),
            _field("playground-init", "Initialisation", self.init),
            self.loss_field,
            _field("playground-stop", "Stop at epoch (0: never)", self.stop),
            _field("playground-target", "Stop at test loss (0: never)", self.target),
        )

        self.data = _select("playground-data", [(n, d.label) for n, d in DATASETS.items()] + [(ps.OWN, "Your own points")],
                            ch.choose_data, sc)
        self.noise = h("input", {"type": "range", "id": "playground-noise", "min": 0, "max": 50, "step": 5})
        self.noise_out = h("output", {"for": "playground-noise", "class_": "pg-val"})
        self.ratio = h("input", {"type": "range", "id": "playground-train", "min": 10, "max": 90, "step": 10})
        self.ratio_out = h("output", {"for": "playground-train", "class_": "pg-val"})
        self.batch = h("input", {"type": "range", "id": "playground-batch", "min": 1, "max": 30, "step": 1})
        self.batch_out = h("output", {"for": "playground-batch", "class_": "pg-val"})
        for el, key in ((self.noise, "noise"), (self.ratio, "train"), (self.batch, "batch")):
            sc.on(el, "input", lambda _e, el=el, key=key: ch.set_state(commit=False, **{key: int(float(el.value))}))
            sc.on(el, "change", lambda _e, el=el, key=key: ch.set_state(**{key: int(float(el.value))}))
        self.regen = h("button", {"type": "button", "class_": "btn"}, "Regenerate")
        sc.on(self.regen, "click", lambda _e: ch.regenerate())
        self.test = h("input", {"type": "checkbox", "id": "playground-test"})
        self.discrete = h("input", {"type": "checkbox", "id": "playground-discrete"})
        sc.on(self.test, "change", lambda _e: ch.set_state(test=1 if self.test.checked else 0))
        sc.on(self.discrete, "change", lambda _e: ch.set_state(discrete=1 if self.discrete.checked else 0))
        self.data_panel = h(
            "div", {"class_": "pg-data", "data_group": "data"},
            _field("playground-data", "Data set", self.data),
            _field("playground-noise", "Noise", self.noise, self.noise_out),
            _field("playground-train", "Ratio of training to test data", self.ratio, self.ratio_out),
            _field("playground-batch", "Batch size", self.batch, self.batch_out),
            h("div", {"class_": "btn-row"}, self.regen),
        )
        self.view_opts = h("div", {"class_": "pg-checks", "data_group": "view"},
                           h("label", {"class_": "pg-check"}, self.test, " Show test data"),
                           h("label", {"class_": "pg-check"}, self.discrete, " Discretize output"))

    def show(self, st: ps.State, dirty) -> None:
        if dirty.any("lr"):
            _set_select(self.lr, f"{st.lr:g}", f"{st.lr:g}")
        if dirty.any("act"):
            acts = set(st.act)
            _set_select(self.act, st.act[0] if len(acts) == 1 else "mixed", "(per layer)")
        if dirty.any("reg"):
            self.reg.value = st.reg
        if dirty.any("rate"):
            _set_select(self.rate, f"{st.rate:g}", f"{st.rate:g}")
        if dirty.any("problem", "data"):
            self.problem.value = ps.kind_of(st)
        if dirty.any("opt"):
            self.opt.value = st.opt
        if dirty.any("init"):
            self.init.value = st.init
        if dirty.any("loss"):
            self.loss.value = st.loss
        if dirty.any("stop"):
            self.stop.value = str(st.stop)
        if dirty.any("target"):
            self.target.value = f"{st.target:g}"
        if dirty.any("data"):
            self.data.value = st.data
        if not dirty.any("noise", "train", "batch", "test", "discrete"):
            return
        for el, out, v, fmt in ((self.noise, self.noise_out, st.noise, "{}"), (self.ratio, self.ratio_out, st.train, "{}%"),
                                (self.batch, self.batch_out, st.batch, "{}")):
            if str(el.value) != str(v):
                el.value = str(v)
            out.textContent = fmt.format(v)
        self.test.checked = bool(st.test)
        self.discrete.checked = bool(st.discrete)


def _int(raw, lo, hi) -> int:
    try:
        return min(max(int(float(raw)), lo), hi)
    except (TypeError, ValueError):
        return lo


def _float(raw, lo, hi) -> float:
    try:
        v = float(raw)
    except (TypeError, ValueError):
        return lo
    return min(max(v, lo), hi) if v == v else lo
