"""Files in and out of the page, with nothing leaving it.

    download("model.json", text, "application/json")    # a blob: link, clicked once
    text = await read_file(input_el)                    # the first chosen file as text, or None
    read_text(input_el, lambda text: ...)               # the same, for a plain event handler

Errors inside ``read_text``'s callback are shown in the error panel (never swallowed).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import js
from pyodide.ffi import create_once_callable

from nnviz.dom.page import report_error


def download(filename: str, text: str, mime: str = "text/plain") -> None:
    """Offer ``text`` as a file named ``filename`` (the object URL is revoked a second later)."""
    blob = js.Blob.new([text], js.Object.fromEntries([["type", mime]]))
    url = js.URL.createObjectURL(blob)
    a = js.document.createElement("a")
    a.href = url
    a.download = filename
    a.style.display = "none"
    js.document.body.append(a)
    a.click()
    a.remove()
    js.setTimeout(create_once_callable(lambda: js.URL.revokeObjectURL(url)), 1000)


async def read_file(input_el) -> str | None:
    """The text of the first file chosen in ``<input type=file>`` (None when none is)."""
    files = input_el.files
    if not files or files.length == 0:
        return None
    return str(await files.item(0).text())


def read_text(input_el, then: Callable[[str], None]) -> None:
    """Read the first file chosen in ``input_el`` as text and call ``then(text)``."""

    async def go():
        text = await read_file(input_el)
        if text is not None:
            then(text)

    task = asyncio.ensure_future(go())
    task.add_done_callback(lambda t: t.exception() and report_error(t.exception(), "while reading a file"))
