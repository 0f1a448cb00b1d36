"""Weights and biases the visitor typed in, as a link field (pure): ``edit=l.i.j:value,…``.

An entry ``l.i.j:v`` sets the weight W[l][i, j] (engine layer l, from unit i to unit j) to v,
``l.b.j:v`` the bias b[l][j]; they are applied after the weights seed made the network, in
order, so reopening the link (or Reset) gives the edited network again.

    edits, note = parse("0.1.2:0.5,1.b.0:-2")   # ((0, 1, 2, 0.5), (1, -1, 0, -2.0)), None
    fmt(edits)                                  # "0.1.2:0.5,1.b.0:-2"
    merge(edits, 0, 1, 2, 0.25)                 # the same weight again: its entry is replaced
    apply(net, edits)                           # [] or a note per entry this network lacks

A bad entry (not three indices and a number, a value beyond ±1,000,000) is left out with a
note; the others are kept.
"""

from __future__ import annotations

import math

BIAS = -1  # the i of a bias entry
MAX_EDITS = 200
LIMIT = 1e6

Edit = tuple[int, int, int, float]  # (layer, i or BIAS, j, value)


def _entry(text: str) -> Edit:
    where, sep, value = text.partition(":")
    parts = where.split(".")
    if not sep or len(parts) != 3:
        raise ValueError
    layer, i, j = parts
    v = float(value)
    if not (math.isfinite(v) and abs(v) <= LIMIT):
        raise ValueError
    ints = [int(x) for x in (layer, j)]
    ii = BIAS if i == "b" else int(i)
    if min(ints) < 0 or (ii < 0 and ii != BIAS) or i.startswith("-"):
        raise ValueError
    return ints[0], ii, ints[1], v


def parse(raw: str) -> tuple[tuple[Edit, ...], str | None]:
    """The entries of ``raw`` (later entries for the same weight win) and a note on bad ones."""
    edits: tuple[Edit, ...] = ()
    bad: list[str] = []
    for text in (t.strip() for t in raw.split(",")):
        if not text:
            continue
        try:
            e = _entry(text)
        except ValueError:
            bad.append(text[:24])
            continue
        edits = merge(edits, *e)
    note = None
    if len(edits) > MAX_EDITS:
        edits = edits[-MAX_EDITS:]
        note = f"only the last {MAX_EDITS} edits are kept."
    if bad:
        shown = ", ".join(f"“{b}”" for b in bad[:3]) + (" …" if len(bad) > 3 else "")
        note = (f"{shown} {'is' if len(bad) == 1 else 'are'} not “layer.from.to:value” "
                f"with a value between −1,000,000 and 1,000,000; ignored (the other edits are used).")
    return edits, note


def _value(v: float) -> str:
    return f"{v:.9g}"


def fmt(edits: tuple[Edit, ...]) -> str:
    return ",".join(f"{lk}.{'b' if i == BIAS else i}.{j}:{_value(v)}" for lk, i, j, v in edits)


def merge(edits: tuple[Edit, ...], layer: int, i: int, j: int, value: float) -> tuple[Edit, ...]:
    """``edits`` with (layer, i, j) set to ``value`` (a later edit of the same weight replaces it)."""
    kept = tuple(e for e in edits if e[:3] != (layer, i, j))
    return (*kept, (int(layer), int(i), int(j), float(value)))[-MAX_EDITS:]


def apply(net, edits: tuple[Edit, ...]) -> list[str]:
    """Write the edits into ``net``'s weights and biases; a note for each entry it has no weight for."""
    notes: list[str] = []
    for lk, i, j, v in edits:
        if lk >= len(net.weights) or j >= net.weights[lk].shape[1] or (i != BIAS and i >= net.weights[lk].shape[0]):
            notes.append(f"{lk}.{'b' if i == BIAS else i}.{j}")
            continue
        if i == BIAS:
            net.biases[lk][j] = v
        else:
            net.weights[lk][i, j] = v
    if edits:
        net.parameters_changed()
    if notes:
        return [f"Edited weights: this network has no {', '.join(notes[:3])}{' …' if len(notes) > 3 else ''}; ignored."]
    return []
