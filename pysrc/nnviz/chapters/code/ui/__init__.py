"""Browser side of the code lab: the only modules of the chapter that import ``nnviz.dom``."""
