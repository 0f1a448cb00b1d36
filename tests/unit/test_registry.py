"""The registry is the contract's table of contents: every entry must be usable as declared
(checked in CPython here; in the browser by tests/e2e/test_contract.py)."""

from __future__ import annotations

import importlib
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from nnviz import urlstate
from nnviz.chapters.registry import BY_ROUTE, CHAPTERS, PARTS, ROUTE, neighbours

PKG = Path(__file__).resolve().parents[2] / "pysrc" / "nnviz"
IDS = [c.route for c in CHAPTERS]


def state_of(info):
    return importlib.import_module(f"{info.module}.state")


def test_routes_are_unique_and_follow_the_route_rule():
    assert len(BY_ROUTE) == len(CHAPTERS)
    for c in CHAPTERS:
        assert ROUTE.match(c.route), c.route
        assert urlstate.parse_hash(f"#/{c.route.upper()}?x=1")[0] == c.route  # one rule, case-free


def test_chapters_are_in_learning_order_part_by_part():
    indices = [PARTS.index(c.part) for c in CHAPTERS]
    assert indices == sorted(indices), "the registry's order is the course map's order"


@pytest.mark.parametrize("info", CHAPTERS, ids=IDS)
def test_sample_link_round_trips_without_notes(info):
    mod = state_of(info)
    params = dict(parse_qsl(info.sample))
    state, notes = urlstate.decode(mod.State, mod.FIELDS, params)
    assert notes == []
    assert state != mod.State(), "a sample that is the default shows nothing"
    assert urlstate.build_hash(info.route, urlstate.encode(mod.FIELDS, state)) == f"#/{info.route}?{info.sample}"


@pytest.mark.parametrize("info", CHAPTERS, ids=IDS)
def test_bad_sample_is_bad_in_every_key_it_names(info):
    mod = state_of(info)
    params = dict(parse_qsl(info.bad_sample))
    _, notes = urlstate.decode(mod.State, mod.FIELDS, params)
    for key in params:
        _, one = urlstate.decode(mod.State, mod.FIELDS, {key: params[key]})
        assert one, f"{key}={params[key]} gives no note"
    assert len(notes) == len(params)


@pytest.mark.parametrize("info", CHAPTERS, ids=IDS)
def test_chapter_folder_has_what_the_pages_need(info):
    folder = PKG.joinpath(*info.module.split(".")[1:])
    assert (folder / "prose.html").read_text().strip()
    svg = (folder / "card.svg").read_text()
    assert svg.lstrip().startswith("<svg ") and "viewBox" in svg and "<script" not in svg
    assert 3 <= info.minutes <= 90
    assert info.outcome and not info.outcome[0].isupper(), "the card reads “After it you can …”"
    keys = [k for k, _ in info.groups]
    assert len(set(keys)) == len(keys) and all(ROUTE.match(k) for k in keys)


def test_neighbours_walk_the_course_in_order():
    walked, (prev, nxt) = [CHAPTERS[0].route], neighbours(CHAPTERS[0].route)
    assert prev is None
    while nxt is not None:
        walked.append(nxt.route)
        nxt = neighbours(nxt.route)[1]
    assert walked == [c.route for c in CHAPTERS]


def test_hide_keeps_known_groups_in_order_and_notes_the_rest():
    hidden, notes = urlstate.parse_hide("reg, lr,zz,,lr", ["lr", "reg", "data"])
    assert hidden == ("lr", "reg")
    assert len(notes) == 1 and "zz" in notes[0]
    assert urlstate.parse_hide("", ["lr"]) == ((), [])
