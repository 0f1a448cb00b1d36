"""Start-up, called by the page's one Python script: load numpy, then start the app.

numpy comes through ``pyodide.loadPackage`` from our own lock file (vendored wheel,
sha256-checked by Pyodide) rather than PyScript's ``packages`` key, which would first load
micropip and packaging (two more downloads and imports) for the same result.
"""

from __future__ import annotations

from nnviz.dom import page


async def start() -> None:
    try:
        page.boot_stage("numpy", 0.5, "importing numpy")
        import numpy  # noqa: F401 - imported here so the progress bar shows its cost

        page.boot_stage("chapter", 0.2, "")
        from nnviz.app import App

        app = App()
        app.start()
        globals()["APP"] = app  # keep a reference for debugging from the console
    except Exception as exc:
        page.report_error(exc, "nnviz could not start.")
        raise
