"""Build-time steps that prepare data for dist/ (run by build.py, never shipped).

Each module here defines ``build(dist, cache, log, mnist_files)``; build.py runs them all.
"""
