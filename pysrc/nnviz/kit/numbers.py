"""The rules of a validated number input, pure: what typed text becomes, and what to tell the visitor.

One :class:`NumberSpec` describes a number control: its accessible name, the range a typed value
may take (``lo``…``hi``), the narrower range the slider covers, the step and the decimals shown::

    spec = NumberSpec("Input x1", lo=-100, hi=100, slider_lo=-3, slider_hi=3, step=0.01)
    check("250", spec, last=0.7)  -> Checked(value=100.0, message="100 is the largest value; 250 was set to 100.", refused=False)
    check("abc", spec, last=0.7)  -> Checked(value=None, message="“abc” is not a number; Input x1 stays 0.7.", refused=True)
    check("0.25", spec, last=0.7) -> Checked(value=0.25, message="", refused=False)

Rules: surrounding spaces are ignored and a decimal comma is refused (``"2,5"`` is ambiguous);
empty text, non-numbers, NaN and ±inf are refused (the last good value stays); a finite value
outside ``lo``…``hi`` is clamped to the nearest end, with a message that says which end and why;
an integer spec refuses fractions. :func:`url_field` turns a spec into the URL field of
:mod:`nnviz.urlstate`, so a link and a typed value obey the same range and the same words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from nnviz import urlstate


@dataclass(frozen=True)
class NumberSpec:
    """One number control. ``slider_lo``/``slider_hi`` default to ``lo``/``hi``."""

    label: str
    lo: float
    hi: float
    slider_lo: float | None = None
    slider_hi: float | None = None
    step: float = 0.01
    digits: int = 4
    integer: bool = False

    def __post_init__(self):
        if not (math.isfinite(self.lo) and math.isfinite(self.hi) and self.lo <= self.hi):
            raise ValueError(f"bad range {self.lo}…{self.hi} for {self.label!r}")

    @property
    def slider_range(self) -> tuple[float, float]:
        """``(lo, hi)`` of the slider, e.g. (−3, 3) while typing accepts ±100."""
        lo = self.lo if self.slider_lo is None else self.slider_lo
        hi = self.hi if self.slider_hi is None else self.slider_hi
        return max(lo, self.lo), min(hi, self.hi)


@dataclass(frozen=True)
class Checked:
    """What typed text gives: the value to apply (None when refused) and the message to show."""

    value: float | None
    message: str
    refused: bool


def fmt(value: float, digits: int = 4) -> str:
    """A number as a field shows it: at most ``digits`` decimals, no trailing zeros (0.7, −0.3, 100)."""
    if not math.isfinite(value):
        return str(value)
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text.replace("-", "−")


def plain(value: float, digits: int = 4) -> str:
    """:func:`fmt` with an ASCII minus, for a text field's value (``float()`` reads it back)."""
    return fmt(value, digits).replace("−", "-")


def shown(text: str) -> str:
    """What the visitor typed, quoted for a message: “abc” (long text is shortened)."""
    return urlstate.quoted(text.strip())


def parse(text: str, spec: NumberSpec) -> float:
    """The number in ``text`` (not yet clamped); raise :class:`urlstate.Invalid` with the reason."""
    raw = text.strip().replace("−", "-")
    if not raw:
        raise urlstate.Invalid("the field is empty")
    try:
        value = float(raw)
    except ValueError:
        reason = "is not a number (use a point for decimals)" if "," in raw else "is not a number"
        raise urlstate.Invalid(f"{shown(text)} {reason}") from None
    if math.isnan(value):
        raise urlstate.Invalid(f"{shown(text)} is not a number")
    if math.isinf(value):
        raise urlstate.Invalid(f"{shown(text)} is not a finite number")
    if spec.integer and value != int(value):
        raise urlstate.Invalid(f"{shown(text)} is not a whole number")
    return value


def clamp(value: float, spec: NumberSpec) -> tuple[float, str]:
    """Clamp a finite value into ``lo``…``hi``; the message says why it moved ("" if it did not)."""
    d = spec.digits
    if value > spec.hi:
        return spec.hi, f"{fmt(spec.hi, d)} is the largest value; {_typed(value, d)} was set to {fmt(spec.hi, d)}."
    if value < spec.lo:
        return spec.lo, f"{fmt(spec.lo, d)} is the smallest value; {_typed(value, d)} was set to {fmt(spec.lo, d)}."
    return value, ""


def _typed(value: float, digits: int) -> str:
    # huge values (1e300) read better in exponent form than as 300 digits
    return f"{value:g}".replace("-", "−") if abs(value) >= 1e7 else fmt(value, digits)


def check(text: str, spec: NumberSpec, last: float) -> Checked:
    """Apply the rules to typed ``text``; ``last`` is the value kept when it is refused."""
    try:
        value = parse(text, spec)
    except urlstate.Invalid as exc:
        return Checked(None, f"{exc}; {spec.label} stays {fmt(last, spec.digits)}.", True)
    value, message = clamp(value, spec)
    return Checked(value, message, False)


def url_field(name: str, spec: NumberSpec) -> urlstate.Field:
    """The URL field for ``spec``: same parsing, clamping and words as typing (``x1=250`` -> 100)."""

    def read(raw: str) -> tuple[float, str | None]:
        try:
            value = parse(raw, spec)
        except urlstate.Invalid as exc:
            raise urlstate.Invalid(f"{exc}.") from None
        value, message = clamp(value, spec)
        return (int(value) if spec.integer else value), (message or None)

    def write(value: float) -> str:
        return str(int(value)) if spec.integer else f"{value:.12g}"

    return urlstate.Field(name, read, write, spec.label)
