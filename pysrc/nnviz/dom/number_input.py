"""One validated number input for the whole app, in three variants.

    x1 = NumberInput(scope, "neuron-x1", NumberSpec("Input x1", -100, 100, -3, 3),
                     lambda v, commit: chapter.set_state(commit, x1=v))
    panel.append(x1.element)
    x1.show(state.x1)          # in render(): show a value that came from the state

- ``variant="slider"``: a range slider (``slider_lo``…``slider_hi``) plus a text field for the
  exact value (any value in ``lo``…``hi``); the <label> names the slider, the field is
  "<label>, exact value".
- ``variant="field"``: the text field alone, named by the <label>.
- ``variant="counter"``: the field between − and + buttons (each moves by ``step``).

The rules are :mod:`nnviz.kit.numbers`: text that is not a finite number is refused with a
visible message and ``aria-invalid="true"`` (the last good value stays); a value outside
``lo``…``hi`` is clamped with a visible reason ("100 is the largest value; 250 was set to 100.").
``on_change(value, commit)``: ``commit`` is False while the slider is dragged or the field is
being typed in (valid, in-range text applies at once), True on the slider's ``change``, the
field's ``change`` (blur) or Enter, and on the buttons. Listeners belong to the ``scope``;
nothing else needs releasing, so the component holds no ``destroy``.

Variants a chapter may need (all optional, the accessible names stay the chapter's):
``field_name`` names the exact-value field ("Weight value"); ``shown_label`` is a shorter
visible label while the input keeps ``spec.label`` as its name ("lr" for "SGD learning rate");
``button_names`` names the counter's buttons (("Remove a feature", "Add a feature"));
``help=None`` leaves out the help line; ``text`` writes a value into the field (``f"{v:.6g}"``);
``live=False`` applies typed text only when it is committed (for a change that restarts a run).
"""

from __future__ import annotations

from collections.abc import Callable

from nnviz.dom.elements import h, set_attrs
from nnviz.kit import numbers
from nnviz.kit.numbers import NumberSpec

VARIANTS = ("slider", "field", "counter")


class NumberInput:
    """A labelled number control (see the module docstring); ``element`` is its container."""

    def __init__(self, scope, id: str, spec: NumberSpec, on_change: Callable[[float, bool], None],
                 *, variant: str = "slider", value: float | None = None, help: str | None = "",
                 field_name: str | None = None, shown_label: str | None = None,
                 button_names: tuple[str, str] | None = None, text: Callable[[float], str] | None = None,
                 live: bool = True):
        if variant not in VARIANTS:
            raise ValueError(f"variant must be one of {VARIANTS}, not {variant!r}")
        self.spec, self.on_change, self.variant = spec, on_change, variant
        self.text = text or (lambda v: numbers.plain(v, spec.digits))
        self.live = live
        self.value = spec.lo if value is None else float(value)
        self.slider = self.minus = self.plus = None
        lo, hi = spec.slider_range
        described = f"{id}-msg" if help is None else f"{id}-help {id}-msg"
        if variant == "slider":
            field_name = field_name or f"{spec.label}, exact value"
        elif shown_label is not None and field_name is None:
            field_name = spec.label  # the visible label is shorter than the name
        self.field = h("input", {"type": "text", "id": f"{id}-num" if variant == "slider" else id,
                                 "class_": "num-field", "inputmode": "decimal",
                                 "autocomplete": "off", "spellcheck": "false", "aria_describedby": described,
                                 "aria_label": field_name})
        self.msg = h("p", {"id": f"{id}-msg", "class_": "field-msg num-msg", "aria_live": "polite"})
        self._said = ("", False)  # what msg says now, and whether the field is marked invalid
        help_text = help or f"Type any value from {numbers.fmt(spec.lo, spec.digits)} to {numbers.fmt(spec.hi, spec.digits)}."
        self.help = None if help is None else h("span", {"id": f"{id}-help", "class_": "num-help"}, help_text)
        label = h("label", {"for": id, "class_": "num-label"}, spec.label if shown_label is None else shown_label)
        row = h("div", {"class_": "num-row"})
        if variant == "slider":
            self.slider = h("input", {"type": "range", "id": id, "class_": "num-range", "min": lo, "max": hi,
                                      "step": spec.step, "aria_describedby": described})
            row.append(self.slider, self.field)
            scope.on(self.slider, "input", lambda _e: self._from_slider(False))
            scope.on(self.slider, "change", lambda _e: self._from_slider(True))
        elif variant == "counter":
            less, more = button_names or (f"Decrease {spec.label}", f"Increase {spec.label}")
            self.minus = h("button", {"type": "button", "class_": "btn btn-icon", "aria_label": less}, "−")
            self.plus = h("button", {"type": "button", "class_": "btn btn-icon", "aria_label": more}, "+")
            row.append(self.minus, self.field, self.plus)
            scope.on(self.minus, "click", lambda _e: self._step(-1))
            scope.on(self.plus, "click", lambda _e: self._step(1))
        else:
            row.append(self.field)
        parts = (label, row, self.msg) if self.help is None else (label, row, self.help, self.msg)
        self.element = h("div", {"class_": f"num-input num-is-{variant}"}, *parts)
        scope.on(self.field, "input", lambda _e: self._from_field(False))
        scope.on(self.field, "change", lambda _e: self._from_field(True))
        scope.on(self.field, "keydown", self._on_key)
        self._outside: bool | None = None  # whether the element has the class num-outside
        self._put(self.value)

    # -- showing a value from the state -----------------------------------------------------
    def show(self, value: float) -> None:
        """Show ``value`` (from the state). A new value replaces refused text and its message."""
        value = float(value)
        if value == self.value:
            return
        self.value = value
        self._message("", refused=False)
        self._put(value)

    @property
    def invalid(self) -> bool:
        """True while refused text is in the field."""
        return self.field.getAttribute("aria-invalid") == "true"

    def _put(self, value: float, field: bool = True, slider: bool = True) -> None:
        """Show ``value`` in the field and on the slider (``slider=False``: the value came from
        the slider, which already shows it: a drag event writes the field alone)."""
        if self.slider is not None:
            if slider:
                self.slider.value = str(value)  # the browser pins it at an end when value is outside
            outside = not self.spec.slider_range[0] <= value <= self.spec.slider_range[1]
            if outside != self._outside:
                self._outside = outside
                self.element.classList.toggle("num-outside", outside)
        if field:
            self.field.value = self.text(value)
        if self.minus is not None:
            self.minus.disabled = value <= self.spec.lo
            self.plus.disabled = value >= self.spec.hi

    # -- events --------------------------------------------------------------------------------
    def _from_slider(self, commit: bool) -> None:
        self._message("", refused=False)
        self._apply(float(self.slider.value), commit, slider=False)

    def _from_field(self, commit: bool) -> None:
        checked = numbers.check(str(self.field.value), self.spec, self.value)
        if not commit:
            # while typing: apply what is already good, keep quiet about the rest until Enter/blur
            if not checked.refused and not checked.message:
                self._message("", refused=False)
                if self.live:
                    self._apply(checked.value, False, field=False)
            return
        if str(self.field.value).strip() == self.text(self.value):
            self.on_change(self.value, True)  # Enter then blur: already applied, keep its message
            return
        if checked.refused:
            self._message(checked.message, refused=True)
            self.on_change(self.value, True)  # the state keeps the last good value; the link says so
            return
        self._message(checked.message, refused=False)
        self._apply(checked.value, True)

    def _on_key(self, event) -> None:
        if str(event.key) == "Enter":
            event.preventDefault()
            self._from_field(True)

    def _step(self, direction: int) -> None:
        value, _ = numbers.clamp(self.value + direction * self.spec.step, self.spec)
        self._message("", refused=False)
        self._apply(round(value, 12), True)

    def _apply(self, value: float, commit: bool, field: bool = True, slider: bool = True) -> None:
        if self.spec.integer:
            value = round(value)  # an integer spec hands out ints (8, not 8.0)
        self.value = value
        self._put(value, field, slider)
        self.on_change(value, commit)

    def _message(self, text: str, refused: bool) -> None:
        if (text, refused) == self._said:
            return  # nothing new to say: no DOM write (show() runs in every render)
        self._said = (text, refused)
        self.msg.textContent = text
        self.msg.classList.toggle("num-note", bool(text) and not refused)
        set_attrs(self.field, aria_invalid="true" if refused else None)
