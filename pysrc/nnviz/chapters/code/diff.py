"""What the visitor changed: a line diff of their code against the default.

    rows = line_diff(DEFAULT_CODE, code)   # [("same", 1, 1, "import numpy as np"), ("del", 3, None, …), …]
    summary(rows)                          # "2 lines changed, 1 added" (or "no changes")

Each row is (kind, old line number or None, new line number or None, text) with kind "same",
"del" (only in the default) or "add" (only in theirs), from difflib's SequenceMatcher.
``context`` keeps that many unchanged lines around each change and drops the rest ("skip" rows).
"""

from __future__ import annotations

import difflib


def line_diff(old: str, new: str, context: int = 2) -> list[tuple[str, int | None, int | None, str]]:
    """The rows of the diff of ``old`` -> ``new`` (see module doc)."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[tuple[str, int | None, int | None, str]] = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        if rows:
            rows.append(("skip", None, None, "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [("same", i + 1, j + 1, a[i]) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]
                continue
            rows += [("del", i + 1, None, a[i]) for i in range(i1, i2)]
            rows += [("add", None, j + 1, b[j]) for j in range(j1, j2)]
    return rows


def summary(rows) -> str:
    """A few words on the size of the change."""
    added = sum(1 for r in rows if r[0] == "add")
    removed = sum(1 for r in rows if r[0] == "del")
    if not added and not removed:
        return "No changes: this is the default code."
    return f"{added} line{'s' if added != 1 else ''} added, {removed} removed, against the default code."
