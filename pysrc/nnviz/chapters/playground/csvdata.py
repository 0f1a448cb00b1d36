"""The visitor's own data as CSV: parse pasted or uploaded text, standardise it, write it back.

    table = parse("x1,x2,label\\n1.5,2,cat\\n-3,0.5,dog\\n0,1,cat\\n2,2,dog\\n")
    table.points          # (4, 2) float64 in the file's own units: [[1.5, 2], [-3, 0.5], …]
    table.labels          # (4,) int64 class numbers: [0, 1, 0, 1]; table.values is None
    table.kind            # "classification"; table.class_names == ("cat", "dog")
    parse("1,2,x\\n1,abc,y")  # raises CsvError: "row 2: 'abc' is not a number"

    scale = Standardisation.fit(table.points)   # mean and standard deviation of each column
    Z = scale.apply(table.points)               # (4, 2): what the network is fed (mean 0, sd 1)
    to_csv(table.points, table.labels, train=mask, class_names=table.class_names)
    # "x1,x2,label,split\\n1.5,2.0,cat,train\\n…" — the exact train/test split, one row per point

What is read: three columns ``x1, x2, label`` (classification) or ``x1, x2, y`` (regression), an
optional fourth column ``split`` of ``train``/``test`` (what ``to_csv`` writes), a header row
optional (it is a header when its first two entries are not numbers). Tolerated: a byte-order
mark, CRLF or CR line ends, blank lines, spaces around entries, entries in double quotes,
``;`` or tab separators (then a decimal comma, ``1,5``, is read as 1.5), a trailing empty entry.

Classification or regression: the ``kind`` argument if given, else the header's third name
(``label``/``class``/``category`` -> classification; ``y``/``value``/``target`` -> regression),
else the data: any entry that is not a number, or at most MAX_CLASSES distinct whole numbers,
means classes. Class names are sorted (numbers numerically, so TFP's −1/+1 become classes 0/1);
class k is ``class_names[k]``.

Refused, with the reason and no partial result (the caller keeps its old data): more than
MAX_BYTES characters, more than MAX_ROWS data rows, fewer than MIN_ROWS, more than MAX_CLASSES
classes or only one, NaN or infinite numbers, a wrong number of columns. Errors name the row as
the line number in the text (the line an editor shows, header and blank lines included), e.g.
``row 17: 'abc' is not a number``; up to MAX_ERRORS rows are listed in one message.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass

import numpy as np

MAX_BYTES = 2_000_000  # characters; about 60 000 rows of typical numbers, far more than MAX_ROWS
MAX_ROWS = 5000  # data rows: beyond this the per-neuron maps and training slow the page
MIN_ROWS = 4  # enough for a training and a test part
MAX_CLASSES = 5
MAX_ERRORS = 10
KINDS = ("classification", "regression")
CLASS_NAMES = ("label", "class", "category", "classes", "labels")
VALUE_NAMES = ("y", "value", "target", "output")


class CsvError(ValueError):
    """The text cannot be used; ``str(error)`` says why in words, ``errors`` lists each row's problem."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = list(errors)


@dataclass(frozen=True)
class Table:
    """Parsed data: points (n, 2) float64 in their own units; labels (n,) int64 class numbers or
    values (n,) float64; kind; class names (K,) for classification, () for regression; the column
    names (from the header, or the default ones); split (n,) bool, True = training point, when the
    file said so, else None."""

    points: np.ndarray
    labels: np.ndarray | None
    values: np.ndarray | None
    kind: str
    class_names: tuple[str, ...]
    columns: tuple[str, str, str]
    split: np.ndarray | None = None

    @property
    def target(self) -> np.ndarray:
        """labels for classification, values for regression: (n,)."""
        return self.labels if self.kind == "classification" else self.values

    @property
    def classes(self) -> int:
        """K (0 for regression)."""
        return len(self.class_names)

    def __len__(self) -> int:
        return len(self.points)


# ----- numbers --------------------------------------------------------------------------------


def _clean(entry: str) -> str:
    text = entry.strip()
    while len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()
    return text


def _shown(text: str) -> str:
    return text if len(text) <= 30 else text[:27] + "..."


def read_number(entry: str, decimal_comma: bool = False) -> float:
    """``" '1.5' "`` -> 1.5; raise ValueError("'abc' is not a number") or ("… is not a finite
    number") for NaN/inf. With ``decimal_comma``, ``"1,5"`` -> 1.5."""
    text = _clean(entry)
    if decimal_comma and text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not text:
        raise ValueError("an entry is empty")
    try:
        value = float(text.replace("_", "x"))  # no digit separators: "1_000" is not a number here
    except ValueError:
        raise ValueError(f"'{_shown(text)}' is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"'{_shown(text)}' is not a finite number")
    return value


def _is_number(entry: str, decimal_comma: bool) -> bool:
    try:
        read_number(entry, decimal_comma)
    except ValueError:
        return False
    return True


# ----- parsing --------------------------------------------------------------------------------


def _separator(line: str) -> str:
    if "\t" in line:
        return "\t"
    if ";" in line:
        return ";"
    return ","


def _rows(text: str, sep: str):
    """Yield (line number, entries) for every non-blank line."""
    reader = csv.reader(text.splitlines(), delimiter=sep, skipinitialspace=True)
    while True:
        try:
            entries = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CsvError([f"row {reader.line_num}: cannot be read ({exc})"]) from None
        if entries and any(e.strip() for e in entries):
            while len(entries) > 1 and not entries[-1].strip():
                entries.pop()  # "1,2,a," — a trailing separator
            yield reader.line_num, entries


def parse(text: str | bytes, kind: str | None = None) -> Table:
    """Read CSV text (or UTF-8 bytes) into a :class:`Table`; raise :class:`CsvError` saying why not.

    ``kind`` ("classification" / "regression") overrides what the header or the data suggest.
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    if isinstance(text, (bytes, bytearray)):
        if len(text) > MAX_BYTES:
            raise CsvError([_too_big(len(text))])
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CsvError(["the file is not UTF-8 text (save it as CSV, UTF-8)"]) from None
    if len(text) > MAX_BYTES:
        raise CsvError([_too_big(len(text))])
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise CsvError(["the file holds binary data (NUL characters), not CSV text"])
    lines = sum(1 for ln in text.splitlines() if ln.strip())
    if lines > MAX_ROWS + 1:  # a header row may come on top
        raise CsvError([f"the data has {lines} rows; at most {MAX_ROWS} points are accepted"])
    sep = _separator(next((ln for ln in text.splitlines() if ln.strip()), ""))
    decimal_comma = sep != ","
    rows = list(_rows(text, sep))
    if not rows:
        raise CsvError(["there is no data: paste rows such as 1.5,2,red (x1, x2, label)"])

    columns: tuple[str, str, str] = ("x1", "x2", "label")
    first_no, first = rows[0]
    width, header = 3, False
    if len(first) >= 2 and not any(_is_number(e, decimal_comma) for e in first[:2]):
        names = [_clean(e) for e in first]
        if len(names) in (3, 4):
            columns = (names[0] or "x1", names[1] or "x2", names[2] or "label")
            width, header = len(names), True
        rows = rows[1:]
        if len(names) not in (3, 4):
            raise CsvError([f"row {first_no}: the header has {len(names)} columns; expected 3 "
                            "(x1, x2, label or y), optionally a 4th (split)"])  # fmt: skip
    if len(rows) < MIN_ROWS:
        raise CsvError([f"there are {len(rows)} data rows; at least {MIN_ROWS} are needed"])
    if len(rows) > MAX_ROWS:
        raise CsvError([f"the data has {len(rows)} rows; at most {MAX_ROWS} points are accepted"])

    errors: list[str] = []
    n_bad = 0

    def fail(no: int, why: str) -> None:
        nonlocal n_bad
        n_bad += 1
        if len(errors) < MAX_ERRORS:
            errors.append(f"row {no}: {why}")

    if not header and rows and len(rows[0][1]) == 4:
        width = 4
    what = f"x1, x2, {columns[2]}" + (", split" if width == 4 else "")
    points = np.zeros((len(rows), 2))
    raw_targets: list[str] = []
    splits: list[str] = []
    for i, (no, entries) in enumerate(rows):
        if len(entries) != width:
            fail(no, f"expected {width} values ({what}), found {len(entries)}")
            raw_targets.append("")
            continue
        for j in (0, 1):
            try:
                points[i, j] = read_number(entries[j], decimal_comma)
            except ValueError as exc:
                fail(no, str(exc))
                break
        target = _clean(entries[2])
        if not target:
            fail(no, f"the {columns[2]} is empty")
        raw_targets.append(target)
        if len(entries) == 4:
            s = _clean(entries[3]).lower()
            if s not in ("train", "test"):
                fail(no, f"the 4th column (split) must be train or test, not '{_shown(s)}'")
            splits.append(s)
    if n_bad:
        raise CsvError(_with_more(errors, n_bad))

    named = _kind_from_name(columns[2]) if header else None
    kind = kind or named or _kind_from_data(raw_targets, decimal_comma)
    if kind == "regression" and not header:
        columns = (columns[0], columns[1], "y")
    split = np.array([s == "train" for s in splits]) if width == 4 else None
    if kind == "regression":
        values = np.zeros(len(rows))
        for i, (no, _) in enumerate(rows):
            try:
                values[i] = read_number(raw_targets[i], decimal_comma)
            except ValueError as exc:
                fail(no, f"{exc} (the {columns[2]} column of regression data holds numbers)")
        if n_bad:
            raise CsvError(_with_more(errors, n_bad))
        return Table(points, None, values, kind, (), columns, split)
    names = _class_names(raw_targets, decimal_comma)
    if len(names) > MAX_CLASSES:
        shown = ", ".join(names[:6]) + (", …" if len(names) > 6 else "")
        hint = ""
        if all(_is_number(t, decimal_comma) for t in raw_targets):
            hint = " (if the third column is a value to predict, name it y in a header row)"
        raise CsvError([f"the data has {len(names)} classes ({shown}); at most {MAX_CLASSES} "
                        f"are supported{hint}"])  # fmt: skip
    if len(names) < 2:
        raise CsvError([f"every row has the same label ('{_shown(names[0])}'); a classifier "
                        "needs at least two classes"])  # fmt: skip
    index = {n: k for k, n in enumerate(names)}
    keys = [_label_key(t, decimal_comma) for t in raw_targets]
    labels = np.array([index[k] for k in keys], dtype=np.int64)
    return Table(points, labels, None, kind, tuple(names), columns, split)


def _too_big(n: int) -> str:
    return (f"the text is {n / 1e6:.1f} million characters; at most {MAX_BYTES / 1e6:g} million "
            f"(about {MAX_ROWS} rows) are accepted")  # fmt: skip


def _with_more(errors: list[str], n_bad: int) -> list[str]:
    if n_bad > len(errors):
        return [*errors, f"… and {n_bad - len(errors)} more rows with problems"]
    return errors


def _kind_from_name(name: str) -> str | None:
    low = name.strip().lower()
    if low in CLASS_NAMES:
        return "classification"
    if low in VALUE_NAMES:
        return "regression"
    return None


def _kind_from_data(targets: list[str], decimal_comma: bool) -> str:
    try:
        numbers = [read_number(t, decimal_comma) for t in targets]
    except ValueError:
        return "classification"
    distinct = set(numbers)
    whole = all(v == int(v) for v in distinct)
    return "classification" if whole and len(distinct) <= MAX_CLASSES else "regression"


def _label_key(text: str, decimal_comma: bool) -> str:
    """Labels that are numbers compare as numbers: "1", "1.0" and "+1" are one class, "1"."""
    try:
        v = read_number(text, decimal_comma)
    except ValueError:
        return text
    return str(int(v)) if v == int(v) else repr(v)


def _class_names(targets: list[str], decimal_comma: bool) -> list[str]:
    keys = sorted({_label_key(t, decimal_comma) for t in targets}, key=lambda k: _sort_key(k))
    return keys


def _sort_key(key: str):
    try:
        return (0, float(key), "")
    except ValueError:
        return (1, 0.0, key.lower() + "\x00" + key)


# ----- standardisation ------------------------------------------------------------------------


@dataclass(frozen=True)
class Standardisation:
    """Per-column z = (x − mean) / std, as the network is fed; stored so export can redo it.

    ``Standardisation.fit(X)`` for X (n, m); ``apply(X)`` -> (n, m) float64; ``invert(Z)`` undoes
    it; ``to_dict()`` -> ``{"mean": [..m], "std": [..m]}`` and ``from_dict`` (validated) back.
    A column whose values are all equal gets std 1 (it cannot be scaled, only centred).
    """

    mean: tuple[float, ...]
    std: tuple[float, ...]

    @classmethod
    def fit(cls, X) -> Standardisation:
        A = np.asarray(X, dtype=np.float64)
        if A.ndim == 1:
            A = A.reshape(-1, 1)
        if A.ndim != 2 or len(A) == 0 or not np.isfinite(A).all():
            raise ValueError("standardisation needs a non-empty (n, m) array of finite numbers")
        std = A.std(axis=0)
        std = np.where(std > 1e-12 * np.maximum(1.0, np.abs(A).max(axis=0)), std, 1.0)
        return cls(tuple(float(v) for v in A.mean(axis=0)), tuple(float(v) for v in std))

    @classmethod
    def identity(cls, m: int = 2) -> Standardisation:
        """No change (the built-in data sets are fed as they are): mean 0, std 1."""
        return cls((0.0,) * m, (1.0,) * m)

    def apply(self, X) -> np.ndarray:
        A = np.asarray(X, dtype=np.float64)
        return (A - np.array(self.mean)) / np.array(self.std)

    def invert(self, Z) -> np.ndarray:
        A = np.asarray(Z, dtype=np.float64)
        return A * np.array(self.std) + np.array(self.mean)

    def to_dict(self) -> dict:
        return {"mean": list(self.mean), "std": list(self.std)}

    @classmethod
    def from_dict(cls, d, m: int | None = None) -> Standardisation:
        """Read ``{"mean": [...], "std": [...]}``; ValueError unless both are lists of finite
        numbers of the same length (``m`` if given), every std > 0."""
        if not isinstance(d, dict) or set(d) != {"mean", "std"}:
            raise ValueError('standardisation must be {"mean": [...], "std": [...]}')
        mean, std = d["mean"], d["std"]
        for name, v in (("mean", mean), ("std", std)):
            if not (isinstance(v, list) and v and all(_finite(x) for x in v)):
                raise ValueError(f"standardisation {name} must be a list of finite numbers")
        if len(mean) != len(std) or (m is not None and len(mean) != m):
            want = m if m is not None else len(mean)
            raise ValueError(f"standardisation needs {want} means and {want} stds, got "
                             f"{len(mean)} and {len(std)}")  # fmt: skip
        if any(s <= 0 for s in std):
            raise ValueError("standardisation std values must be above 0")
        return cls(tuple(float(v) for v in mean), tuple(float(v) for v in std))


def _finite(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


# ----- writing --------------------------------------------------------------------------------


def _num(v: float) -> str:
    return repr(float(v))  # shortest text that reads back to exactly this float


def _entry(text: str) -> str:
    if any(c in text for c in ',;"\t\n\r') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def to_csv(
    points,
    target,
    train,
    class_names: tuple[str, ...] | list[str] = (),
    columns: tuple[str, str, str] | None = None,
) -> str:
    """Write the data with its exact train/test split: header ``x1,x2,label,split`` (or ``y`` for
    regression, i.e. when ``class_names`` is empty), one row per point in the given order.

    points (n, 2); target (n,) class numbers (written as their names) or values; train (n,) bool,
    True for a training point. ``parse(to_csv(...))`` gives back the same points, targets and split.
    """
    P = np.asarray(points, dtype=np.float64)
    T = np.asarray(target)
    S = np.asarray(train, dtype=bool)
    n = len(P)
    if P.shape != (n, 2) or T.shape != (n,) or S.shape != (n,):
        raise ValueError(f"to_csv needs points (n, 2), target (n,), train (n,); got "
                         f"{P.shape}, {T.shape}, {S.shape}")  # fmt: skip
    names = list(class_names)
    cols = columns or ("x1", "x2", "label" if names else "y")
    out = [",".join(_entry(c) for c in (*cols, "split"))]
    for (a, b), t, s in zip(P, T, S, strict=True):
        third = _entry(names[int(t)]) if names else _num(t)
        out.append(f"{_num(a)},{_num(b)},{third},{'train' if s else 'test'}")
    return "\n".join(out) + "\n"


def split_mask(n_train: int, n_test: int) -> np.ndarray:
    """The ``train`` argument for data written as training points then test points:
    ``split_mask(2, 1)`` -> ``[True, True, False]`` (use with np.concatenate of an engine Split)."""
    return np.concatenate([np.ones(n_train, dtype=bool), np.zeros(n_test, dtype=bool)])
