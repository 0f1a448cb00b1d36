"""The browser layer: the only package that imports ``js`` and ``pyodide.ffi``.

Thin on purpose: it creates elements, applies batched attribute arrays, binds events
and runs the frame loop. Everything it draws was decided by ``nnviz.kit``.
Uses only ``js`` + ``pyodide.ffi`` (never the ``pyscript`` module), so the same code
runs under PyScript (hosted site) and under a plain Pyodide loader (file://, iframes).
"""
