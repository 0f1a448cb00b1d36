"""Run the visitor's code with a time limit, and turn its failures into sentences with a line.

    prog = compile_program(source)              # raises CodeError(message, line) on any failure
    with deadline(1.5):                         # code running past 1.5 s raises TimeLimit inside it
        p, cache = prog.forward(params, X)

Why a tracer: the page's Python runs on the browser's main thread, where Pyodide can be
interrupted only through a SharedArrayBuffer, which needs cross-origin isolation (COOP/COEP
headers), which GitHub Pages and file:// cannot give. So the visitor's code objects (file
name ``<code lab>``) check the clock themselves and raise :class:`TimeLimit` once the deadline
has passed: with ``sys.monitoring`` (Python 3.12+, so in Pyodide) on every jump of those code
objects only; before 3.12 through a ``sys.settrace`` hook that ignores
every other frame. The clock is read at every 64th event (a clock read goes through JavaScript
in Pyodide and cost more than the rest of the guard). A ``while True: pass`` jumps back once
per turn, so it is stopped on time.

Limits: one long call into C (a huge numpy product, ``time.sleep``) runs to its end before the
next line event; code that calls ``sys.settrace`` or ``sys.monitoring`` itself can switch the guard off, and code
objects it makes at run time (``exec``) are not watched; library Python
called by the visitor (numpy's own Python functions) is not traced, but returns to a traced line.
"""

from __future__ import annotations

import contextlib
import math
import sys
import time
import traceback
import types
from dataclasses import dataclass

import numpy as np

FILENAME = "<code lab>"
REQUIRED = ("init_params", "forward", "loss", "backward", "update")
STEP_LIMIT_S = 1.5  # a step (or the module's top level) running longer is stopped


class CodeError(Exception):
    """The visitor's code failed: ``message`` in words, ``line`` in their code (0: none)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


class TimeLimit(Exception):
    """Raised inside the visitor's code when its deadline has passed."""


@dataclass(frozen=True)
class Program:
    """The visitor's compiled code: the five functions and the module namespace."""

    source: str
    namespace: dict

    def __getattr__(self, name):
        if name in REQUIRED:
            return self.namespace[name]
        raise AttributeError(name)


_END = [math.inf]  # the current deadline (perf_counter seconds); inf outside ``deadline``
_TOOL = 4  # a sys.monitoring tool id no debugger, coverage or profiler tool uses
_MONITORING = hasattr(sys, "monitoring")  # Python 3.12+ (Pyodide 0.29: 3.13)


_EVENTS = [0]
CHECK_EVERY = 64  # events between two looks at the clock: reading it costs ~µs in Pyodide


def _check(*_args):
    _EVENTS[0] += 1
    if _EVENTS[0] % CHECK_EVERY == 0 and time.perf_counter() > _END[0]:
        raise TimeLimit("stopped")


def watch(code: types.CodeType) -> None:
    """Make ``code`` (and the functions and comprehensions inside it) check the deadline.

    With sys.monitoring (3.12+) only these code objects raise events, on every jump (each turn
    of a loop is one), so other code (numpy's own Python) runs at full speed. Function starts
    are not watched: endless recursion ends in a RecursionError by itself. Before 3.12,
    :func:`deadline` falls back to a sys.settrace hook that skips other frames.
    """
    if not _MONITORING:
        return
    mon = sys.monitoring
    if mon.get_tool(_TOOL) is None:
        mon.use_tool_id(_TOOL, "nnviz code lab")
        mon.register_callback(_TOOL, mon.events.JUMP, _check)
    todo = [code]
    while todo:
        c = todo.pop()
        mon.set_local_events(_TOOL, c, mon.events.JUMP)
        todo.extend(k for k in c.co_consts if isinstance(k, types.CodeType))


@contextlib.contextmanager
def deadline(seconds: float):
    """Stop the visitor's code with TimeLimit once ``seconds`` have passed (see module doc)."""
    previous_end = _END[0]
    _END[0] = min(previous_end, time.perf_counter() + seconds)
    if _MONITORING:
        try:
            yield
        finally:
            _END[0] = previous_end
        return

    def local(frame, event, arg):
        _check()
        return local

    def global_(frame, event, arg):
        if frame.f_code.co_filename == FILENAME:
            _check()
            return local
        return None

    previous = sys.gettrace()
    sys.settrace(global_)
    try:
        yield
    finally:
        sys.settrace(previous)
        _END[0] = previous_end


def compile_program(source: str, seconds: float = STEP_LIMIT_S) -> Program:
    """Compile and run the module ``source``; check that it defines the five functions."""
    try:
        code = compile(source, FILENAME, "exec")
    except SyntaxError as exc:
        raise CodeError(f"{type(exc).__name__}: {exc.msg}", exc.lineno or 0) from None
    watch(code)
    namespace: dict = {"__name__": "code_lab"}
    run(lambda: exec(code, namespace), "running your code", seconds)
    missing = [n for n in REQUIRED if not isinstance(namespace.get(n), types.FunctionType)]
    if missing:
        raise CodeError(f"your code must define the function{'s' if len(missing) > 1 else ''} "
                        + ", ".join(missing) + ".")
    return Program(source, namespace)


class Phase:
    """What the visitor's code is doing, for messages: ``Phase.now`` ("running backward")."""

    now = "running your code"


@contextlib.contextmanager
def guarded(seconds: float = STEP_LIMIT_S):
    """Run a block of calls into the visitor's code under one deadline; any failure becomes a
    CodeError naming :attr:`Phase.now` (set it before each call: cheaper than :func:`run`)."""
    try:
        with deadline(seconds), np.errstate(all="ignore"):  # NaN and overflow are checked, not warned
            yield
    except TimeLimit:
        raise CodeError(f"{Phase.now} took longer than {seconds:g} s, so it was stopped (an endless loop?). "
                        "The page keeps the last code that worked.", _last_line(sys.exc_info()[2])) from None
    except CodeError:
        raise
    except Exception as exc:  # the visitor's error, whatever it is
        raise explain(exc, Phase.now) from None


def run(fn, what: str, seconds: float = STEP_LIMIT_S):
    """Call ``fn()`` under a deadline; any failure becomes a CodeError naming ``what``."""
    Phase.now = what
    with guarded(seconds):
        return fn()


def _user_frames(tb):
    return [(f, ln) for f, ln in traceback.walk_tb(tb) if f.f_code.co_filename == FILENAME]


def _last_line(tb) -> int:
    frames = _user_frames(tb)
    return frames[-1][1] if frames else 0


def explain(exc: BaseException, what: str) -> CodeError:
    """A CodeError for an exception from the visitor's code: the message, the line, and for a
    shape error the shapes of the arrays in the failing function."""
    frames = _user_frames(exc.__traceback__)
    line = frames[-1][1] if frames else 0
    where = f" in {frames[-1][0].f_code.co_name}" if frames else ""
    text = f"{type(exc).__name__}{where} while {what}: {exc}"
    if frames and _is_shape_error(exc):
        arrays = [f"{k} {tuple(v.shape)}" for k, v in frames[-1][0].f_locals.items()
                  if isinstance(v, np.ndarray) and not k.startswith("_")]
        if arrays:
            text += ". Shapes here: " + ", ".join(arrays[:8])
            text += ". For a @ b the last size of a must equal the first of b; + and * need equal sizes or 1s."
    return CodeError(text, line)


def _is_shape_error(exc: BaseException) -> bool:
    words = str(exc)
    return isinstance(exc, ValueError) and any(w in words for w in ("shape", "broadcast", "dimension", "mismatch"))
