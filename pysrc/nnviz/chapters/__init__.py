"""Chapters: one module (or small package) each, listed in :mod:`nnviz.chapters.registry`."""
