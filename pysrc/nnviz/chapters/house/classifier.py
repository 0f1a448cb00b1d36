"""The classification section's model: two inputs, two outputs, softmax, trained on the ten labels.

    clf = Classifier()             # seeded Xavier weights, zero biases, 0 steps
    clf.train(100)                 # full-batch gradient descent on cross-entropy; returns the losses
    clf.probabilities()            # (10, 2): P(Good), P(Bad) per house, each row summing to 1
    clf.net.weights[0]             # (2, 2): weights from the standardised inputs to the two scores
    clf.accuracy()                 # fraction of the ten houses whose likelier class is the label

The network (``nnviz.engine.Network([2, 2], output="softmax", loss="cross_entropy")``) sees
standardised inputs, (x − mean) / std, so both features start on an equal footing and their
weights can be compared directly (the diagram shows them that way).
Training is deterministic: the same number of steps always gives the same weights.
"""

from __future__ import annotations

import numpy as np

from nnviz.chapters.house.data import LABELLED
from nnviz.engine import SGD, Network

LR = 0.1
SEED = 4


class Classifier:
    """A softmax classifier with no hidden layer, on LABELLED (see the module docstring)."""

    def __init__(self):
        X = LABELLED.X
        self.mean = X.mean(axis=0)
        self.std = X.std(axis=0)
        self.X = (X - self.mean) / self.std
        self.Y = LABELLED.onehot
        self.net = Network([2, 2], hidden=[], output="softmax", loss="cross_entropy", init="xavier",
                           seed=SEED, dtype="float64")
        self.opt = SGD(LR)
        self.steps = 0
        self.diverged = ""

    def reset(self) -> None:
        """Back to the seeded starting weights, step 0."""
        self.net.reset(SEED)
        self.opt.reset()
        self.steps = 0
        self.diverged = ""

    def train(self, steps: int) -> list[float]:
        """Take ``steps`` full-batch steps; return the loss before each (stops early on divergence)."""
        losses = []
        for _ in range(int(steps)):
            m = self.net.step(self.X, self.Y, self.opt)
            if m.diverged:
                self.diverged = m.reason
                break
            losses.append(m.loss)
            self.steps += 1
        return losses

    def scores(self) -> np.ndarray:
        """Scores z (before softmax) of the ten houses, (10, 2)."""
        return self.net.trace(self.X).zs[-1]

    def probabilities(self) -> np.ndarray:
        """Softmax probabilities of the ten houses, (10, 2), columns (Good, Bad)."""
        return self.net.forward(self.X)

    def loss(self) -> float:
        """Mean cross-entropy on the ten houses."""
        return self.net.evaluate(self.X, self.Y)

    def predicted(self) -> list[str]:
        """The likelier class per house."""
        return [LABELLED.classes[i] for i in np.argmax(self.probabilities(), axis=1)]

    def accuracy(self) -> float:
        return float(np.mean(np.argmax(self.probabilities(), axis=1) == np.argmax(self.Y, axis=1)))
