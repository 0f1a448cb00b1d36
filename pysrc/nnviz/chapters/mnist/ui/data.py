"""Load the digits chapter's files from dist/data/ once per page: manifest, digits, weights.

build.py (the chapter's build step, ``build_data.py``) writes ``data/mnist.json``, which names
two content-hashed .npz files: the digits, and the model in the engine's format (read by
``model.read_model``, which checks it is the chapter's architecture). They are fetched with
relative URLs and kept for the life of the page, so coming back to the chapter is instant.
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass

import numpy as np

from nnviz.chapters.mnist.model import Digits, read_model, snapshot
from nnviz.dom.fetch import FetchError, fetch_bytes, fetch_json

MANIFEST = "data/mnist.json"


@dataclass(frozen=True)
class Shipped:
    """What the build shipped: the manifest (dict), the digits, and the pretrained parameters."""

    meta: dict
    digits: Digits
    params: dict  # W0…W3, b0…b3 as float32 arrays (the saved network's, as load_params takes them)
    model_meta: dict  # the model file's own metadata (its training recipe)


_loaded: Shipped | None = None


def _npz(data: bytes, what: str) -> dict:
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            return {k: npz[k] for k in npz.files}
    except (ValueError, OSError) as exc:
        raise FetchError(f"the {what} file is damaged ({exc})") from exc


async def load_shipped(progress=None) -> Shipped:
    """Return the shipped data, downloading it on first use; ``progress(text)`` reports steps."""
    global _loaded
    if _loaded is not None:
        return _loaded
    say = progress or (lambda _text: None)
    say("Loading the model description…")
    meta = await fetch_json(MANIFEST)
    if not isinstance(meta, dict) or meta.get("format") != "nnviz.mnist" or meta.get("version") != 2:
        raise FetchError(f"{MANIFEST} is not an nnviz digits manifest (version 2)")
    say("Downloading the pretrained weights and 10,000 digits…")
    model_bytes, digit_bytes = await asyncio.gather(
        fetch_bytes(f"data/{meta['model']}"), fetch_bytes(f"data/{meta['digits']}")
    )
    say("Unpacking…")
    saved = read_model(_npz(model_bytes, "weights"))  # ValueError if it is not the chapter's network
    digits = Digits.from_arrays(_npz(digit_bytes, "digits"))
    _loaded = Shipped(meta, digits, snapshot(saved.network), saved.metadata)
    return _loaded
