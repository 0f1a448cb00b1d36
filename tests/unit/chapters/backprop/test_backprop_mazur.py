"""The chapter's numbers on a network from the literature, worked by hand.

Matt Mazur, "A Step by Step Backpropagation Example" (2015,
mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/): a 2-2-2 sigmoid network with
the loss E = ½ Σ (target − out)², inputs 0.05, 0.10, targets 0.01, 0.99, weights w1 … w4 =
0.15, 0.20, 0.25, 0.30 into the hidden layer, w5 … w8 = 0.40, 0.45, 0.50, 0.55 into the
outputs, biases 0.35 (hidden) and 0.60 (outputs). Published: total error 0.298371109; after one
update with η = 0.5, w5 = 0.35891648, w6 = 0.408666186, w7 = 0.511301270, w8 = 0.561370121,
w1 = 0.149780716, w2 = 0.19956143, w3 = 0.24975114, w4 = 0.29950229.

Mazur gives both neurons of a layer one shared bias; the chapter gives each neuron its own, so
its default sets both equal (0.35, 0.35 and 0.60, 0.60). Mazur does not update the biases; the
weights after one update do not depend on that. The hand computation below uses only ``math``.
"""

from __future__ import annotations

import math

import pytest

from nnviz.chapters.backprop.model import Snapshot, update
from nnviz.chapters.backprop.state import MAZUR, State
from nnviz.chapters.backprop.steps import plan, say


def sigma(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def by_hand():
    """Mazur's forward and backward pass, written the way he writes it."""
    i1, i2, t1, t2 = 0.05, 0.10, 0.01, 0.99
    w1, w2, w3, w4, w5, w6, w7, w8, b1, b2 = 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55, 0.35, 0.60
    h1, h2 = sigma(w1 * i1 + w2 * i2 + b1), sigma(w3 * i1 + w4 * i2 + b1)
    o1, o2 = sigma(w5 * h1 + w6 * h2 + b2), sigma(w7 * h1 + w8 * h2 + b2)
    total = 0.5 * (t1 - o1) ** 2 + 0.5 * (t2 - o2) ** 2
    d1, d2 = (o1 - t1) * o1 * (1 - o1), (o2 - t2) * o2 * (1 - o2)  # ∂E/∂net_o
    g5, g6, g7, g8 = d1 * h1, d1 * h2, d2 * h1, d2 * h2
    e1, e2 = (d1 * w5 + d2 * w7) * h1 * (1 - h1), (d1 * w6 + d2 * w8) * h2 * (1 - h2)
    g1, g2, g3, g4 = e1 * i1, e1 * i2, e2 * i1, e2 * i2
    eta = 0.5
    new = [w - eta * g for w, g in zip((w1, w2, w3, w4, w5, w6, w7, w8), (g1, g2, g3, g4, g5, g6, g7, g8),
                                       strict=True)]
    return total, (g1, g2, g3, g4, g5, g6, g7, g8), new


# Mazur's w1 … w8 in the chapter's w list (w¹₁₁ w¹₁₂ b¹₁ w¹₂₁ w¹₂₂ b¹₂ w²₁₁ w²₁₂ b²₁ w²₂₁ w²₂₂ b²₂)
MAZUR_INDEX = (0, 1, 3, 4, 6, 7, 9, 10)
PUBLISHED_AFTER = (0.149780716, 0.19956143, 0.24975114, 0.29950229, 0.35891648, 0.408666186, 0.511301270,
                   0.561370121)


def test_the_default_state_is_mazurs_network():
    s = State()
    assert s.layers == (2, 2, 2) and s.f == "sigmoid" and s.loss == "half-sse" and s.lr == 0.5
    assert s.x == (0.05, 0.1) and s.y == (0.01, 0.99)
    assert [s.w[i] for i in MAZUR_INDEX] == [0.15, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.55]
    assert (s.w[2], s.w[5], s.w[8], s.w[11]) == (0.35, 0.35, 0.6, 0.6) == (MAZUR[2], MAZUR[5], MAZUR[8], MAZUR[11])


def test_total_error_and_gradients_match_the_hand_computation_and_the_published_value():
    total, grads, _ = by_hand()
    assert total == pytest.approx(0.298371109, abs=5e-10)  # published, 9 digits
    snap = Snapshot(State())
    assert snap.loss == pytest.approx(total, rel=1e-12)
    for i, g in zip(MAZUR_INDEX, grads, strict=True):
        assert snap.grad[i] == pytest.approx(g, rel=1e-10)
    # Mazur's intermediate values: out_h1 = 0.593269992, out_o1 = 0.75136507, ∂E/∂w5 = 0.082167041
    assert float(snap.a[1][0]) == pytest.approx(0.593269992, abs=5e-10)
    assert float(snap.a[2][0]) == pytest.approx(0.75136507, abs=5e-9)
    assert snap.grad[6] == pytest.approx(0.082167041, abs=5e-10)


def test_one_update_gives_the_published_weights():
    _, _, new = by_hand()
    w, before, diverged = update(State())
    assert not diverged and before == pytest.approx(0.298371109, abs=5e-10)
    for i, hand, published in zip(MAZUR_INDEX, new, PUBLISHED_AFTER, strict=True):
        assert w[i] == pytest.approx(hand, abs=1e-8)  # the link keeps 8 significant digits
        assert w[i] == pytest.approx(published, abs=1e-8)
    assert w[6] == 0.35891648
    # the table's "value after the update" column is the same step, unrounded
    after = Snapshot(State()).after
    assert after[6] == pytest.approx(new[4], rel=1e-12)


def test_the_step_formulas_show_mazurs_numbers():
    snap = Snapshot(State())
    steps = plan((2, 2, 2), softmax=False)
    text = {s.label: say(s, snap).numeric for s in steps}
    assert text["z¹₁"] == "z¹₁ = 0.15 × 0.05 + 0.2 × 0.1 + 0.35 = 0.3775"  # net_h1 = 0.3775
    assert text["a²₁"].endswith("= 0.751365")
    assert text["C"].endswith("= 0.298371")
    assert text["∂C/∂w²₁₁"] == "∂C/∂w²₁₁ = 0.138499 × 0.59327 = 0.082167"
