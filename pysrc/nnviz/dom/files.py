"""Files in and out of the page: a download made from text, a file picked by the visitor.

    download("code_lab.py", text, "text/x-python")      # the browser saves it (no server)
    text = await read_file(input_element)               # the first chosen file as text, or None
"""

from __future__ import annotations

import js
from pyodide.ffi import to_js

from nnviz.dom.elements import h


def download(name: str, text: str, mime: str) -> None:
    """Offer ``text`` as a file called ``name``."""
    blob = js.Blob.new(to_js([text]), to_js({"type": mime}, dict_converter=js.Object.fromEntries))
    url = js.URL.createObjectURL(blob)
    link = h("a", {"href": url, "download": name, "hidden": True})
    js.document.body.append(link)
    link.click()
    link.remove()
    js.setTimeout(js.Function.new("u", "URL.revokeObjectURL(u)"), 1000, url)


async def read_file(input_element) -> str | None:
    """The text of the first file chosen in ``<input type=file>`` (None when none is)."""
    files = input_element.files
    if not files or files.length == 0:
        return None
    return str(await files.item(0).text())
