"""A code editor on the page: load the bundled CodeMirror 6 once, then wrap one editor.

    await load_editor()                                   # fetches data/codelab.json and its script
    ed = CodeEditor(scope, parent, text, on_change, on_run, described_by="code-status")
    ed.value; ed.value = text; ed.mark(3, "SyntaxError: …"); ed.clear_mark()

The script is fetched like a data file (so the offline build, which answers fetch from embedded
files, has it too) and run from a ``<script>`` element's text: no module loader, nothing from
outside data/. It defines ``window.nnvizEditor`` (chapters/code/editor.mjs, bundled by that
chapter's build step, which writes the manifest).
"""

from __future__ import annotations

import js
from pyodide.ffi import to_js

from nnviz.dom.elements import h
from nnviz.dom.fetch import fetch_bytes, fetch_json

MANIFEST = "data/codelab.json"


async def load_editor() -> None:
    """Make ``window.nnvizEditor`` exist (once per page); raise FetchError when it cannot."""
    if getattr(js.window, "nnvizEditor", None):
        return
    meta = await fetch_json(MANIFEST)
    source = (await fetch_bytes(f"data/{meta['editor']}")).decode("utf-8")
    script = h("script", {"id": "nnviz-editor-script"})
    script.text = source
    js.document.head.append(script)


class CodeEditor:
    """One CodeMirror 6 editor in ``parent`` (accessible name "Code editor")."""

    def __init__(self, scope, parent, text: str, on_change, on_run, described_by: str = ""):
        options = to_js({"label": "Code editor", "describedBy": described_by,
                         "onChange": scope.proxy(lambda: on_change()), "onRun": scope.proxy(lambda: on_run())},
                        dict_converter=js.Object.fromEntries)
        self._ed = js.nnvizEditor.create(parent, text, options)
        scope.adopt(self)

    @property
    def value(self) -> str:
        return str(self._ed.getValue())

    @value.setter
    def value(self, text: str) -> None:
        self._ed.setValue(text)

    def mark(self, line: int, message: str) -> None:
        self._ed.markError(int(line), message)

    def clear_mark(self) -> None:
        self._ed.clearError()

    def error_line(self) -> int:
        return int(self._ed.errorLine())

    def focus(self) -> None:
        self._ed.focus()

    def destroy(self) -> None:
        if self._ed is not None:
            self._ed.destroy()
            self._ed = None
