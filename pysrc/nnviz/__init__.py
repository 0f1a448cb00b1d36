"""nnviz: an interactive, visual course on neural networks that runs in the browser.

Layers (data flows one way: control -> state -> engine -> view -> dom):
  engine/    numpy only: networks, activations, losses, optimisers, data sets.
  view/      pure Python: layout, scales, colours; plain values and numpy arrays.
  dom/       the only package that imports ``js`` / ``pyodide.ffi``.
  chapters/  one module (or small package) per chapter.
  app.py     routing between chapters, embed mode, the ready marker.

engine/ and view/ never import ``js``: they run and are tested in plain CPython.
"""

__version__ = "0.1.0"
