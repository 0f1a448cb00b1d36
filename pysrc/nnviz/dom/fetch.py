"""Fetch the site's own data files from Python (relative URLs only: the site never leaves its origin).

    data = await fetch_bytes("data/mnist-digits-3f2a….npz")
    meta = await fetch_json("data/mnist.json")

Uses ``pyodide.http.pyfetch`` (the browser's fetch), so it works the same under PyScript and
plain Pyodide, where the portable build answers fetch from embedded files.
"""

from __future__ import annotations

import json

from pyodide.http import pyfetch


class FetchError(OSError):
    """A data file could not be loaded; the message says which and why, for the visitor."""


def _check_relative(url: str) -> None:
    if "://" in url or url.startswith("//"):
        raise ValueError(f"only relative URLs are fetched, got {url!r}")


async def fetch_bytes(url: str) -> bytes:
    """Return the body of ``url`` (relative to the page) as bytes; raise FetchError on failure."""
    _check_relative(url)
    try:
        response = await pyfetch(url)
    except Exception as exc:  # network failure: the browser gives no status
        raise FetchError(f"could not download {url} ({exc})") from exc
    if not response.ok:
        raise FetchError(f"could not download {url} (HTTP {response.status})")
    return await response.bytes()


async def fetch_json(url: str):
    """Return ``url`` parsed as JSON; raise FetchError if it is missing or malformed."""
    body = await fetch_bytes(url)
    try:
        return json.loads(body)
    except ValueError as exc:
        raise FetchError(f"{url} is not valid JSON ({exc})") from exc
