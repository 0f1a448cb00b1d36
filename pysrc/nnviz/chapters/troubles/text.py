"""The words of each experiment: its name, what to look for, and why it happens.

    EXPERIMENT_TEXT["vanishing"].look     # what to watch on the monitor, then what to change
    EXPERIMENT_TEXT["vanishing"].why      # the reason, in a paragraph

Pure data (no js), shown by the chapter's ui and checked by the unit tests (every experiment has
its text, and the numbers the text promises hold in CPython).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    title: str
    look: str
    why: str


EXPERIMENT_TEXT: dict[str, Text] = {
    "vanishing": Text(
        "Vanishing gradients",
        "Eight sigmoid layers with small random weights. Press Play and read the gradient-norm chart "
        "(log scale) and the table: the first layer's gradient is many orders of magnitude below the "
        "last layer's, so the first layers hardly move and the loss stays flat. Then set Activation to "
        "ReLU and Initialisation to He, and compare: the gap closes and the network learns. Xavier alone "
        "narrows the gap but, with sigmoid, does not close it.",
        "Backpropagation multiplies, layer by layer, by each layer's weights and by the activation's "
        "slope f′(z). A sigmoid's slope is at most ¼, and small weights shrink the signal further, so "
        "after eight layers the error that reaches the first layer is a tiny fraction of the error at "
        "the output. ReLU's slope is 1 wherever a unit is active, and He initialisation (variance 2/n) "
        "keeps the size of the signal the same from layer to layer, so gradients arrive intact. Much "
        "deeper networks add batch normalisation (re-centring each layer's inputs during training) and "
        "residual connections (a shortcut that adds a layer's input to its output, so the gradient has "
        "a path that skips the multiplications).",
    ),
    "exploding": Text(
        "Exploding gradients",
        "Six ReLU layers with large initial weights (standard deviation 1). Press Play: gradient norms "
        "in the hundreds, the loss jumps, and within a few iterations a number overflows and the run "
        "stops by itself. Press Reset, set Clip gradients at 1, and play again: the same network now "
        "trains. He initialisation (smaller weights) fixes the cause instead.",
        "With ReLU, each layer multiplies the signal's size by about √(n/2) × the weights' standard "
        "deviation: with 32 units and weights of size 1 that is 4 per layer, 4⁶ ≈ 4,000 over six "
        "layers, forwards and backwards. A gradient that large makes one step jump far past any "
        "minimum, the next gradient is larger still, and the numbers overflow. Clipping by norm keeps "
        "the gradient's direction and caps its length (g ← g · min(1, c/‖g‖)), so no step is longer "
        "than learning rate × c. Careful initialisation keeps the gradient moderate in the first place.",
    ),
    "init": Text(
        "Initial weights",
        "Six tanh layers, every weight zero. Look at the activation histograms at iteration 0 and at "
        "the Units table: every unit of a layer is the same unit (1 distinct unit per layer), and "
        "training cannot change that. Switch Initialisation to small, large, Xavier and He in turn, "
        "and read the histograms before pressing Play.",
        "Units that start equal receive equal gradients, so they stay equal forever: with all-zero "
        "weights a layer of 32 units is a layer of one (random initialisation breaks the symmetry; "
        "never initialise all weights to the same value). The scale matters too: too small and every "
        "layer shrinks the signal, so the deep histograms collapse onto 0; too large and tanh units "
        "saturate at ±1, where their slope, and so their gradient, is near 0. Xavier/Glorot (variance "
        "2/(n_in + n_out)) and He (2/n_in, for ReLU) scale the weights with the layer size so the "
        "spread of activations stays about the same in every layer.",
    ),
    "dead-relu": Text(
        "Dying ReLUs",
        "Four ReLU layers trained with a learning rate of 3. Watch the dead-units chart: the share of "
        "units that output 0 for every example climbs within a few epochs and stays, and the loss stops "
        "improving. Lower the learning rate to 0.3, press Reset and compare (keep the first run to see "
        "both).",
        "A ReLU unit whose input is negative for every example outputs 0 and has slope 0, so no "
        "gradient ever reaches its weights again: it is dead for good. One step that is too large can "
        "push a unit's bias or weights there, and it never comes back. A smaller learning rate, He "
        "initialisation, or a leaky ReLU (a small slope for negative inputs) keep units alive.",
    ),
    "overfitting": Text(
        "Overfitting",
        "A network with two layers of 128 units learns from only 100 real MNIST digits, and is checked "
        "on 500 digits it never trains on. Training accuracy reaches 100 % while validation accuracy "
        "stalls far below, and the validation loss turns upwards: the network memorises. Keep this "
        "run, then try the remedies: L2 weight decay (0.01: the validation loss ends lower and the "
        "gap between the two losses narrows; the accuracies hardly move), dropout "
        "(0.5 narrows the accuracy gap a little), more training examples (400 narrow it most), or "
        "early stopping (it stops at the best validation epoch, marked on the chart; Restore best "
        "weights goes back to it).",
        "With many more weights than examples, a network can fit every training example exactly, "
        "including what is peculiar to those few digits, and that does not carry over to new ones. "
        "L2 weight decay pulls every weight towards 0, so only patterns that many examples agree on "
        "survive; dropout switches off random units at each step, so no unit can rely on a few "
        "others; more data leaves less room to memorise; early stopping simply stops before the "
        "memorising starts, when the validation loss is lowest.",
    ),
}
