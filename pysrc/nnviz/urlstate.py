"""Chapter state <-> URL hash, driven by one field table per chapter (as TF Playground's state.ts).

A link such as ``#/explorer?layers=3,5,4`` reproduces what was on screen. Each chapter
declares its state as a dataclass plus a tuple of :class:`Field`; this module reads and
writes the hash from that table, so the two can never disagree.

Bad values never raise: a malformed value falls back to the default, an out-of-range one
is clamped, and either way a human-readable note says what happened.
Pure Python (no ``js``): unit-tested in CPython.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote

MAX_VALUE_LENGTH = 500  # longer hash values are refused outright (a Field may allow more)
PAGE_KEYS = ("embed", "hide")  # read by the app for every chapter, not by a chapter's fields


class Invalid(ValueError):
    """A value that cannot be used; the message says why, in words for the visitor."""


@dataclass(frozen=True)
class Field:
    """One URL field: how to read it (``parse`` returns ``(value, note or None)``) and write it."""

    name: str
    parse: Callable[[str], tuple[Any, str | None]]
    format: Callable[[Any], str]
    label: str = ""
    max_length: int = MAX_VALUE_LENGTH  # longer values are refused before parsing


def parse_hash(hash_text: str) -> tuple[str, dict[str, str]]:
    """Split ``"#/explorer?layers=3,5,4"`` into ``("explorer", {"layers": "3,5,4"})``."""
    text = hash_text[1:] if hash_text.startswith("#") else hash_text
    text = text[1:] if text.startswith("/") else text
    path, _, query = text.partition("?")
    params = dict(parse_qsl(query, keep_blank_values=True)) if query else {}
    return path.strip().lower(), params


def build_hash(route: str, query: dict[str, str]) -> str:
    """Inverse of :func:`parse_hash`: ``("explorer", {"layers": "3,5"})`` -> ``"#/explorer?layers=3,5"``."""
    if not query:
        return f"#/{route}"
    parts = "&".join(f"{k}={quote(v, safe=',.-_:')}" for k, v in query.items())
    return f"#/{route}?{parts}"


def decode(state_cls: type, fields: Sequence[Field], params: dict[str, str]) -> tuple[Any, list[str]]:
    """Build a ``state_cls`` from URL params; return it with the notes for the visitor.

    Unknown keys are ignored with a note; missing keys take the dataclass default.
    """
    values: dict[str, Any] = {}
    notes: list[str] = []
    known = {f.name for f in fields}
    defaults = state_cls()
    for f in fields:
        if f.name not in params:
            continue
        raw = params[f.name]
        label = f.label or f.name
        if len(raw) > f.max_length:
            notes.append(f"“{label}” in the link is too long; using the default.")
            continue
        try:
            value, note = f.parse(raw)
        except Invalid as exc:
            notes.append(f"“{label}” in the link ({quoted(raw)}) was not used: {exc} Using the default.")
            continue
        values[f.name] = value
        if note:
            notes.append(f"“{label}” in the link: {note}")
    for key in params:
        if key not in known and key not in PAGE_KEYS:
            notes.append(f"Unknown setting {quoted(key)} in the link was ignored.")
    return dataclasses.replace(defaults, **values), notes


def parse_hide(raw: str, groups: Sequence[str]) -> tuple[tuple[str, ...], list[str]]:
    """Read ``hide=lr,reg`` against a chapter's control groups: the known ones, in the
    chapter's order, and a note for each entry that names no group (never an error)."""
    wanted = [p.strip().lower() for p in raw[:MAX_VALUE_LENGTH].split(",") if p.strip()]
    notes = [f"“hide” in the link: {quoted(p)} is not a control group of this chapter; ignored."
             for p in dict.fromkeys(wanted) if p not in groups]
    return tuple(g for g in groups if g in wanted), notes


def encode(fields: Sequence[Field], state: Any) -> dict[str, str]:
    """Write every field of ``state`` as URL params (all of them: a link is a full recipe)."""
    return {f.name: f.format(getattr(state, f.name)) for f in fields}


def quoted(raw: str) -> str:
    """A value as a person typed it, for a message: “abc” (a long one is shortened)."""
    return "“" + (raw if len(raw) <= 40 else raw[:37] + "…") + "”"


def split_list(raw: str, empty: str) -> list[str]:
    """Split ``" 3, 5;4"`` at commas (or semicolons) into stripped entries.

    Raises :class:`Invalid` with ``empty`` when there is nothing at all, and when an entry
    between two commas is empty.
    """
    text = raw.strip()
    if not text:
        raise Invalid(empty)
    parts = [p.strip() for p in text.replace(";", ",").split(",")]
    if any(p == "" for p in parts):
        raise Invalid("there is an empty entry between commas.")
    return parts


# ----------------------------------------------------------------------------------------
# Field builders for the common kinds of value.
# ----------------------------------------------------------------------------------------


def parse_number(raw: str) -> float:
    """Parse a finite number written by a person (``"1e-3"``, ``" 2,5 "`` is refused)."""
    text = raw.strip()
    if not text:
        raise Invalid("it is empty.")
    try:
        value = float(text)
    except ValueError:
        raise Invalid(f"{quoted(text)} is not a number.") from None
    if not math.isfinite(value):
        raise Invalid(f"{quoted(text)} is not a finite number.")
    return value


def clamp_note(value: float, lo: float, hi: float) -> tuple[float, str | None]:
    """Clamp into [lo, hi]; the note says so when the value moved."""
    if value < lo:
        return lo, f"{_fmt(value)} is below the minimum; set to {_fmt(lo)}."
    if value > hi:
        return hi, f"{_fmt(value)} is above the maximum; set to {_fmt(hi)}."
    return value, None


def _fmt(x: float) -> str:
    return f"{x:g}"


def int_field(name: str, lo: int, hi: int, label: str = "") -> Field:
    """An integer in [lo, hi]; out-of-range values are clamped with a note."""

    def parse(raw: str) -> tuple[int, str | None]:
        value = parse_number(raw)
        if value != int(value):
            raise Invalid(f"{quoted(raw)} is not a whole number.")
        v, note = clamp_note(int(value), lo, hi)
        return int(v), note

    return Field(name, parse, lambda v: str(int(v)), label)


def float_field(name: str, lo: float, hi: float, label: str = "", digits: int = 6) -> Field:
    """A finite float in [lo, hi]; out-of-range values are clamped with a note."""

    def parse(raw: str) -> tuple[float, str | None]:
        return clamp_note(parse_number(raw), lo, hi)

    return Field(name, parse, lambda v: f"{v:.{digits}g}", label)


def choice_field(name: str, options: Sequence[str], label: str = "") -> Field:
    """One of ``options`` (case-insensitive)."""

    def parse(raw: str) -> tuple[str, str | None]:
        value = raw.strip().lower()
        if value not in options:
            raise Invalid(f"{quoted(raw)} is not one of {', '.join(options)}.")
        return value, None

    return Field(name, parse, str, label)


def parse_int_list(raw: str, lo: int, hi: int, min_len: int, max_len: int, what: str = "value") -> list[int]:
    """Parse ``"3, 5,4"`` into ``[3, 5, 4]``; raise :class:`Invalid` with a precise reason."""
    parts = split_list(raw, f"enter at least {min_len} numbers separated by commas, e.g. 3,5,2.")
    values = []
    for p in parts:
        try:
            v = int(p)
        except ValueError:
            raise Invalid(f"{quoted(p)} is not a whole number.") from None
        if v < lo or v > hi:
            raise Invalid(f"each {what} must be between {lo} and {hi} ({v} is not).")
        values.append(v)
    if len(values) < min_len:
        raise Invalid(f"a network needs at least {min_len} layers (input and output).")
    if len(values) > max_len:
        raise Invalid(f"at most {max_len} layers are supported ({len(values)} given).")
    return values
