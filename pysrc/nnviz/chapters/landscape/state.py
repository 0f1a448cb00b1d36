"""State of the landscape chapter and its URL fields (pure Python).

    #/landscape?surface=rosenbrock&start=-1.2,1&opt=sgd,adam&adam_lr=0.05&schedule=cosine …

``start`` and every learning rate may be ``auto``: the surface's own default start and its
recommended rate for that optimiser (so a link that names only a surface still works well).
Numbers are clamped with a note: learning rates to [10⁻⁶, 1000], β to [0, 0.999], ε to
[10⁻¹², 1]. A start outside the surface's box is moved to its edge by :func:`fix_start`
(the box depends on the surface, so this check runs after the fields are read).
"""

from __future__ import annotations

from dataclasses import field, make_dataclass, replace

from nnviz import urlstate
from nnviz.chapters.landscape.optimisers import KEYS, RULES
from nnviz.chapters.landscape.schedules import KINDS
from nnviz.chapters.landscape.surfaces import BOXES, NAMES
from nnviz.kit.numbers import NumberSpec

MODES = ("race", "rates")
MAX_START = 1e6
MAX_BATCH = 300


def setting_name(opt: str, key: str) -> str:
    """The state field / URL key of one optimiser setting: ("adam", "beta1") -> "adam_beta1"."""
    return f"{opt}_{key}"


def parse_auto_number(lo: float, hi: float):
    def parse(raw: str):
        if raw.strip().lower() == "auto":
            return None, None
        return urlstate.clamp_note(urlstate.parse_number(raw), lo, hi)

    return parse


def format_auto(v) -> str:
    return "auto" if v is None else f"{v:.6g}"


def parse_start(raw: str):
    """``"auto"`` -> None; ``"-1.2, 1"`` -> (-1.2, 1.0); two finite numbers, else Invalid."""
    if raw.strip().lower() == "auto":
        return None, None
    parts = urlstate.split_list(raw, "give two numbers x,y or auto.")
    if len(parts) != 2:
        raise urlstate.Invalid(f"it needs two numbers x,y ({len(parts)} given).")
    x, y = (urlstate.parse_number(p) for p in parts)
    (x, nx), (y, ny) = (urlstate.clamp_note(v, -MAX_START, MAX_START) for v in (x, y))
    return (x, y), nx or ny


def format_start(v) -> str:
    return "auto" if v is None else f"{v[0]:.6g},{v[1]:.6g}"


def parse_opts(raw: str):
    """``"sgd, adam"`` -> ("sgd", "adam") in the chapter's order; ``""`` -> () (none on)."""
    if not raw.strip():
        return (), None
    names = [p.strip().lower() for p in raw.split(",") if p.strip()]
    bad = [n for n in names if n not in KEYS]
    if bad:
        raise urlstate.Invalid(f"{urlstate.quoted(bad[0])} is not one of {', '.join(KEYS)}.")
    return tuple(k for k in KEYS if k in names), None


_fields: list[tuple] = [
    ("surface", str, field(default="bowl")),
    ("start", object, field(default=None)),
    ("opt", tuple, field(default=("sgd",))),
]
FIELDS_LIST: list[urlstate.Field] = [
    urlstate.choice_field("surface", NAMES, "Surface"),
    urlstate.Field("start", parse_start, format_start, "Start point"),
    urlstate.Field("opt", parse_opts, ",".join, "Optimisers on"),
]
SPECS: dict[str, NumberSpec] = {}  # every number box: the kit's rule over the same range as its URL field
for _key, _rule in RULES.items():
    for _s in _rule.settings:
        _name = setting_name(_key, _s.key)
        _label = f"{_rule.name} {_s.label}"
        SPECS[_name] = NumberSpec(_label, _s.lo, _s.hi, digits=12)
        if _s.key == "lr":
            _fields.append((_name, object, field(default=None)))
            FIELDS_LIST.append(urlstate.Field(_name, parse_auto_number(_s.lo, _s.hi), format_auto, _label))
        else:
            _fields.append((_name, float, field(default=_s.default)))
            FIELDS_LIST.append(urlstate.float_field(_name, _s.lo, _s.hi, _label))
_fields += [
    ("schedule", str, field(default="constant")),
    ("gamma", float, field(default=0.5)),
    ("period", int, field(default=100)),
    ("mode", str, field(default="race")),
    ("inspect", str, field(default="sgd")),
    ("speed", int, field(default=2)),
    ("batch", int, field(default=16)),
    ("batch_lr", float, field(default=0.05)),
]
FIELDS_LIST += [
    urlstate.choice_field("schedule", KINDS, "Learning-rate schedule"),
    urlstate.float_field("gamma", 0.01, 1.0, "Schedule factor γ"),
    urlstate.int_field("period", 1, 5000, "Schedule length k"),
    urlstate.choice_field("mode", MODES, "Mode"),
    urlstate.choice_field("inspect", KEYS, "Optimiser inside"),
    urlstate.int_field("speed", 1, 50, "Steps per frame"),
    urlstate.int_field("batch", 1, MAX_BATCH, "Mini-batch size"),
    urlstate.float_field("batch_lr", 0.001, 1.0, "Batch learning rate"),
]

SPECS.update(
    gamma=NumberSpec("Schedule factor γ", 0.01, 1.0, digits=6),
    period=NumberSpec("Schedule length k", 1, 5000, step=1, digits=0, integer=True),
    speed=NumberSpec("Steps per frame", 1, 50, step=1, digits=0, integer=True),
    batch=NumberSpec("Mini-batch size", 1, MAX_BATCH, step=1, digits=0, integer=True),
    batch_lr=NumberSpec("Batch learning rate", 0.001, 1.0, digits=6),
)

State = make_dataclass("State", _fields, frozen=True)
State.__module__ = __name__
State.__doc__ = "Everything a link reproduces: surface, start, optimisers and their settings, schedule, batches."
FIELDS = tuple(FIELDS_LIST)


def settings_of(state, opt: str) -> dict[str, float]:
    """The hyperparameters of ``opt`` besides the learning rate: {"beta1": 0.9, …}."""
    return {s.key: getattr(state, setting_name(opt, s.key)) for s in RULES[opt].settings if s.key != "lr"}


def fix_start(params: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Move a link's start point into its surface's box; return the params and a note if it moved.

    ``{"surface": "bowl", "start": "9,0"}`` -> ``({… "start": "5,0"}, ["“Start point” … moved …"])``.
    """
    try:
        start, _ = parse_start(params.get("start", "auto"))
    except urlstate.Invalid:
        return params, []  # decode() reports it
    name = params.get("surface", "bowl").strip().lower()
    if start is None or name not in BOXES:
        return params, []
    (x0, x1), (y0, y1) = BOXES[name]
    x, y = min(max(start[0], x0), x1), min(max(start[1], y0), y1)
    if (x, y) == start:
        return params, []
    fixed = dict(params, start=format_start((x, y)))
    return fixed, [f"“Start point” in the link ({start[0]:g}, {start[1]:g}) lies outside the map; "
                   f"moved to its edge, ({x:g}, {y:g})."]


def reset_rates(state):
    """The state with every learning rate back to auto (after a surface change)."""
    return replace(state, **{setting_name(k, "lr"): None for k in KEYS})
