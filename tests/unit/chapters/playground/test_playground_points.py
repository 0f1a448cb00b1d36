"""The own-points codec: exact round trips on the grid, compactness, clear refusals of bad codes."""

import base64
import re
import struct
import zlib
from dataclasses import dataclass

import numpy as np
import pytest

from nnviz import urlstate
from nnviz.chapters.playground import csvdata
from nnviz.chapters.playground import points as pts
from nnviz.chapters.playground.points import OwnPoints, decode, encode


def _code(raw: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(raw)).decode().rstrip("=")


def test_round_trip_is_exact_for_classes_and_values():
    rng = np.random.default_rng(3)
    for k in (2, 3, 5):
        own = OwnPoints.of(rng.uniform(-6, 6, (200, 2)), labels=rng.integers(0, k, 200), classes=k)
        back = decode(encode(own))
        assert back == own and back.classes == k and back.kind == "classification"
        np.testing.assert_array_equal(back.xy, own.xy)
        np.testing.assert_array_equal(back.labels, own.labels)
    own = OwnPoints.of(rng.uniform(-6, 6, (50, 2)), values=rng.uniform(-1, 1, 50))
    back = decode(encode(own))
    assert back == own and back.kind == "regression" and back.labels is None
    np.testing.assert_array_equal(back.values, own.values)


def test_snapping_moves_a_point_by_at_most_half_a_step_and_is_idempotent():
    rng = np.random.default_rng(5)
    X = rng.uniform(-6, 6, (500, 2))
    S = pts.snap(X)
    assert np.abs(S - X).max() <= pts.STEP / 2 + 1e-12
    np.testing.assert_array_equal(pts.snap(S), S)
    np.testing.assert_allclose(pts.snap([1.234, 7.0]), [1.23, 6.0])
    np.testing.assert_array_equal(OwnPoints.of(S, labels=np.zeros(500, int)).xy, S)
    assert abs(float(pts.snap_value(0.12345)) - 0.123) < 1e-12 and float(pts.snap_value(-3)) == -1.0


def test_codes_are_compact():
    rng = np.random.default_rng(0)
    own = OwnPoints.of(
        rng.uniform(-6, 6, (pts.MAX_POINTS, 2)),
        labels=rng.integers(0, 5, pts.MAX_POINTS),
        classes=5,
    )
    assert len(encode(own)) <= pts.MAX_LENGTH
    assert len(encode(own)) < 5.0 * pts.MAX_POINTS  # 5 bytes per point before base64's 4/3
    few = OwnPoints.of([[0, 0], [1, 1], [2, 2]], labels=[0, 1, 0])
    assert len(encode(few)) < 40
    assert encode(few).replace("-", "").replace("_", "").isalnum()


def test_empty_set_of_points_round_trips():
    empty = OwnPoints.of([], labels=[])
    assert len(empty) == 0 and decode(encode(empty)) == empty


def test_editing_helpers():
    own = OwnPoints.of([[0, 0], [2, 2]], labels=[0, 1])
    more = own.added([1.004, -1.0], 1)
    assert len(more) == 3 and more.labels.tolist() == [0, 1, 1]
    np.testing.assert_allclose(more.xy[2], [1.0, -1.0])
    assert more.nearest([2.1, 1.9]) == 1 and more.nearest([4, 4]) is None
    assert more.without(1).labels.tolist() == [0, 1] and len(more.without(1)) == 2
    reg = OwnPoints.of([[0, 0]], values=[0.5]).added([1, 1], -0.25)
    assert reg.values.tolist() == [0.5, -0.25]


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"xy": [[0, 0]], "labels": [2], "classes": 2}, "class numbers 0 … 1"),
        ({"xy": [[0, 0]], "labels": [0], "classes": 6}, "classes must be 2 … 5"),
        ({"xy": [[0, float("nan")]], "labels": [0]}, "finite coordinates"),
        ({"xy": [[0, 0]]}, "either labels"),
        ({"xy": [[0, 0]], "values": [float("inf")]}, "finite numbers"),
        (
            {"xy": np.zeros((pts.MAX_POINTS + 1, 2)), "labels": np.zeros(pts.MAX_POINTS + 1, int)},
            "at most 5000",
        ),
    ],
)
def test_building_refuses_bad_points(kwargs, reason):
    with pytest.raises(ValueError, match=reason):
        OwnPoints.of(**kwargs)


def _header(version=1, classes=2, n=1, flags=0) -> bytes:
    return struct.pack("<BBBH", version, classes, flags, n)


M = pts.MAX_POINTS


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("abc$", "only letters, digits"),
        ("a", "length does not fit base64"),
        ("abcd", "does not decompress"),
        (encode(OwnPoints.of([[0, 0], [1, 1]], labels=[0, 1]))[:-3], "cut short"),
        (_code(b"\x01"), "too short"),
        (_code(_header(version=2) + b"\0" * 5), "version 2"),
        (_code(_header(classes=1) + b"\0" * 5), "1 classes"),
        (_code(_header(classes=9) + b"\0" * 5), "9 classes"),
        (_code(_header(flags=8) + b"\0" * 5), "features this page does not know"),
        (_code(_header(n=M + 1000) + b"\0" * 10), f"{M + 1000} points; at most {M}"),
        (_code(_header(n=M + 1) + b"\0" * 5 * (M + 1)), f"{M + 1} points"),
        (_code(_header(n=2) + b"\0" * 5), "do not hold 2 points"),
        (_code(_header() + struct.pack("<HHB", 1201, 0, 0)), "outside the plot"),
        (_code(_header(classes=3) + struct.pack("<HHB", 5, 5, 3)), "names no class"),
        (_code(_header(classes=0) + struct.pack("<HHH", 5, 5, 2001)), "outside −1 … 1"),
        (_code(_header(flags=1) + struct.pack("<4d", 0, 1, 5, 5) + b"\0" * 5), "low < high"),
        (_code(_header(flags=1) + struct.pack("<4d", 0, float("nan"), 0, 1) + b"\0" * 5), "finite"),
        (_code(_header(flags=1) + struct.pack("<4d", 0, 1e13, 0, 1) + b"\0" * 5), "beyond"),
        (_code(_header(flags=1) + b"\0" * 8), "too short for its ranges"),
        (_code(_header(flags=2) + struct.pack("<2d", 0, 1) + b"\0" * 5), "value range for classes"),
        (
            _code(_header(flags=4) + b"\0" * 5 + struct.pack("<H", 3) + b"a\nbx"),
            "do not hold 1 points",
        ),
        (_code(_header(flags=4) + b"\0" * 5 + struct.pack("<H", 3) + b"a\na"), "same name"),
        (_code(_header(flags=4) + b"\0" * 5 + struct.pack("<H", 2) + b"\xff\xfe"), "not text"),
        (_code(_header(flags=4) + b"\0" * 5), "and their names"),
        (_code(b"\0" * 20_000_000), "more than the"),  # a zip bomb is not inflated
        ("A" * (pts.MAX_LENGTH + 1), "longer than"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 30 else "code",
)
def test_bad_codes_are_refused_with_a_reason(code, reason):
    with pytest.raises(urlstate.Invalid, match=re.escape(reason)):
        decode(code)


def test_imported_data_keep_their_units_and_names():
    text = "x1,x2,label\n" + "".join(
        f"{1000 + i * 7.5},{-0.001 * i},{'abc'[i % 3]}\n" for i in range(300)
    )
    table = csvdata.parse(text)
    own = OwnPoints.from_table(table)
    assert own.names == ("a", "b", "c") and own.classes == 3 and own.xy_range is not None
    back = decode(encode(own))
    assert back == own
    span = table.points.max(axis=0) - table.points.min(axis=0)
    assert (np.abs(back.xy - table.points) <= span / pts.FIT_LEVELS / 2 * (1 + 1e-9)).all()
    np.testing.assert_array_equal(back.labels, table.labels)
    reg = csvdata.parse(
        "x1,x2,y\n" + "".join(f"{i},{i % 7},{1e5 + i * 3.25}\n" for i in range(100))
    )
    own = OwnPoints.from_table(reg)
    back = decode(encode(own))
    assert back == own and back.kind == "regression" and back.value_range == (1e5, 1e5 + 99 * 3.25)
    assert np.abs(back.values - reg.values).max() <= 99 * 3.25 / pts.FIT_LEVELS
    big = csvdata.parse("".join(f"{i},{i * 0.5 % 11},{i % 5}\n" for i in range(csvdata.MAX_ROWS)))
    assert len(encode(OwnPoints.from_table(big))) <= pts.MAX_LENGTH  # every accepted table fits


def test_names_are_checked_when_building():
    with pytest.raises(ValueError, match="2 class names for 3 classes"):
        OwnPoints.of([[0, 0]], labels=[0], classes=3, names=("a", "b"))
    with pytest.raises(ValueError, match="one line"):
        OwnPoints.of([[0, 0]], labels=[0], names=("a\nb", "c"))
    with pytest.raises(ValueError, match="within"):
        OwnPoints.of([[0, 1e13]], labels=[0], fit=True)


@dataclass(frozen=True)
class _State:
    pts: OwnPoints | None = None


def test_url_field_round_trip_and_notes():
    own = OwnPoints.of([[0.5, -0.5], [3, 3]], labels=[1, 0])
    params = urlstate.encode([pts.FIELD], _State(own))
    assert params == {"pts": encode(own)}
    state, notes = urlstate.decode(_State, [pts.FIELD], params)
    assert state.pts == own and notes == []
    assert urlstate.encode([pts.FIELD], _State()) == {"pts": ""}
    assert urlstate.decode(_State, [pts.FIELD], {"pts": ""}) == (_State(), [])
    state, notes = urlstate.decode(_State, [pts.FIELD], {"pts": "zz$"})
    assert state.pts is None and "not a valid points code" in notes[0] and "Own points" in notes[0]
    url = urlstate.build_hash("playground", params)
    assert urlstate.parse_hash(url)[1] == params  # base64url needs no escaping in a hash


@dataclass(frozen=True)
class _TextState:
    pts: str = ""


def test_text_field_keeps_the_code_as_text_and_checks_it():
    own = OwnPoints.of([[0.5, -0.5], [3, 3]], labels=[1, 0], names=("yes", "no"))
    code = encode(own)
    state, notes = urlstate.decode(_TextState, [pts.TEXT_FIELD], {"pts": code})
    assert state.pts == code and notes == [] and decode(state.pts).names == ("yes", "no")
    state, notes = urlstate.decode(_TextState, [pts.TEXT_FIELD], {"pts": code[:-4]})
    assert state.pts == "" and "not a valid points code" in notes[0]
    assert urlstate.encode([pts.TEXT_FIELD], _TextState(code)) == {"pts": code}
