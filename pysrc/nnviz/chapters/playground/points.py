"""The visitor's own points in the link (``pts``): a compact, checked codec and its URL field.

    own = OwnPoints.of([[1.234, -5.0], [0.5, 0.5]], labels=[0, 2], classes=3)
    own.xy                    # (2, 2) float64, snapped to the grid: [[1.23, -5.0], [0.5, 0.5]]
    code = encode(own)        # "eNpj…" (base64url, no padding): a few characters per point
    decode(code) == own       # True: what the link holds is exactly what was on screen
    decode("abc")             # raises urlstate.Invalid: "it is not a valid points code …"
    FIELD                     # urlstate.Field("pts", …, max_length=MAX_LENGTH): "" = no own points

Points live in the data domain [−6, 6]² (engine.datasets.DOMAIN) and are quantised to STEP = 0.01
there (1201 levels per axis, finer than a pixel of any plot); a regression value in [−1, 1] to
VALUE_STEP = 0.001. Call ``snap`` (or build with ``OwnPoints.of``) when a point is added, so what
is drawn is what the link reproduces, bit for bit.

Code layout (version 1), before zlib and base64url: byte 0 version, byte 1 classes K (0 = regression),
bytes 2–3 n (little-endian uint16), then n uint16 x codes, n uint16 y codes, then n uint8 labels
(classification) or n uint16 value codes (regression). Columns, not rows, so zlib finds the
repetition. At most MAX_POINTS points; decoding checks every byte count and code range and never
inflates more than the largest valid payload (a "zip bomb" is refused, not expanded).
"""

from __future__ import annotations

import base64
import binascii
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
MAX_POINTS = 1000
MAX_CLASSES = 5
_HEADER = 4
MAX_PAYLOAD = _HEADER + MAX_POINTS * 6
MAX_LENGTH = 4 * ((MAX_PAYLOAD + 64) // 3 + 1)  # base64 of the worst (incompressible) case


def _codes(values, lo: float, step: float, levels: int) -> np.ndarray:
    return (
        np.rint((np.asarray(values, dtype=np.float64) - lo) / step).astype(np.int64).clip(0, levels)
    )


def _values(codes, lo: float, step: float) -> np.ndarray:
    return lo + np.asarray(codes, dtype=np.float64) * step


def snap(xy) -> np.ndarray:
    """Round points (n, 2) (or one point (2,)) to the grid the link stores; values outside
    [−6, 6] are moved to the edge. ``snap([1.234, 7])`` -> ``[1.23, 6.0]``."""
    return _values(_codes(xy, LO, STEP, LEVELS), LO, STEP)


def snap_value(v) -> np.ndarray:
    """Round regression values to VALUE_STEP inside [−1, 1]: ``snap_value(0.12345)`` -> 0.123."""
    return _values(_codes(v, VALUE_LO, VALUE_STEP, VALUE_LEVELS), VALUE_LO, VALUE_STEP)


@dataclass(frozen=True)
class OwnPoints:
    """The visitor's points, hashable and comparable (for the chapter state): codes on the grid.

    ``xy`` (n, 2) float64, ``labels`` (n,) int64 class numbers (classification) or ``values``
    (n,) float64 (regression, ``classes == 0``), rebuilt from the stored codes on each access.
    """

    x_codes: tuple[int, ...]
    y_codes: tuple[int, ...]
    targets: tuple[int, ...]  # class numbers, or value codes when classes == 0
    classes: int

    @classmethod
    def of(cls, xy, labels=None, values=None, classes: int = 2) -> OwnPoints:
        """Build from points (n, 2) with ``labels`` (n,) in 0 … classes−1, or ``values`` (n,) in
        [−1, 1] for regression (then ``classes`` is ignored and stored as 0). Raises ValueError."""
        P = np.asarray(xy, dtype=np.float64).reshape(-1, 2) if np.size(xy) else np.zeros((0, 2))
        n = len(P)
        if n > MAX_POINTS:
            raise ValueError(f"at most {MAX_POINTS} own points fit in a link ({n} given)")
        if not np.isfinite(P).all():
            raise ValueError("own points must have finite coordinates")
        if (labels is None) == (values is None):
            raise ValueError("give either labels (classification) or values (regression)")
        if values is not None:
            V = np.asarray(values, dtype=np.float64).reshape(-1)
            if len(V) != n or not np.isfinite(V).all():
                raise ValueError(f"values must be {n} finite numbers")
            targets, classes = _codes(V, VALUE_LO, VALUE_STEP, VALUE_LEVELS), 0
        else:
            if not 2 <= classes <= MAX_CLASSES:
                raise ValueError(f"classes must be 2 … {MAX_CLASSES}, not {classes}")
            targets = np.asarray(labels).reshape(-1)
            if len(targets) != n or not np.isin(targets, np.arange(classes)).all():
                raise ValueError(f"labels must be {n} class numbers 0 … {classes - 1}")
        codes = _codes(P, LO, STEP, LEVELS)
        return cls(
            tuple(int(c) for c in codes[:, 0]),
            tuple(int(c) for c in codes[:, 1]),
            tuple(int(t) for t in targets),
            int(classes),
        )

    @property
    def kind(self) -> str:
        return "regression" if self.classes == 0 else "classification"

    @property
    def xy(self) -> np.ndarray:
        return _values(np.array([self.x_codes, self.y_codes]).T.reshape(-1, 2), LO, STEP)

    @property
    def labels(self) -> np.ndarray | None:
        return np.array(self.targets, dtype=np.int64) if self.classes else None

    @property
    def values(self) -> np.ndarray | None:
        if self.classes:
            return None
        return _values(np.array(self.targets, dtype=np.int64), VALUE_LO, VALUE_STEP)

    def __len__(self) -> int:
        return len(self.x_codes)

    def added(self, point, target) -> OwnPoints:
        """A copy with one more point (snapped); ``target`` a class number or a value."""
        lab = None if self.classes == 0 else [*self.targets, int(target)]
        val = None if self.classes else [*self.values, float(target)]
        return OwnPoints.of(
            np.vstack([self.xy, np.reshape(point, (1, 2))]), lab, val, self.classes or 2
        )

    def without(self, index: int) -> OwnPoints:
        """A copy with point ``index`` removed."""
        keep = [i for i in range(len(self)) if i != index]
        pick = lambda t: tuple(t[i] for i in keep)  # noqa: E731
        return OwnPoints(pick(self.x_codes), pick(self.y_codes), pick(self.targets), self.classes)

    def nearest(self, point, within: float = 0.3) -> int | None:
        """Index of the point nearest to ``point`` (2,), if closer than ``within``; else None."""
        if not len(self):
            return None
        d = np.hypot(*(self.xy - np.asarray(point, dtype=np.float64)).T)
        i = int(np.argmin(d))
        return i if d[i] <= within else None


def encode(own: OwnPoints) -> str:
    """The link text for ``own``: zlib-compressed columns in base64url without padding."""
    n = len(own)
    parts = [struct.pack("<BBH", VERSION, own.classes, n)]
    parts.append(np.array(own.x_codes + own.y_codes, dtype="<u2").tobytes())
    dtype = "<u2" if own.classes == 0 else "u1"
    parts.append(np.array(own.targets, dtype=dtype).tobytes())
    packed = zlib.compress(b"".join(parts), 9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def _bad(why: str):
    raise urlstate.Invalid(f"it is not a valid points code ({why}).")


def decode(text: str) -> OwnPoints:
    """Read a code written by :func:`encode`; raise urlstate.Invalid with the reason in words."""
    text = text.strip()
    if len(text) > MAX_LENGTH:
        _bad(f"longer than the {MAX_LENGTH} characters {MAX_POINTS} points need")
    if not all(c.isalnum() or c in "-_" for c in text) or not text.isascii():
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
    if len(raw) < _HEADER:
        _bad("it is too short")
    version, classes, n = struct.unpack_from("<BBH", raw)
    if version != VERSION:
        _bad(f"version {version}; this page reads version {VERSION}")
    if classes == 1 or classes > MAX_CLASSES:
        _bad(f"{classes} classes; 0 (regression) or 2 … {MAX_CLASSES} are possible")
    if n > MAX_POINTS:
        _bad(f"{n} points; at most {MAX_POINTS}")
    width = 2 if classes == 0 else 1
    if len(raw) != _HEADER + n * (4 + width):
        _bad(f"{len(raw)} bytes do not hold {n} points")
    xy = np.frombuffer(raw, dtype="<u2", count=2 * n, offset=_HEADER).astype(np.int64)
    t = np.frombuffer(raw, dtype="<u2" if width == 2 else "u1", count=n, offset=_HEADER + 4 * n)
    if n and xy.max() > LEVELS:
        _bad("a coordinate lies outside the plot")
    top = VALUE_LEVELS if classes == 0 else classes - 1
    if n and int(t.max()) > top:
        _bad("a value lies outside −1 … 1" if classes == 0 else "a label names no class")
    return OwnPoints(
        tuple(int(c) for c in xy[:n]),
        tuple(int(c) for c in xy[n:]),
        tuple(int(c) for c in t),
        classes,
    )


def _parse(raw: str) -> tuple[OwnPoints | None, str | None]:
    if not raw.strip():
        return None, None
    return decode(raw), None


def _format(own: OwnPoints | None) -> str:
    return "" if own is None or not len(own) else encode(own)


FIELD = urlstate.Field("pts", _parse, _format, "Own points", max_length=MAX_LENGTH)
