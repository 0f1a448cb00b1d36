"""Numbers and symbols as the chapter writes them: 6 significant digits, a real minus sign,
superscript layers and subscript neurons (seed 002's notation: w²₁₂, a¹₂, δ²₁)."""

from __future__ import annotations

import math

_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
F_NAMES = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "leaky": "LReLU", "linear": "f"}


def sup(n: int) -> str:
    """2 -> "²"."""
    return str(n).translate(_SUP)


def sub(n: int) -> str:
    """12 -> "₁₂"."""
    return str(n).translate(_SUB)


def num(value: float, digits: int = 6) -> str:
    """0.59326999 -> "0.59327"; −0.0380982 -> "−0.0380982"; 1.2e-07 -> "1.2 × 10⁻⁷"."""
    if not math.isfinite(value):
        return "∞" if value > 0 else "−∞" if value < 0 else "NaN"
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa} × 10{sup(int(exponent))}"
    return text.replace("-", "−")


def factor(value: float, digits: int = 6) -> str:
    """A number inside a product: negatives in parentheses, "0.4 × (−0.0381)"."""
    text = num(value, digits)
    return f"({text})" if value < 0 else text


def exact(value: float) -> str:
    """All the digits a float64 holds: 0.1 -> "0.1", 1/3 -> "0.3333333333333333"."""
    return repr(float(value)).replace("-", "−") if math.isfinite(value) else num(value)


def node(layer: int, j: int, what: str = "a") -> str:
    """("a", layer 2, neuron index 0) -> "a²₁"."""
    return f"{what}{sup(layer)}{sub(j + 1)}"


def vector(values, digits: int = 6) -> str:
    """(0.1, −0.2) -> "(0.1, −0.2)"."""
    return "(" + ", ".join(num(float(v), digits) for v in values) + ")"
