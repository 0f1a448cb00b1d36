"""The view layer: layout, scales, colours and text, as plain values and numpy arrays.

Never imports ``js``: everything here is decided in pure Python and unit-tested in
CPython; ``nnviz.dom`` applies it to the page.
"""
