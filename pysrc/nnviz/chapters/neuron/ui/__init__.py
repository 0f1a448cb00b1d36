"""Browser side of the chapter: the only modules here that import ``nnviz.dom``."""
