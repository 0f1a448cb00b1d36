"""Softmax for people: parse what they type, show every step of the sum, round for reading.

    parse_scores("2, 4")          # (2.0, 4.0); "2, x" raises Invalid("“x” is not a number.")
    s = breakdown((2.0, 4.0))
    s.shifted                     # [-2, 0]: z − max(z), so every exponent is ≤ 0 and nothing overflows
    s.exps, s.total               # [0.135, 1.0], 1.135
    s.probs                       # [0.119, 0.881] (the engine's softmax)
    fmt_prob(0.1192)              # "0.12"

The probabilities come from ``nnviz.engine.softmax``; the breakdown recomputes the same sum step
by step so the page can show it (a unit test checks the two agree).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.engine import softmax
from nnviz.urlstate import Field, Invalid, parse_number, quoted, split_list

MAX_SCORES = 10
SCORE_LIMIT = 1e6  # |z| above this is refused: no real network layer outputs such scores

EXAMPLES: tuple[tuple[float, ...], ...] = (
    (1.0,),
    (1.0, 1.0),
    (0.0, 1.0),
    (2.0, 4.0),
    (5.0, 10.0),
    (-1.0, 0.0, 1.0),
    (1.0, 2.0, 4.0),
)


def parse_scores(text: str) -> tuple[float, ...]:
    """Parse ``"2, 4"`` into ``(2.0, 4.0)``; raise :class:`Invalid` with a reason a person can act on."""
    parts = split_list(text, "type at least one number, e.g. 2, 4.")
    if len(parts) > MAX_SCORES:
        raise Invalid(f"at most {MAX_SCORES} numbers ({len(parts)} given).")
    values = [parse_number(p) for p in parts]
    for p, v in zip(parts, values, strict=True):
        if abs(v) > SCORE_LIMIT:
            raise Invalid(f"{quoted(p)} is out of range: each number must be between −1,000,000 and 1,000,000.")
    return tuple(values)


def fmt_number(v: float) -> str:
    """Write a score back compactly: ``4.0`` -> ``"4"``, ``0.5`` -> ``"0.5"``, ``-1e-05`` -> ``"-1e-05"``."""
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(float(v))


def format_scores(values: tuple[float, ...]) -> str:
    """``(2.0, 4.0)`` -> ``"2,4"`` (the URL form; the field shows ``"2, 4"``)."""
    return ",".join(fmt_number(v) for v in values)


def _parse_field(raw: str) -> tuple[tuple[float, ...], str | None]:
    return parse_scores(raw), None


SCORES_FIELD = Field("sm", _parse_field, format_scores, "Softmax inputs")


@dataclass(frozen=True)
class Breakdown:
    """Each step of softmax(z): z, z − max z, e^(z − max z), their sum, and the probabilities."""

    z: np.ndarray
    shifted: np.ndarray
    exps: np.ndarray
    total: float
    probs: np.ndarray


def breakdown(z) -> Breakdown:
    """Softmax of the scores z, with the intermediate values the calculator shows."""
    z = np.asarray(z, dtype=np.float64).reshape(-1)
    shifted = z - np.max(z)
    exps = np.exp(shifted)
    return Breakdown(z, shifted, exps, float(np.sum(exps)), softmax(z))


def fmt_prob(p: float) -> str:
    """A probability for reading, correctly rounded: 2 decimals, 3 when that would show 0.00 or 1.00.

    ``0.1192`` -> ``"0.12"``; ``0.0067`` -> ``"0.007"``; ``0.9933`` -> ``"0.993"``; exactly 1 -> ``"1"``;
    below 0.0005 (but above 0) -> ``"<0.001"``; above 0.9995 (but below 1) -> ``">0.999"``.
    """
    if p == 0.0 or p == 1.0:
        return str(int(p))
    if p < 0.0005:
        return "<0.001"
    if p > 0.9995:
        return ">0.999"
    two = f"{p:.2f}"
    return f"{p:.3f}" if two in ("0.00", "1.00") else two


def fmt_value(v: float) -> str:
    """An intermediate value for the breakdown table: ``10001`` -> ``"10,001"``, ``0.13533`` -> ``"0.1353"``,
    ``-2`` -> ``"−2"`` (true minus), tiny or huge values in e notation (``3.700e−44``)."""
    if v == 0:
        return "0"
    a = abs(v)
    if a < 1e-4 or a >= 1e9:
        text = f"{v:.3e}"
    elif a >= 1000:
        text = f"{v:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{v:.4g}"
    return text.replace("-", "−")
