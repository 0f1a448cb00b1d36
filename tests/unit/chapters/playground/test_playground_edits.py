"""Edited weights in the link: the text round-trips, bad entries are noted and left out, and the
state field reads and writes them (how the model applies them: test_playground_model.py)."""

from __future__ import annotations

import numpy as np

from nnviz import urlstate
from nnviz.chapters.playground import edits
from nnviz.chapters.playground import state as ps


def test_text_round_trips_and_later_entries_win():
    e, note = edits.parse("0.1.2:0.5,1.b.0:-2,0.1.2:0.25")
    assert note is None
    assert e == ((1, edits.BIAS, 0, -2.0), (0, 1, 2, 0.25))
    assert edits.fmt(e) == "1.b.0:-2,0.1.2:0.25"
    assert edits.parse(edits.fmt(e)) == (e, None)
    # nine significant digits: a typed float32 weight comes back as the same float32
    v = 0.123456789123
    (back,), _ = edits.parse(edits.fmt(((0, 0, 0, v),)))
    assert np.float32(back[3]) == np.float32(v)


def test_bad_entries_are_noted_and_the_good_ones_kept():
    e, note = edits.parse("0.1.2:abc,0.0.0:1.5,1.x.0:2,0.0.1:1e9,-1.0.0:3,0.0.1:nan,2.b.1:-0.5")
    assert e == ((0, 0, 0, 1.5), (2, edits.BIAS, 1, -0.5))
    assert "“0.1.2:abc”" in note and "ignored" in note
    assert edits.parse("") == ((), None)


def test_the_state_field_reads_and_writes_edits():
    st, notes = urlstate.decode(ps.State, ps.FIELDS, {"edit": "0.1.2:0.5,1.b.0:-2"})
    assert notes == [] and st.edit == ((0, 1, 2, 0.5), (1, edits.BIAS, 0, -2.0))
    assert urlstate.encode(ps.FIELDS, st)["edit"] == "0.1.2:0.5,1.b.0:-2"
    st, notes = urlstate.decode(ps.State, ps.FIELDS, {"edit": "zzz"})
    assert st.edit == () and len(notes) == 1 and "Edited weights" in notes[0]
