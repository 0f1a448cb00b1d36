"""Start-up, called by the page's one Python script: load numpy, then start the app.

numpy's files are installed by Pyodide before this runs, from our own lock file (the
vendored wheel, sha256-checked by Pyodide; PyScript's ``packages_cache: "passthrough"`` hands
the list straight to ``loadPyodide``, so micropip is never loaded). Importing it here puts its
cost under the right label on the progress bar.
"""

from __future__ import annotations

import asyncio

from nnviz.dom import page


async def breathe() -> None:
    """Give the browser a turn (input, scrolling, painting) between start-up steps: each step
    is then its own task, and the page answers in between (issue 19: total blocking time)."""
    await asyncio.sleep(0)


async def start() -> None:
    try:
        page.boot_stage("numpy", 0.5, "importing numpy")
        await breathe()
        # one step: a submodule's import runs the package's __init__ first, so it cannot be split
        import numpy  # imported here so the progress bar shows its cost

        await breathe()
        from nnviz.dom import kernel

        products = await kernel.install()  # before the first chapter trains anything
        page.boot_stage("chapter", 0.2, "")
        await breathe()
        from nnviz.app import App

        app = App()
        app.start()
        globals()["APP"] = app  # keep a reference for debugging from the console
        page.show_runtime_info(numpy.__version__, products)
    except Exception as exc:
        page.report_error(exc, "nnviz could not start.")
        raise
