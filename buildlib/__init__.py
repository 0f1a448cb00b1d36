"""Build-time steps of build.py that belong to no chapter: the start-up snapshot and numpy bytecode
(runtime.py, runtime.mjs). Never shipped. A chapter's own data step lives in its folder and is
named in the registry (``build_step``)."""
