"""Open a TensorFlow Playground link: its address (or just its hash) -> the playground's URL keys.

    params, notes = translate("https://playground.tensorflow.org/#activation=relu&dataset=xor"
                              "&networkShape=8,4&x=true&y=true&sinX=true&collectStats=false")
    params["act"] == "relu"; params["data"] == "xor"; params["layers"] == "8,4"
    params["features"] == "x1,x2,sinx1"
    notes == []                       # collectStats=false changes nothing, so no note

TensorFlow Playground (TFP) keeps its whole set-up in the hash as ``name=value`` pairs split at
``&`` (its state.ts): numbers, ``true``/``false`` switches (anything but ``false`` counts as on),
comma lists, and names from small tables. ``translate`` reads every key TFP knows and writes the
same experiment in this chapter's keys (docs: prompts/playground_keys.md): ``data noise train
features layers act lr reg rate batch problem init opt test discrete``, plus ``loss`` for
classification and ``dseed``/``wseed`` when the link has a seed (without one TFP draws a random
seed, and so does the chapter). A key TFP leaves out takes TFP's default, which is what TFP itself
would show, so the result is a complete recipe.

What TFP does that has a different form here, and how it is carried over:

  * TFP's classifier is a tanh output neuron trained with squared error on ±1 labels -> ``loss=sse``;
    its weights start uniform in (−0.5, 0.5) -> ``init=uniform`` (``initZero=true`` -> ``zeros``);
    it trains with plain SGD -> ``opt=sgd``.
  * ``seed`` is a text such as ``0.12345`` feeding TFP's own random generator; here it becomes the
    whole number ``dseed = wseed = 12345`` (any other text: a checksum of it), with a note that the
    points follow the same recipe but are not the same points.
  * ``dataset`` is used when ``problem=classification``, ``regDataset`` when ``regression``.

Every key with no equivalent (``collectStats``, ``tutorial``, ``hideText``, ``cosX``/``cosY``,
``*_hide`` switches) gives a note when it asks for something (TFP writes ``cosX=false`` and the
like into every link; switched off they change nothing, so they pass silently); every key TFP
does not know gives a note; a malformed value gives a note and TFP's default. Pure Python: nothing here touches the page.
"""

from __future__ import annotations

import math
import zlib
from urllib.parse import unquote

from nnviz.chapters.playground.features import format_keys

MAX_TEXT = 4000  # a TFP address is a few hundred characters; longer text is refused with a note

# TFP's tables (the names its links use) -> this chapter's values.
ACTIVATIONS = {"relu": "relu", "tanh": "tanh", "sigmoid": "sigmoid", "linear": "linear"}
REGULARIZATIONS = {"none": "none", "L1": "l1", "L2": "l2"}
DATASETS = {"circle": "circle", "xor": "xor", "gauss": "gauss", "spiral": "spiral"}
REG_DATASETS = {"reg-plane": "reg-plane", "reg-gauss": "reg-gauss"}
PROBLEMS = {"classification": "classification", "regression": "regression"}
# TFP feature switch -> feature key, in TFP's order; and TFP's default for each switch.
FEATURE_SWITCHES = {
    "x": "x1",
    "y": "x2",
    "xSquared": "x1sq",
    "ySquared": "x2sq",
    "xTimesY": "x1x2",
    "sinX": "sinx1",
    "sinY": "sinx2",
}
FEATURE_DEFAULTS = {"x": True, "y": True}
DEFAULTS = {
    "activation": "tanh",
    "regularization": "none",
    "batchSize": 10,
    "dataset": "circle",
    "regDataset": "reg-plane",
    "learningRate": 0.03,
    "regularizationRate": 0.0,
    "noise": 0,
    "networkShape": (4, 2),
    "percTrainData": 50,
    "problem": "classification",
    "showTestData": False,
    "discretize": False,
    "initZero": False,
}
# Keys TFP reads that have no equivalent, with what they do there.
NO_EQUIVALENT = {
    "collectStats": "statistics collection",
    "tutorial": "a tutorial page shown beside the tool",
    "hideText": "hides the article text; nnviz's embed mode (embed=1 in the address) shows only "
    "the chapter",
    "cosX": "the feature cos x1, which TFP itself never shows",
    "cosY": "the feature cos x2, which TFP itself never shows",
}
HIDE_SUFFIX = "_hide"
LIMITS = {  # key -> (lowest, highest) accepted here; outside: clamped with a note
    "batchSize": (1, 30),
    "noise": (0, 50),
    "percTrainData": (10, 90),
}
MAX_LAYERS, MAX_WIDTH = 6, 16


def split_link(text: str) -> dict[str, str]:
    """``"https://…/#a=1&b=x"`` (or ``"#a=1&b=x"``, ``"?a=1"``, ``"a=1&b=x"``) -> ``{"a": "1", "b": "x"}``.

    Like TFP, pairs are split at ``&`` and the first ``=``; unlike TFP, ``%2C``-style escapes
    (which a mail program may add) are decoded. A pair without ``=`` maps to ``""``.
    """
    text = text.strip()
    if "#" in text:
        text = text.split("#", 1)[1]
    elif "?" in text:
        text = text.split("?", 1)[1]
    text = text.lstrip("/?")
    pairs: dict[str, str] = {}
    for part in text.split("&"):
        if not part.strip():
            continue
        name, _, value = part.partition("=")
        pairs[unquote(name).strip()] = unquote(value).strip()
    return pairs


def seed_number(seed: str) -> int:
    """TFP's seed text -> a whole number ≥ 0: ``"0.12345"`` -> 12345, ``"42"`` -> 42,
    anything else -> its CRC-32 checksum (stable across runs and machines)."""
    s = seed.strip()
    digits = s[2:] if s.startswith("0.") else s
    if digits.isdigit() and len(digits) <= 9:
        return int(digits)
    return zlib.crc32(s.encode("utf-8"))


def _q(raw: str) -> str:
    return "“" + (raw if len(raw) <= 40 else raw[:37] + "…") + "”"


class _Reader:
    """Reads TFP pairs one key at a time, collecting notes."""

    def __init__(self, pairs: dict[str, str]):
        self.pairs = pairs
        self.notes: list[str] = []

    def has(self, key: str) -> bool:
        return key in self.pairs and self.pairs[key].strip() != ""

    def bad(self, key: str, why: str, default) -> None:
        self.notes.append(f"“{key}” {_q(self.pairs[key])} {why}; using TFP's default {default}.")

    def choice(self, key: str, table: dict[str, str]):
        default = DEFAULTS[key]
        if not self.has(key):
            return table[default]
        raw = self.pairs[key]
        if raw not in table:
            self.bad(key, f"is not one of {', '.join(table)}", default)
            return table[default]
        return table[raw]

    def number(self, key: str, positive: bool = False, whole: bool = False):
        default = DEFAULTS[key]
        if not self.has(key):
            return default
        raw = self.pairs[key]
        try:
            v = float(raw)
        except ValueError:
            self.bad(key, "is not a number", default)
            return default
        if not math.isfinite(v) or (positive and v <= 0) or v < 0:
            self.bad(key, "must be a finite number above 0" if positive else "must be ≥ 0", default)
            return default
        if whole:
            if v != int(v):
                self.notes.append(
                    f"“{key}” {_q(raw)} is not a whole number; rounded to {round(v)}."
                )
            v = round(v)
        if key in LIMITS:
            lo, hi = LIMITS[key]
            if not lo <= v <= hi:
                c = min(max(v, lo), hi)
                self.notes.append(f"“{key}” {v:g} is outside {lo}…{hi} here; set to {c:g}.")
                v = c
        return v

    def switch(self, key: str, default: bool) -> bool:
        if not self.has(key):
            return default
        return self.pairs[key] != "false"  # TFP: anything but "false" is on

    def shape(self) -> tuple[int, ...]:
        key, default = "networkShape", DEFAULTS["networkShape"]
        if key not in self.pairs:
            return default
        raw = self.pairs[key]
        if raw.strip() == "":
            return ()
        widths = []
        for part in raw.split(","):
            try:
                w = float(part)
            except ValueError:
                self.bad(key, f"has {_q(part)}, which is not a whole number", "4,2")
                return default
            if not math.isfinite(w) or w != int(w) or w < 1:
                self.bad(key, f"has {_q(part)}, which is not a whole number ≥ 1", "4,2")
                return default
            widths.append(int(w))
        if len(widths) > MAX_LAYERS:
            self.notes.append(
                f"“{key}” has {len(widths)} hidden layers; the first {MAX_LAYERS} are used."
            )
            widths = widths[:MAX_LAYERS]
        if max(widths) > MAX_WIDTH:
            self.notes.append(
                f"“{key}”: layers wider than {MAX_WIDTH} neurons are set to {MAX_WIDTH}."
            )
            widths = [min(w, MAX_WIDTH) for w in widths]
        return tuple(widths)


def _num(v: float) -> str:
    return f"{v:.6g}"


def translate(text: str) -> tuple[dict[str, str], list[str]]:
    """Return ``(params, notes)``: this chapter's URL keys for the TFP set-up in ``text`` (a full
    address, its hash or its query) and the notes for the visitor, in words.

    ``translate("dataset=spiral&networkShape=")`` -> params with ``data="spiral"``,
    ``layers="none"`` and TFP's defaults for the rest; notes ``[]``. Text with no ``name=value``
    pair at all (or longer than MAX_TEXT characters) gives ``({}, [reason])``: nothing to open.
    """
    if len(text) > MAX_TEXT:
        return {}, [f"That text is {len(text)} characters long; a TensorFlow Playground link "
                    f"is far shorter (at most {MAX_TEXT}). Nothing was changed."]  # fmt: skip
    pairs = split_link(text)
    if not any("=" in p for p in text.split("&")) or not pairs:
        return {}, ["That is not a TensorFlow Playground link: it has no settings such as "
                    "“dataset=spiral”. Nothing was changed."]  # fmt: skip
    r = _Reader(pairs)
    problem = r.choice("problem", PROBLEMS)
    data = r.choice("dataset", DATASETS)
    reg_data = r.choice("regDataset", REG_DATASETS)
    params = {
        "data": reg_data if problem == "regression" else data,
        "problem": problem,
        "noise": str(int(r.number("noise", whole=True))),
        "train": str(int(r.number("percTrainData", whole=True))),
        "act": r.choice("activation", ACTIVATIONS),
        "lr": _num(r.number("learningRate", positive=True)),
        "reg": r.choice("regularization", REGULARIZATIONS),
        "rate": _num(r.number("regularizationRate")),
        "batch": str(int(r.number("batchSize", whole=True))),
    }
    shape = r.shape()
    params["layers"] = ",".join(str(w) for w in shape) if shape else "none"
    feats = [f for k, f in FEATURE_SWITCHES.items() if r.switch(k, FEATURE_DEFAULTS.get(k, False))]
    if not feats:
        r.notes.append("The link turns every input feature off; x1 and x2 are used instead.")
        feats = ["x1", "x2"]
    params["features"] = format_keys(feats)
    params["test"] = "1" if r.switch("showTestData", False) else "0"
    params["discrete"] = "1" if r.switch("discretize", False) else "0"
    params["init"] = "zeros" if r.switch("initZero", False) else "uniform"
    params["opt"] = "sgd"
    if problem == "classification":
        params["loss"] = "sse"  # TFP: tanh output, squared error on ±1 labels
    if r.has("seed"):
        seed = seed_number(pairs["seed"])
        params["dseed"] = params["wseed"] = str(seed)
        r.notes.append(f"TFP's seed {_q(pairs['seed'])} drives TFP's own random numbers; here data "
                       f"and weights seed {seed} are used, so the points follow the same recipe "
                       "but are not the same points.")  # fmt: skip
    known = {"problem", "dataset", "regDataset", "noise", "percTrainData", "activation",
             "learningRate", "regularization", "regularizationRate", "batchSize", "networkShape",
             "showTestData", "discretize", "initZero", "seed", *FEATURE_SWITCHES}  # fmt: skip
    for key in pairs:
        if key in known:
            continue
        if (key in NO_EQUIVALENT or key.endswith(HIDE_SUFFIX)) and pairs[key] in ("", "false"):
            continue  # off (TFP writes these in every link): the same as here, nothing lost
        if key in NO_EQUIVALENT:
            r.notes.append(f"“{key}” ({NO_EQUIVALENT[key]}) has no equivalent here; ignored.")
        elif key.endswith(HIDE_SUFFIX):
            r.notes.append(f"“{key}” hides a control in TFP; here use “hide=” with the chapter's "
                           "control groups; ignored.")  # fmt: skip
        else:
            r.notes.append(f"{_q(key)} is not a TensorFlow Playground setting; ignored.")
    return params, r.notes
