"""State of the code lab: the data, the network's hidden sizes, the seed and the code itself.

Pure Python (no ``js``): ``#/code?data=xor&points=200&noise=10&hidden=8,8&seed=3&code=eNq…``
<-> ``State(data="xor", points=200, noise=10, hidden=(8, 8), seed=3, code="import numpy …")``.

The code travels in the link compressed: zlib, then base64url without padding
(``encode_code``); the default code is written as an empty value. A link holds at most
``MAX_CODE_LINK`` characters of it (about three times the default code's length): longer code
is left out of the link, and the page says so (``code_fits``).
"""

from __future__ import annotations

import base64
import binascii
import zlib
from dataclasses import dataclass

from nnviz import urlstate
from nnviz.chapters.code.program import DEFAULT_CODE

DATASETS = ("circle", "xor", "gauss", "spiral", "moons", "checkerboard")
MAX_CODE_LINK = 4000  # characters of compressed code a link may carry
MAX_CODE_CHARS = 20_000  # a decompressed code longer than this is refused (no zip bombs)
MIN_POINTS, MAX_POINTS = 20, 1000
MAX_HIDDEN_LAYERS, MAX_NEURONS = 4, 16


@dataclass(frozen=True)
class State:
    data: str = "circle"
    points: int = 200
    noise: int = 0
    hidden: tuple[int, ...] = (8, 8)
    seed: int = 1
    code: str = DEFAULT_CODE


def encode_code(code: str) -> str:
    """The code for a link: "" for the default, else zlib + base64url (no padding)."""
    if code == DEFAULT_CODE:
        return ""
    packed = zlib.compress(code.encode("utf-8"), 9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def code_fits(code: str) -> bool:
    """True when the link can carry ``code`` (its encoding is at most MAX_CODE_LINK characters)."""
    return len(encode_code(code)) <= MAX_CODE_LINK


def decode_code(raw: str) -> str:
    """Inverse of encode_code; raise urlstate.Invalid with a reason for anything else."""
    raw = raw.strip()
    if not raw:
        return DEFAULT_CODE
    try:
        padded = raw + "=" * (-len(raw) % 4)
        packed = base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True)
        inflater = zlib.decompressobj()
        data = inflater.decompress(packed, MAX_CODE_CHARS * 4)
        if inflater.unconsumed_tail:
            raise urlstate.Invalid("the code in it is too long.")
        if not inflater.eof:
            raise ValueError("truncated")
        text = data.decode("utf-8")
    except (binascii.Error, ValueError, zlib.error, UnicodeError) as exc:
        if isinstance(exc, urlstate.Invalid):
            raise
        raise urlstate.Invalid("it is not code written by this page (it does not unpack).") from None
    if len(text) > MAX_CODE_CHARS or "\x00" in text:
        raise urlstate.Invalid("the code in it is too long or not text.")
    return text


def _format_code(code: str) -> str:
    value = encode_code(code)
    return value if len(value) <= MAX_CODE_LINK else ""


def _parse_code(raw: str) -> tuple[str, str | None]:
    return decode_code(raw), None


def _parse_hidden(raw: str) -> tuple[tuple[int, ...], str | None]:
    values = urlstate.parse_int_list(raw, 1, MAX_NEURONS, 1, MAX_HIDDEN_LAYERS, "hidden layer size")
    return tuple(values), None


FIELDS = (
    urlstate.choice_field("data", DATASETS, "Data set"),
    urlstate.int_field("points", MIN_POINTS, MAX_POINTS, "Points"),
    urlstate.int_field("noise", 0, 50, "Noise"),
    urlstate.Field("hidden", _parse_hidden, lambda v: ",".join(map(str, v)), "Hidden layers"),
    urlstate.int_field("seed", 0, 9999, "Seed"),
    urlstate.Field("code", _parse_code, _format_code, "Code", max_length=MAX_CODE_LINK + 8),
)
