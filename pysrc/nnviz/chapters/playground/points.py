"""The visitor's own points in the link (``pts``): a compact, checked codec and its URL fields.

    own = OwnPoints.of([[1.234, -5.0], [0.5, 0.5]], labels=[0, 2], classes=3)
    own.xy                    # (2, 2) float64, snapped to the grid: [[1.23, -5.0], [0.5, 0.5]]
    code = encode(own)        # "eNpj…" (base64url, no padding): a few characters per point
    decode(code) == own       # True: what the link holds is exactly what was on screen
    decode("abc")             # raises urlstate.Invalid: "it is not a valid points code (…)."

    table = csvdata.parse(text)                 # a CSV in its own units, word labels
    own = OwnPoints.from_table(table)           # grid fitted to the data's range, names kept
    own.names                                   # ("bird", "cat", "dog")

Two grids. Points clicked on the plot live in the data domain [−6, 6]² (engine.datasets.DOMAIN)
and are quantised to STEP = 0.01 there (1201 levels per axis, finer than a pixel of any plot); a
clicked regression value in [−1, 1] to VALUE_STEP = 0.001. Call ``snap`` (or build with
``OwnPoints.of``) when a point is added, so what is drawn is what the link reproduces, bit for
bit. Imported data (``fit=True``, or ``from_table``) keep their own units: the grid spans each
column's range in 65 535 steps (a resolution of 1/65 535 of the range) and the range is stored.

Code layout (version 1), before zlib and base64url (little-endian): byte 0 version, byte 1 classes
K (0 = regression), byte 2 flags (1: own x/y range follows as 4 float64 x_lo, x_hi, y_lo, y_hi;
2: own value range, 2 float64; 4: class names at the end), bytes 3–4 n; then n uint16 x codes,
n uint16 y codes, then n uint8 labels or n uint16 value codes; then, with flag 4, a uint16 byte
count and the names in UTF-8, one per line. Columns, not rows, so zlib finds the repetition.
At most MAX_POINTS points; decoding checks every byte count, range and code and never inflates
more than the largest valid payload (a "zip bomb" is refused, not expanded).

``FIELD`` reads ``pts`` into an OwnPoints (None when empty); ``TEXT_FIELD`` keeps the text itself
(checked and rewritten canonically), for a state that stores the code as a string.
"""

from __future__ import annotations

import base64
import binascii
import math
import struct
import zlib
from dataclasses import dataclass

import numpy as np

from nnviz import urlstate

VERSION = 1
LO, HI = -6.0, 6.0  # engine.datasets.DOMAIN
STEP = 0.01
LEVELS = round((HI - LO) / STEP)  # codes 0 … LEVELS (1200)
VALUE_LO, VALUE_HI, VALUE_STEP = -1.0, 1.0, 0.001
VALUE_LEVELS = round((VALUE_HI - VALUE_LO) / VALUE_STEP)  # 2000
FIT_LEVELS = 65535  # codes 0 … 65535 over a fitted range
MAX_POINTS = 5000  # as csvdata.MAX_ROWS: any table the page accepts fits in a link
MAX_CLASSES = 5
MAX_NAME = 100  # characters per class name
MAX_RANGE = 1e12  # a fitted range must lie within ±MAX_RANGE
OWN_XY, OWN_VALUES, NAMES = 1, 2, 4
_HEADER = struct.calcsize("<BBBH")
MAX_PAYLOAD = _HEADER + 48 + MAX_POINTS * 6 + 2 + MAX_CLASSES * (4 * MAX_NAME + 1)
MAX_LENGTH = 4 * ((MAX_PAYLOAD + 64) // 3 + 1)  # base64 of the worst (incompressible) case


def _codes(values, lo: float, step: float, levels: int) -> np.ndarray:
    v = np.asarray(values, dtype=np.float64)
    return np.rint((v - lo) / step).clip(0, levels).astype(np.int64)


def _values(codes, lo: float, step: float) -> np.ndarray:
    return lo + np.asarray(codes, dtype=np.float64) * step


def snap(xy) -> np.ndarray:
    """Round points (n, 2) (or one point (2,)) to the plot's grid; values outside [−6, 6] are
    moved to the edge. ``snap([1.234, 7])`` -> ``[1.23, 6.0]``."""
    return _values(_codes(xy, LO, STEP, LEVELS), LO, STEP)


def snap_value(v) -> np.ndarray:
    """Round clicked regression values to VALUE_STEP inside [−1, 1]: 0.12345 -> 0.123."""
    return _values(_codes(v, VALUE_LO, VALUE_STEP, VALUE_LEVELS), VALUE_LO, VALUE_STEP)


def _fit_range(v: np.ndarray) -> tuple[float, float]:
    lo, hi = (float(v.min()), float(v.max())) if v.size else (0.0, 1.0)
    if hi <= lo:
        hi = lo + 1.0
    if max(abs(lo), abs(hi)) > MAX_RANGE:
        raise ValueError(f"own data must lie within ±{MAX_RANGE:g}")
    return lo, hi


@dataclass(frozen=True)
class OwnPoints:
    """The visitor's points, hashable and comparable (for a chapter state): codes on a grid.

    ``xy`` (n, 2) float64; ``labels`` (n,) int64 class numbers (classification) or ``values``
    (n,) float64 (regression, ``classes == 0``), rebuilt from the codes on each access.
    ``xy_range`` (x_lo, x_hi, y_lo, y_hi) is None for the plot's grid; ``value_range`` (lo, hi)
    None for [−1, 1]; ``names`` the class names, () to let the page name the classes.
    """

    x_codes: tuple[int, ...]
    y_codes: tuple[int, ...]
    targets: tuple[int, ...]  # class numbers, or value codes when classes == 0
    classes: int
    names: tuple[str, ...] = ()
    xy_range: tuple[float, float, float, float] | None = None
    value_range: tuple[float, float] | None = None

    @classmethod
    def of(cls, xy, labels=None, values=None, classes: int = 2, names=(), fit: bool = False):
        """Build from points (n, 2) with ``labels`` (n,) in 0 … classes−1, or ``values`` (n,)
        (regression; then ``classes`` is ignored and stored as 0). ``fit``: a grid spanning the
        data's own range (imported data) instead of the plot's [−6, 6] and [−1, 1] (clicked
        points). Raises ValueError saying what does not fit."""
        P = np.asarray(xy, dtype=np.float64).reshape(-1, 2) if np.size(xy) else np.zeros((0, 2))
        n = len(P)
        if n > MAX_POINTS:
            raise ValueError(f"at most {MAX_POINTS} own points fit in a link ({n} given)")
        if not np.isfinite(P).all():
            raise ValueError("own points must have finite coordinates")
        if (labels is None) == (values is None):
            raise ValueError("give either labels (classification) or values (regression)")
        xy_range = value_range = None
        if fit:
            xy_range = (*_fit_range(P[:, 0]), *_fit_range(P[:, 1]))
        if values is not None:
            V = np.asarray(values, dtype=np.float64).reshape(-1)
            if len(V) != n or not np.isfinite(V).all():
                raise ValueError(f"values must be {n} finite numbers")
            if fit:
                value_range = _fit_range(V)
            targets, classes, names = _grid(V, value_range, False), 0, ()
        else:
            if not 2 <= classes <= MAX_CLASSES:
                raise ValueError(f"classes must be 2 … {MAX_CLASSES}, not {classes}")
            targets = np.asarray(labels).reshape(-1)
            if len(targets) != n or not np.isin(targets, np.arange(classes)).all():
                raise ValueError(f"labels must be {n} class numbers 0 … {classes - 1}")
        names = tuple(str(s) for s in names)
        _check_names(names, classes, ValueError)
        xs = _grid(P[:, 0], xy_range and xy_range[:2], True)
        ys = _grid(P[:, 1], xy_range and xy_range[2:], True)
        return cls(
            tuple(int(c) for c in xs),
            tuple(int(c) for c in ys),
            tuple(int(t) for t in targets),
            int(classes),
            names,
            xy_range,
            value_range,
        )

    @classmethod
    def from_table(cls, table) -> OwnPoints:
        """A csvdata.Table in its own units, its class names kept (grid fitted to its range)."""
        if table.kind == "regression":
            return cls.of(table.points, values=table.values, fit=True)
        return cls.of(table.points, labels=table.labels, classes=table.classes,
                      names=table.class_names, fit=True)  # fmt: skip

    @property
    def kind(self) -> str:
        return "regression" if self.classes == 0 else "classification"

    @property
    def xy(self) -> np.ndarray:
        r = self.xy_range
        x = _ungrid(self.x_codes, r and r[:2], True)
        y = _ungrid(self.y_codes, r and r[2:], True)
        return np.stack([x, y], axis=1).reshape(-1, 2)

    @property
    def labels(self) -> np.ndarray | None:
        return np.array(self.targets, dtype=np.int64) if self.classes else None

    @property
    def values(self) -> np.ndarray | None:
        return None if self.classes else _ungrid(self.targets, self.value_range, False)

    def __len__(self) -> int:
        return len(self.x_codes)

    def added(self, point, target) -> OwnPoints:
        """A copy with one more point (snapped to the plot's grid; a fitted grid is given up,
        as a clicked point may lie outside it); ``target`` a class number or a value."""
        xy = np.vstack([self.xy, np.reshape(point, (1, 2))])
        if self.classes:
            return OwnPoints.of(xy, [*self.targets, int(target)], None, self.classes, self.names)
        return OwnPoints.of(xy, None, [*self.values, float(target)])

    def without(self, index: int) -> OwnPoints:
        """A copy with point ``index`` removed."""
        keep = [i for i in range(len(self)) if i != index]

        def pick(t):
            return tuple(t[i] for i in keep)

        return OwnPoints(pick(self.x_codes), pick(self.y_codes), pick(self.targets), self.classes,
                         self.names, self.xy_range, self.value_range)  # fmt: skip

    def nearest(self, point, within: float = 0.3) -> int | None:
        """Index of the point nearest to ``point`` (2,), if closer than ``within``; else None."""
        if not len(self):
            return None
        d = np.hypot(*(self.xy - np.asarray(point, dtype=np.float64)).T)
        i = int(np.argmin(d))
        return i if d[i] <= within else None


def _grid(v, rng, is_xy: bool) -> np.ndarray:
    if rng is None:
        return (
            _codes(v, LO, STEP, LEVELS) if is_xy else _codes(v, VALUE_LO, VALUE_STEP, VALUE_LEVELS)
        )
    return _codes(v, rng[0], (rng[1] - rng[0]) / FIT_LEVELS, FIT_LEVELS)


def _ungrid(codes, rng, is_xy: bool) -> np.ndarray:
    c = np.asarray(codes, dtype=np.int64)
    if rng is None:
        return _values(c, LO, STEP) if is_xy else _values(c, VALUE_LO, VALUE_STEP)
    return _values(c, rng[0], (rng[1] - rng[0]) / FIT_LEVELS)


def _check_names(names: tuple[str, ...], classes: int, error) -> None:
    if not names:
        return
    if classes == 0:
        raise error("regression data have no class names")
    if len(names) != classes:
        raise error(f"{len(names)} class names for {classes} classes")
    if not all(0 < len(s) <= MAX_NAME and "\n" not in s and s.strip() for s in names):
        raise error(f"class names must be 1 … {MAX_NAME} characters on one line")
    if len(set(names)) != len(names):
        raise error("two classes have the same name")


def encode(own: OwnPoints) -> str:
    """The link text for ``own``: zlib-compressed columns in base64url without padding."""
    n = len(own)
    flags = (OWN_XY if own.xy_range else 0) | (OWN_VALUES if own.value_range else 0)
    flags |= NAMES if own.names else 0
    parts = [struct.pack("<BBBH", VERSION, own.classes, flags, n)]
    if own.xy_range:
        parts.append(struct.pack("<4d", *own.xy_range))
    if own.value_range:
        parts.append(struct.pack("<2d", *own.value_range))
    parts.append(np.array(own.x_codes + own.y_codes, dtype="<u2").tobytes())
    parts.append(np.array(own.targets, dtype="<u2" if own.classes == 0 else "u1").tobytes())
    if own.names:
        text = "\n".join(own.names).encode("utf-8")
        parts.append(struct.pack("<H", len(text)) + text)
    packed = zlib.compress(b"".join(parts), 9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def _bad(why: str):
    raise urlstate.Invalid(f"it is not a valid points code ({why}).")


def _inflate(text: str) -> bytes:
    text = text.strip()
    if len(text) > MAX_LENGTH:
        _bad(f"longer than the {MAX_LENGTH} characters {MAX_POINTS} points need")
    if not text.isascii() or not all(c.isalnum() or c in "-_" for c in text):
        _bad("only letters, digits, - and _ may appear")
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        _bad("its length does not fit base64")
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(packed, MAX_PAYLOAD + 1)
    except zlib.error:
        _bad("it does not decompress; was the link cut short?")
    if len(raw) > MAX_PAYLOAD or inflater.unconsumed_tail:
        _bad(f"it holds more than the {MAX_POINTS} points a link may carry")
    if not inflater.eof:
        _bad("it ends too early; was the link cut short?")
    return raw


def _ranges(raw: bytes, offset: int, count: int) -> tuple[tuple[float, ...], int]:
    if len(raw) < offset + 8 * count:
        _bad("it is too short for its ranges")
    vals = struct.unpack_from(f"<{count}d", raw, offset)
    for lo, hi in zip(vals[::2], vals[1::2], strict=True):
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
            _bad("a range is not two finite numbers, low < high")
        if max(abs(lo), abs(hi)) > MAX_RANGE:
            _bad(f"a range goes beyond ±{MAX_RANGE:g}")
    return vals, offset + 8 * count


def decode(text: str) -> OwnPoints:
    """Read a code written by :func:`encode`; raise urlstate.Invalid with the reason in words."""
    raw = _inflate(text)
    if len(raw) < _HEADER:
        _bad("it is too short")
    version, classes, flags, n = struct.unpack_from("<BBBH", raw)
    if version != VERSION:
        _bad(f"version {version}; this page reads version {VERSION}")
    if classes == 1 or classes > MAX_CLASSES:
        _bad(f"{classes} classes; 0 (regression) or 2 … {MAX_CLASSES} are possible")
    if flags & ~(OWN_XY | OWN_VALUES | NAMES):
        _bad("it uses features this page does not know")
    if n > MAX_POINTS:
        _bad(f"{n} points; at most {MAX_POINTS}")
    offset = _HEADER
    xy_range = value_range = None
    if flags & OWN_XY:
        xy_range, offset = _ranges(raw, offset, 4)
    if flags & OWN_VALUES:
        if classes:
            _bad("a value range for classes")
        value_range, offset = _ranges(raw, offset, 2)
    width = 2 if classes == 0 else 1
    end = offset + n * (4 + width)
    names: tuple[str, ...] = ()
    if flags & NAMES:
        if len(raw) < end + 2:
            _bad(f"{len(raw)} bytes do not hold {n} points and their names")
        (size,) = struct.unpack_from("<H", raw, end)
        try:
            names = tuple(raw[end + 2 : end + 2 + size].decode("utf-8").split("\n"))
        except UnicodeDecodeError:
            _bad("the class names are not text")
        try:
            _check_names(names, classes, ValueError)
        except ValueError as exc:
            _bad(str(exc))
        end += 2 + size
    if len(raw) != end:
        _bad(f"{len(raw)} bytes do not hold {n} points")
    xy = np.frombuffer(raw, dtype="<u2", count=2 * n, offset=offset).astype(np.int64)
    t = np.frombuffer(raw, dtype="<u2" if width == 2 else "u1", count=n, offset=offset + 4 * n)
    if n and xy_range is None and xy.max() > LEVELS:
        _bad("a coordinate lies outside the plot")
    top = (VALUE_LEVELS if value_range is None else FIT_LEVELS) if classes == 0 else classes - 1
    if n and int(t.max()) > top:
        _bad("a value lies outside −1 … 1" if classes == 0 else "a label names no class")
    return OwnPoints(tuple(int(c) for c in xy[:n]), tuple(int(c) for c in xy[n:]),
                     tuple(int(c) for c in t), classes, names, xy_range, value_range)  # fmt: skip


def _parse(raw: str) -> tuple[OwnPoints | None, str | None]:
    if not raw.strip():
        return None, None
    return decode(raw), None


def _format(own: OwnPoints | None) -> str:
    return "" if own is None or not len(own) else encode(own)


def _parse_text(raw: str) -> tuple[str, str | None]:
    if not raw.strip():
        return "", None
    return encode(decode(raw)), None


FIELD = urlstate.Field("pts", _parse, _format, "Own points", max_length=MAX_LENGTH)
TEXT_FIELD = urlstate.Field("pts", _parse_text, str, "Own points", max_length=MAX_LENGTH)
