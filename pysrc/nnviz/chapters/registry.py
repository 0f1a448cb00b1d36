"""The list of chapters, in learning order: what the app routes to and build.py writes pages for.

Pure data, read by the app (to route and lazily import chapters), by build.py (the static nav
and article pages, so the text is visible before Python is ready; the build steps), and by the
contract test, which checks every entry. Adding a chapter = one folder
``pysrc/nnviz/chapters/<route>/`` (its Python, ``prose.html`` and optional ``style.css``) plus
one entry here. See docs/architecture.md, "How to add a chapter".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROUTE = re.compile(r"^[a-z][a-z0-9-]{0,31}$")  # the one route rule (boot.js uses the same)


@dataclass(frozen=True)
class ChapterInfo:
    """One chapter.

    ``sample`` is a link query the chapter must reproduce exactly (its state written back to
    the URL unchanged); ``bad_sample`` a hostile one that must give a visible note and fall
    back to defaults. ``groups`` names the chapter's control groups (``data-group`` on their
    containers): ``(("shape", "Network shape"), …)``. ``build_step`` is a module with
    ``build(dist, cache, log, npm_files)`` that writes the chapter's data into dist/ at build
    time (run in CPython by build.py; never shipped). ``part``, ``outcome`` and ``minutes``
    fill the chapter's card on the course map (``#/``), with the folder's ``card.svg``.
    ``min_height`` is the widget's height in CSS px once built, ``(wide, phone)``: at full width
    (1,240 px and wider) and at 390 px; the page reserves that space before Python is ready, so
    the text under the widget does not jump when it appears (tests/e2e/test_layout_shift.py
    measures it and says the figures to put here).
    """

    route: str  # URL hash route, e.g. "explorer" for #/explorer
    title: str
    summary: str
    sample: str
    bad_sample: str
    part: str  # one of PARTS: where the chapter sits on the course map
    outcome: str  # "After this chapter you can …" (the course map card)
    minutes: int  # a rough time for a student, on the course map
    groups: tuple[tuple[str, str], ...] = ()
    build_step: str | None = None
    min_height: tuple[int, int] = (2400, 4600)  # px, wide / phone; the default: a typical chapter's

    @property
    def module(self) -> str:
        """The chapter's package (it defines ``Chapter``, imported on first visit)."""
        return f"nnviz.chapters.{self.route.replace('-', '_')}"


# The course map's parts, in learning order; every chapter names one.
PARTS: tuple[str, ...] = (
    "One neuron",
    "Networks and how they learn",
    "Training in practice",
    "Real data, real code",
)

CHAPTERS: tuple[ChapterInfo, ...] = (
    ChapterInfo(
        "neuron",
        "A single neuron",
        "Inputs times weights, plus a bias, through an activation function: try every function on one "
        "neuron, see what it can separate, and score its output.",
        sample="x1=1&x2=-0.5&w1=0.8&w2=1.5&b=-0.2&f=tanh&alpha=0.05&l2=0.5&l3=-1&y=0&cmp=relu,sigmoid,gelu&deriv=1",
        bad_sample="x1=abc&w1=1e999&f=cubic&y=NaN",
        groups=(("inputs", "Inputs, weights and bias"), ("activation", "Activation function"),
                ("scoring", "Scoring the output")),
        part="One neuron",
        outcome="compute what one neuron outputs by hand, say what each activation function does "
        "to it, and tell which inputs a single neuron can and cannot separate.",
        minutes=15,
        min_height=(2553, 4617),
    ),
    ChapterInfo(
        "house",
        "From a line to softmax",
        "Price houses with a single neuron, find its weights by gradient descent, then turn it into a classifier.",
        sample="w=0.12&b=-4&w1=0.2&w2=15&b2=-30&sm=1,3&train=5&house=4&features=3&classes=4",
        bad_sample="w=NaN&b=1e999",
        part="One neuron",
        groups=(("sliders", "Weight and bias sliders"), ("descent", "Gradient descent buttons"),
                ("classifier", "Classifier training buttons"), ("shape", "Features and classes counters")),
        outcome="fit a line by gradient descent, read a mean squared error, and turn scores into "
        "probabilities with softmax.",
        minutes=25,
        min_height=(4488, 7488),
    ),
    ChapterInfo(
        "explorer",
        "Architecture explorer",
        "Build a fully connected network layer by layer, and see which neurons feed a neuron "
        "and where its gradient flows.",
        sample="layers=4,6,6,3",
        bad_sample="layers=3,abc,2",
        part="Networks and how they learn",
        outcome="count a network's weights and biases, and trace which neurons feed a neuron and "
        "which ones its gradient comes from.",
        minutes=10,
        groups=(("shape", "Network shape"),),
        min_height=(459, 1013),
    ),
    ChapterInfo(
        "backprop",
        "Backpropagation, step by step",
        "A small network you set up yourself, every number live: follow the forward pass, the errors "
        "flowing back and each gradient, one operation at a time, then let it train.",
        sample="layers=2,3,2&f=tanh&loss=half-sse&x=0.5,-1&y=0.2,0.8&lr=0.3"
        "&w=0.25,0.79,0.55,-0.55,-0.4,0.75,-0.99,0.64,0.59,-0.06,-0.39,-0.44,-0.49,-0.11,0.01,0.11,0.99&seed=7",
        bad_sample="layers=2,9,2&f=magic&x=1e9,0&lr=NaN&w=0.1,abc",
        groups=(
            ("network", "Network shape, activation and loss"),
            ("example", "Training example and learning rate"),
            ("step", "Step through one iteration"),
            ("train", "Training on"),
        ),
        part="Networks and how they learn",
        outcome="compute a forward pass, the errors δ and every gradient of a small network by hand, "
        "and check them against finite differences.",
        minutes=25,
        min_height=(1851, 3328),
    ),
    ChapterInfo(
        "trainer",
        "Digit trainer",
        "Watch a small network learn ten 5×5 digits, live: every weight, every activation, every iteration.",
        sample="hidden=12&lr=0.5&seed=42&batch=1000&digit=3&tab=images",
        bad_sample="hidden=nine&lr=-4",
        part="Networks and how they learn",
        outcome="explain how repeated small weight updates make a network recognise patterns, and "
        "what a too-large learning rate does.",
        minutes=15,
        groups=(("run", "Play, pause, train, reset"), ("settings", "Hidden neurons and learning rate")),
        min_height=(993, 2232),
    ),
    ChapterInfo(
        "landscape",
        "Loss landscapes and optimisers",
        "Race SGD, Momentum, Nesterov, AdaGrad, RMSProp and Adam across loss surfaces, a real network's "
        "among them; see why the learning rate and the batch size matter.",
        sample="surface=rosenbrock&start=-1.5,2.2&opt=sgd,momentum,adam&sgd_lr=0.0015&momentum_lr=auto"
        "&momentum_beta=0.85&nesterov_lr=auto&nesterov_beta=0.9&adagrad_lr=auto&adagrad_eps=1e-08"
        "&rmsprop_lr=auto&rmsprop_beta=0.9&rmsprop_eps=1e-08&adam_lr=0.08&adam_beta1=0.9&adam_beta2=0.999"
        "&adam_eps=1e-08&schedule=cosine&gamma=0.5&period=400&mode=race&inspect=adam&speed=3&batch=32"
        "&batch_lr=0.05",
        bad_sample="surface=volcano&start=1,NaN&opt=sgd,lion&sgd_lr=-1&adam_beta1=7&speed=fast",
        groups=(("surface", "Surface and mode"), ("run", "Step, play, pause, reset"),
                ("optimisers", "Optimisers and their settings"), ("schedule", "Learning-rate schedule"),
                ("batch", "Batch size and its learning rate")),
        part="Training in practice",
        outcome="explain what momentum and Adam add to gradient descent, pick a learning rate that "
        "neither crawls nor diverges, and tell batch, mini-batch and stochastic descent apart.",
        minutes=25,
        build_step="nnviz.chapters.landscape.build_data",
        min_height=(3346, 5447),
    ),
    ChapterInfo(
        "playground",
        "Playground",
        "Everything TensorFlow Playground does, faster: data sets, features, layers, every neuron's live map; "
        "plus your own points and CSV files, up to five classes, exact weights you can edit, and kept runs to compare.",
        sample="data=spiral&noise=10&train=60&dseed=7&features=x1,x2,sinx1,sinx2&layers=6,4,2&act=tanh,relu,tanh"
        "&drop=0,0.2,0&lr=0.01&reg=l2&rate=0.001&batch=12&problem=classification&opt=adam&init=he&loss=sse"
        "&wseed=42&stop=500&target=0.05&pts=&test=1&discrete=1&edit=0.1.2:0.5,1.b.0:-2",
        bad_sample="data=volcano&noise=-4&layers=3,abc&act=cubic&lr=NaN&batch=999&features=x9&edit=1.b.x:abc",
        part="Training in practice",
        outcome="set up a network for a 2-D problem, read what each neuron has learned from its map, and tell "
        "a learning rate that trains from one that diverges.",
        minutes=30,
        groups=(("run", "Play, step, reset"), ("training", "Training settings"), ("data", "Data set, noise, ratio, batch"),
                ("features", "Input feature toggles"), ("network", "Layers and neurons"), ("view", "Output view options"),
                ("points", "Own points tools"), ("io", "CSV, TensorFlow Playground link, model export and import"),
                ("runs", "Keep and compare runs")),
    ),
    ChapterInfo(
        "troubles",
        "When training goes wrong",
        "Watch gradients vanish and explode, bad initialisation freeze a network, ReLUs die and a big network "
        "memorise 100 digits; then fix each one, with a live per-layer training monitor.",
        sample="experiment=init&depth=5&width=24&act=tanh&init=xavier&lr=0.2&clip=2.5&data=400&l2=0.001"
        "&dropout=0.1&early=on&epochs=80&seed=7&monitor=on",
        bad_sample="experiment=volcano&depth=99&width=abc&lr=-1&clip=1e999&data=5&act=swish",
        groups=(("experiment", "Experiment"), ("run", "Play, pause, step, reset, monitor"),
                ("network", "Network: layers, units, activation, initialisation"),
                ("training", "Learning rate, clipping, epochs"), ("remedies", "Remedies: L2, dropout, data, early stopping"),
                ("compare", "Compare runs")),
        part="Training in practice",
        outcome="recognise vanishing and exploding gradients, bad initialisation, dead ReLUs and overfitting on a "
        "training monitor, and pick the fix for each.",
        minutes=30,
    ),
    ChapterInfo(
        "mnist",
        "Handwritten digits",
        "Draw a digit and watch a real 784 → 128 → 64 → 32 → 10 network read it; look inside, then train it yourself.",
        sample="lr=0.1&batch=64&epochs=2&brush=14&neuron=2-5",
        bad_sample="brush=huge&epochs=-3",
        part="Real data, real code",
        outcome="describe what each layer of a real digit classifier responds to, and watch "
        "backpropagation change it.",
        minutes=20,
        groups=(("draw", "Drawing pad: canvas, brush, Clear, a test digit"), ("train", "Training settings and buttons")),
        build_step="nnviz.chapters.mnist.build_data",
        min_height=(2681, 5533),
    ),
    ChapterInfo(
        "code",
        "Code lab",
        "The numpy code of a live network, editable: change the update rule, the activation or the loss, "
        "press Run, and watch it train with yours.",
        sample="data=xor&points=240&noise=5&hidden=6,4&seed=7&code="
        "eNqNVU2P2jAQvfMrRvTisCEke-vHVu2hqiq1W6laqYsQQk4yCxaJ49qGXVj1v3dsh4QseygnM56PN2-eJ6JWjbYgd7"
        "U6ADcg1Wj0_cvnX7ffbr-ufn2--wI3kCbZaDQq8QGEFHaluOa1YUYc0cSg5Tp6NwL6jcfjnxLhEcV6Y6HmVosn-A1M"
        "roSMQa6anY2AyxIa8soFFcvdJZnjCBRqqPgBdUJpfLpQhso___X_HxoNghCA5nKNrEIZIEQwhayF4H6m4BVSmFSJ-a"
        "Mty5IUZuBdF2IZdX4h_-Jh_PtZ_B0vKYJaSWSja16xNEnjkCkGdoqNT1ngCrJl9Eqq_JSKih9RN4YNInyARrvTso1p"
        "eeWFFXtuRSPZsW2ldaNElssNmS9cV2vNS3aMgfcDuNsglKi9xx6heQBLlj4GuIUjME4QBzWjjva2bkas8snkuq1qxL"
        "puRPkSXUbMsoyaI5j4pNiUMrURNK5HrksW-ozhvgd5T2OP4ZoG9xGUP2dR7IEq3eQ8F5WwB4e9qLgxkL2Hghd0u0VU"
        "Bh431EPOi61LDxKxNB14ryCnGaeOUDmC2Qyu_a3r-t6fQr4bWLBbEqMDt3xVYz7dmbaOjjf4dKGdq5cS6CIumAZBzw"
        "g-nKCSdgErg2cMd7EeZcKVQlmyMOiBhHgcXFrGq8YYpmKY90z_QC7pqUmuD1CQHM0UpdWNOryHeUs8bJqqNJ79iucE"
        "BVIgFrL-HQY5F5VQLnuG0-w69vrwxwGiKTnWVJPNYeKCqmbNVET0MOc_j3qr-686sZzG2anF9zVoxSnbCV5QB04bfb"
        "d-arhH6tGHo6VdwgwdSDEHSuaPZsMVLYv_lIpsL-ZRx4GHtJhmy0UWxltiZd14mQq9zSgK3kD5nZDNyqN7ao5V2m9q"
        "Z90W8QMmMgaTCAVcZ6_uOteXwZINBHmmSL5S5NPBEx26Luv5hgveyR1J2KO_8OwWmL9OzK5m_EmYm7RXpdfvR0h7DP"
        "5lXOBIlwOHjq1wuHhDyZ1Tx8V282njFvhAax5yq5-dKrnFTj3-KoYa60YfaP4W1dmbaGqifle_o7e5x6op3LKxbqlo"
        "pIjcqUJxYzu1GWA5euxp8rYXUG_rRrZ1IwsgenYcKQFJskbLtjGFnNHprn2qCR2nMPz2TtrBbHsuQyqyUNz-5ReIrF"
        "fO_A8BiEcQ",
        bad_sample="data=volcano&points=ten&hidden=99&seed=-5&code=!!not-code!!",
        part="Real data, real code",
        outcome="read and change the five functions of a training loop (initialise, forward, loss, backward, "
        "update), and check a backward pass against finite differences.",
        minutes=30,
        groups=(("data", "Data set and network sizes"), ("run", "Play, pause, step, reset"),
                ("code", "Code editor, presets and its buttons"), ("files", "Downloads and loading weights")),
        build_step="nnviz.chapters.code.build_data",
    ),
)

BY_ROUTE = {c.route: c for c in CHAPTERS}


def neighbours(route: str) -> tuple[ChapterInfo | None, ChapterInfo | None]:
    """The chapters before and after ``route`` in learning order (None at either end)."""
    i = [c.route for c in CHAPTERS].index(route)
    return (CHAPTERS[i - 1] if i > 0 else None, CHAPTERS[i + 1] if i + 1 < len(CHAPTERS) else None)
