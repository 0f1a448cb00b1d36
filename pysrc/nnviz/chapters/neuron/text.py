"""What the page says about each activation function, written for a student. Pure Python.

The formula, the derivative and the output range come from the engine's table (one definition
of each function in the whole course); this module adds what they are good at, what goes
wrong with them, and what happens at z = 0 where a function has a corner or a jump::

    p = properties("relu", alpha=0.01)
    p.formula, p.range, p.derivative   # "ReLU(z) = max(0, z)", "[0, ∞)", "ReLU′(z) = 1 if z > 0 else 0"
    p.strengths[0]                     # "Fast to compute: …"
    p.at_zero                          # "ReLU has a corner at z = 0: …"
"""

from __future__ import annotations

from dataclasses import dataclass

from nnviz.chapters.neuron.maths import activation
from nnviz.chapters.neuron.state import LABEL
from nnviz.kit.numbers import fmt


@dataclass(frozen=True)
class Properties:
    label: str
    formula: str
    range: str
    derivative: str
    strengths: tuple[str, ...]
    problems: tuple[str, ...]
    at_zero: str = ""


_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "relu": (
        ("Fast to compute: one comparison, no exponential.",
         "Its slope is exactly 1 for every positive z, so gradients do not shrink as they pass through many "
         "layers: this is how ReLU solves the vanishing-gradient problem.",
         "The most popular choice for hidden layers."),
        ("“Dying ReLU”: when z is negative for every example, the output and the slope are both 0, so the "
         "neuron gets no gradient and can stop learning for good.",
         "The output is not bounded above and is never negative (not zero-centred)."),
        "ReLU has a corner at z = 0: the slope is 0 just left of it and 1 just right of it, so the "
         "derivative at exactly 0 is not defined. The code uses 0 there (any value between 0 and 1 would "
         "be a valid choice, a “subgradient”).",
    ),
    "leaky": (
        ("As cheap as ReLU, and the slope for z > 0 is still 1.",
         "For z < 0 the slope is α instead of 0, so a neuron with negative z still learns: no dying ReLU."),
        ("α is one more number to choose (0.01 is usual); with α = 0 it is plain ReLU.",
         "Not bounded above, and the negative side is tiny for small α."),
        "Leaky ReLU has a corner at z = 0: the slope jumps from α to 1, so the derivative at exactly 0 is "
        "not defined. The code uses α there.",
    ),
    "sigmoid": (
        ("The output is always between 0 and 1, so it can be read as a probability.",
         "Smooth: it has a slope everywhere, σ′(z) = σ(z)(1 − σ(z)), computed from the output itself.",
         "Good for the output layer in binary classification (with binary cross-entropy: see the scoring panel)."),
        ("Vanishing gradients: the slope is at most 0.25 (at z = 0) and almost 0 once |z| is above about 5, "
         "so a saturated neuron barely learns, and deep stacks of sigmoids learn slowly.",
         "Not zero-centred: the output is always positive."),
        "",
    ),
    "tanh": (
        ("Zero-centred, unlike sigmoid: the output is between −1 and 1 and is 0 at z = 0.",
         "Its slope at 0 is 1, four times sigmoid's; in fact tanh(z) = 2σ(2z) − 1."),
        ("The same vanishing-gradient problem as sigmoid once |z| is large: the curve is flat there.",),
        "",
    ),
    "softmax": (
        ("Turns several scores (logits) into probabilities that are all positive and add up to 1: the usual "
         "output for choosing one of several classes.",
         "Only differences between logits matter: adding the same number to all of them changes nothing."),
        ("It is not a function of one number: each output depends on every logit, so its derivative is a "
         "matrix (the Jacobian), not a single slope.",
         "Saturates like sigmoid when one logit is much larger than the others."),
        "With two outputs and the other logit at 0, softmax is exactly the sigmoid: e^z / (e^z + e^0) = σ(z).",
    ),
    "linear": (
        ("The output is z itself: the right output for regression (predicting any real number).",
         "Slope 1 everywhere: nothing vanishes, nothing saturates."),
        ("Adds no non-linearity: a stack of linear layers is still one linear function, however deep.",),
        "",
    ),
    "step": (
        ("The original perceptron's rule: the neuron fires (1) or does not (0), a hard yes/no decision.",
         "The decision line z = 0 splits the (x1, x2) plane into a 0 side and a 1 side: see the heatmap."),
        ("Its slope is 0 everywhere it exists, so gradient descent gets no signal at all: networks trained by "
         "backpropagation cannot use it.",),
        "Step jumps from 0 to 1 at z = 0, so its derivative at 0 is not defined (not even infinite in the "
         "usual sense). The code uses 0 there, like everywhere else, and takes step(0) = 0.",
    ),
    "elu": (
        ("Like ReLU for z > 0, but smooth for z < 0, where it curves down towards −1 instead of cutting to 0.",
         "Negative outputs pull the mean output towards 0, and negative z still has a slope."),
        ("Slower than ReLU: it needs an exponential for negative z.",),
        "With α = 1 ELU has no corner: both sides have slope 1 at z = 0, so the derivative is defined "
        "everywhere (1 at z = 0).",
    ),
    "softplus": (
        ("A smooth version of ReLU: ln(1 + e^z) is close to 0 for very negative z and close to z for large z.",
         "Its derivative is exactly the sigmoid, so it is defined everywhere."),
        ("Slower than ReLU (an exponential and a logarithm), and never exactly 0.",),
        "",
    ),
    "gelu": (
        ("Smooth, close to ReLU for large |z|, with a small dip below 0 around z ≈ −0.75.",
         "The activation of most transformer models (BERT, GPT)."),
        ("More expensive than ReLU. The exact GELU is z·Φ(z) with the normal distribution's Φ; this page, "
         "like many libraries, uses the tanh approximation written above (within 0.0005 of it).",),
        "",
    ),
    "silu": (
        ("z·σ(z): smooth, close to ReLU for large |z|, slightly negative for negative z (lowest ≈ −0.28 at "
         "z ≈ −1.28).",
         "Found to train deep networks well; also called Swish."),
        ("Needs an exponential, so slower than ReLU; not monotonic (it dips before rising).",),
        "",
    ),
}


def properties(key: str, alpha: float = 0.01) -> Properties:
    """The text for function ``key`` (``"relu"``, ``"leaky"`` …), with the leaky slope ``alpha``."""
    act = activation(key, alpha)
    strengths, problems, at_zero = _WORDS[key]
    if key == "leaky":
        at_zero = at_zero.replace("uses α there", f"uses α = {fmt(alpha, 4)} there")
    return Properties(LABEL[key], act.formula, act.range, act.derivative, strengths, problems, at_zero)


def result(value: float) -> str:
    """A computed value as the equations show it: two decimals (0.23, 0.68), more for tiny values."""
    if value != 0 and abs(value) < 0.005:
        return f"{value:.2g}".replace("-", "−")
    return fmt(round(value, 2), 2)


def num(value: float) -> str:
    """A value in a table: four decimals, three significant digits when smaller (6.58e−14, not 0)."""
    if value != 0 and abs(value) < 1e-4:
        return f"{value:.3g}".replace("-", "−")
    return fmt(value, 4)


def short(value: float) -> str:
    """A value on a node of the drawing, at most about six characters: 0.23, −29.65, ≈0."""
    if value != 0 and abs(value) < 0.005:
        return "≈0"
    if abs(value) >= 1000:
        return f"{value:.3g}".replace("+", "").replace("-", "−")
    return fmt(round(value, 2), 2)


def operand(value: float) -> str:
    """An input, weight or bias inside an equation: negative values in brackets, "(−0.3)"."""
    text = fmt(value, 4)
    return f"({text})" if value < 0 else text


def equation_z(x1: float, x2: float, w1: float, w2: float, b: float, z: float) -> str:
    """Seed 002's numerical line: ``"z = 0.5×0.7 + (−0.3)×0.4 + 0 = 0.23"``."""
    return f"z = {operand(w1)}×{operand(x1)} + {operand(w2)}×{operand(x2)} + {operand(b)} = {result(z)}"


def equation_a(key: str, z: float, a: float, others: tuple[float, float] = (0.0, 0.0)) -> str:
    """``"a = ReLU(0.23) = 0.23"``; softmax: ``"a₁ = softmax(0.23, 0.5, −1)₁ = 0.38"``."""
    if key == "softmax":
        return f"a₁ = softmax({result(z)}, {fmt(others[0], 4)}, {fmt(others[1], 4)})₁ = {result(a)}"
    return f"a = {LABEL[key]}({result(z)}) = {result(a)}"
