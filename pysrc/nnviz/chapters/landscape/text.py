"""Words and numbers for the page: the "inside the optimiser" lines, number formats, explanations.

    inside(runner)   # [("g = ∇f(x, y)", "(−9, 40)"), ("v ← β·v + g", "0.9 × (0, 0) + (−9, 40) = (−9, 40)"), …]
    num(0.000123)    # "0.000123";  num(12345.6) -> "1.235e+04";  pair((1, 2)) -> "(1, 2)"
"""

from __future__ import annotations

import math

from nnviz.chapters.landscape.race import Runner


def num(v: float) -> str:
    """Four significant digits, with a real minus sign."""
    if not math.isfinite(v):
        return "∞" if v > 0 else "−∞" if v < 0 else "not a number"
    text = f"{v:.4g}"
    return text.replace("-", "−")


def pair(p) -> str:
    return f"({num(p[0])}, {num(p[1])})"


def sq(p) -> tuple[float, float]:
    return (p[0] * p[0], p[1] * p[1])


def inside(r: Runner) -> list[tuple[str, str]]:
    """The last update of runner ``r`` written out with its numbers: (formula, numbers) lines."""
    st = r.last
    if st is None:
        return [("", f"{r.label} has not taken a step yet. Press Step to see its update written out with numbers.")]
    t, lr, h = r.t, r.last_lr, r.h
    g, d = st.grad, st.delta
    key = r.rule.key
    where = "g = ∇f(x̃)" if key == "nesterov" else "g = ∇f(x, y)"
    lines = [("step", f"t = {t}, learning rate lr = {num(lr)}"), (where, pair(g))]
    before = r.before
    if key in ("momentum", "nesterov"):
        b = h["beta"]
        if key == "nesterov":
            lines.insert(1, ("x̃ = x − lr·β·v", f"look ahead to {pair(st.shown['look'])}, where the velocity is carrying the point"))
        v = st.memory["v"]
        lines.append(("v ← β·v + g", f"{num(b)} × {pair(before.get('v', (0.0, 0.0)))} + {pair(g)} = {pair(v)}"))
        lines.append(("step = −lr·v", pair(d)))
    elif key == "adagrad":
        G = st.memory["G"]
        lines.append(("G ← G + g²", f"{pair(before.get('G', (0.0, 0.0)))} + {pair(sq(g))} = {pair(G)}"))
        lines.append(("step = −lr·g / (√G + ε)", f"{pair(d)}: each coordinate's rate is lr / √G = "
                      f"({num(lr / (math.sqrt(G[0]) + h['eps']))}, {num(lr / (math.sqrt(G[1]) + h['eps']))}), "
                      "shrinking as G grows"))
    elif key == "rmsprop":
        s, rho = st.memory["s"], h["beta"]
        lines.append(("s ← ρ·s + (1 − ρ)·g²", f"{num(rho)} × {pair(before.get('s', (0.0, 0.0)))} + "
                      f"{num(1 - rho)} × {pair(sq(g))} = {pair(s)}"))
        lines.append(("step = −lr·g / (√s + ε)", f"{pair(d)}: each coordinate divided by its own recent size √s = "
                      f"({num(math.sqrt(s[0]))}, {num(math.sqrt(s[1]))})"))
    elif key == "adam":
        sh = st.shown
        b1, b2 = h["beta1"], h["beta2"]
        lines.append(("m ← β₁·m + (1 − β₁)·g", f"{num(b1)} × {pair(before.get('m', (0.0, 0.0)))} + {num(1 - b1)} × {pair(g)} = {pair(sh['m'])}"))
        lines.append(("v ← β₂·v + (1 − β₂)·g²", f"{num(b2)} × {pair(before.get('v', (0.0, 0.0)))} + {num(1 - b2)} × {pair(sq(g))} = {pair(sh['v'])}"))
        lines.append(("bias correction", f"1 − β₁ᵗ = {num(sh['c1'])}, 1 − β₂ᵗ = {num(sh['c2'])}: m̂ = m / (1 − β₁ᵗ) = {pair(sh['m_hat'])}, "
                      f"v̂ = v / (1 − β₂ᵗ) = {pair(sh['v_hat'])}"))
        lines.append(("step = −lr·m̂ / (√v̂ + ε)", f"{pair(d)}: m̂ / √v̂ is at most about 1 in size, so no coordinate moves much more than lr"))
    else:
        lines.append(("step = −lr·g", f"−{num(lr)} × {pair(g)} = {pair(d)}"))
    lines.append(("new point", f"{pair(r.point)}, loss {num(r.losses[-1])}"))
    return lines


def why(r: Runner) -> str:
    """One sentence on how the last step relates to the gradient (for the arrows' caption)."""
    st = r.last
    if st is None:
        return ""
    g, d = st.grad, st.delta
    ng, nd = math.hypot(*g), math.hypot(*d)
    if ng == 0 or nd == 0:
        return "The gradient is zero here: no step."
    cos = -(g[0] * d[0] + g[1] * d[1]) / (ng * nd)
    angle = math.degrees(math.acos(max(-1.0, min(1.0, cos))))
    return (f"The step points {angle:.0f}° away from straight downhill (−g) and is {num(nd / ng)} times "
            "as long as the gradient.")
