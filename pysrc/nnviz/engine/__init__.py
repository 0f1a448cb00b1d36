"""nnviz.engine: the numpy model behind every chapter. numpy + stdlib only; never imports js.

One concept per module:
  activations   ACTIVATIONS table (function, derivative, label, formula, range), softmax()
  losses        LOSSES table (mse, sse, half_sse, bce, cross_entropy) and the fused sigmoid/softmax forms
  initializers  INITIALIZERS table (zeros, uniform, normal, xavier, he), seeded
  regularizers  REGULARIZERS table (l1, l2)
  schedules     Schedule: constant, step and exponential learning rates
  optimizers    SGD, Momentum, Adam behind one propose/commit interface
  dropout       inverted dropout
  clipping      clip_by_norm, ClipNorm: gradient clipping by norm (an optimiser wrapper)
  guard         DivergenceError: keeps the last finite parameters when a step would blow up
  network       Network: forward, trace, gradients, backward, step
  trace         backward_trace: δ, ∂W, ∂b per layer for displays; numerical_gradient to check it
  trainer       Trainer: per-sample, mini-batch and full-batch epochs with seeded shuffling
  metrics       StepMetrics, TrainMetrics, accuracy, confusion matrix, dead ReLUs
  regression    LinearRegressor: the single neuron of the house-price chapter
  datasets      DATASETS table of seeded 2-D data sets (TF Playground's and more), train/test split
  serialize     the model format: JSON-safe dict (+ metadata) or header + arrays, strict load();
                and a standalone numpy script

Left out on purpose: anything about drawing, and data sets beyond the 2-D ones.
"""

from .activations import ACTIVATIONS, Activation, get_activation, leaky_relu, softmax
from .clipping import ClipNorm, clip_by_norm
from .datasets import DATASETS, DataSet, Split, as_targets, make_dataset, one_hot, train_test_split
from .dropout import dropout, dropout_mask
from .guard import DivergenceError
from .initializers import INITIALIZERS, Initializer, get_initializer, init_weights
from .losses import FUSED, LOSSES, Loss, check_pair, get_loss
from .metrics import (
    StepMetrics,
    TrainMetrics,
    accuracy,
    confusion_matrix,
    dead_relu_fraction,
    predicted_labels,
    true_labels,
)
from .network import Backward, Network, Trace
from .optimizers import OPTIMIZERS, SGD, Adam, Momentum, Optimizer, optimizer_from_dict
from .regression import LinearRegressor
from .regularizers import REGULARIZERS, Regularizer, get_regularizer
from .schedules import SCHEDULES, Schedule
from .serialize import (
    Saved,
    from_arrays,
    from_dict,
    from_json,
    load,
    to_arrays,
    to_dict,
    to_json,
    to_numpy_script,
)
from .trace import (
    BackwardTrace,
    Gradient,
    backward_trace,
    gradient_norms,
    numerical_gradient,
    numerical_partial,
    twin,
    weight_norms,
)
from .trainer import Trainer

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "FUSED",
    "INITIALIZERS",
    "LOSSES",
    "OPTIMIZERS",
    "REGULARIZERS",
    "SCHEDULES",
    "SGD",
    "Activation",
    "Adam",
    "Backward",
    "BackwardTrace",
    "ClipNorm",
    "DataSet",
    "DivergenceError",
    "Gradient",
    "Initializer",
    "LinearRegressor",
    "Loss",
    "Momentum",
    "Network",
    "Optimizer",
    "Regularizer",
    "Saved",
    "Schedule",
    "Split",
    "StepMetrics",
    "Trace",
    "TrainMetrics",
    "Trainer",
    "accuracy",
    "as_targets",
    "backward_trace",
    "check_pair",
    "clip_by_norm",
    "confusion_matrix",
    "dead_relu_fraction",
    "dropout",
    "dropout_mask",
    "from_arrays",
    "from_dict",
    "from_json",
    "get_activation",
    "get_initializer",
    "get_loss",
    "get_regularizer",
    "gradient_norms",
    "init_weights",
    "leaky_relu",
    "load",
    "make_dataset",
    "numerical_gradient",
    "numerical_partial",
    "one_hot",
    "optimizer_from_dict",
    "predicted_labels",
    "softmax",
    "to_arrays",
    "to_dict",
    "to_json",
    "to_numpy_script",
    "train_test_split",
    "true_labels",
    "twin",
    "weight_norms",
]
