"""Chapter "Playground" (placeholder docstring only; the chapter's own ``__init__`` replaces it)."""
