"""Model export: JSON round trip, validated import, and a standalone script that reproduces predictions."""

import json
import subprocess
import sys

import numpy as np
import pytest

from nnviz.chapters.playground import export, features
from nnviz.chapters.playground.csvdata import Standardisation
from nnviz.chapters.playground.export import Model, from_json, predict, to_json, to_script
from nnviz.engine import SGD, Network, Trainer, as_targets, make_dataset, serialize


def _trained(kind: str) -> tuple[Model, np.ndarray]:
    """A small trained model of each kind and raw test points in the data's own units."""
    rng = np.random.default_rng(0)
    if kind == "regression":
        X, y = make_dataset("reg-gauss", 300, 0, seed=2)
        X = X * 40 + [1000, -5]  # own units, far from the standardised ones
        y = y * 3 + 10
        scale, target = Standardisation.fit(X), Standardisation.fit(y)
        keys = ("x1", "x2", "x1x2", "sinx2")
        net = Network([4, 6, 1], hidden="tanh", output="linear", loss="mse", seed=3)
        Y = target.apply(y).reshape(-1, 1)
        model_args = {"problem": "regression", "target": target}
    else:
        k = {"two": 2, "sse": 2, "k": 4}[kind]
        X, y = make_dataset("circle" if k == 2 else "blobs-4", 300, 0, seed=2)
        X = X * 0.1 - 2
        scale = Standardisation.fit(X)
        keys = ("x1", "x2", "x1sq", "x2sq") if k == 2 else ("x1", "x2")
        if kind == "two":
            net = Network(
                [4, 5, 3, 1], hidden=["tanh", "relu"], output="sigmoid", loss="bce", seed=3
            )
            Y = as_targets(y, 2)
        elif kind == "sse":
            net = Network(
                [4, 5, 1], hidden="tanh", output="tanh", loss="mse", seed=3, init="uniform"
            )
            Y = (2.0 * y - 1).reshape(-1, 1)  # TFP: ±1 labels, tanh output, squared error
        else:
            net = Network([2, 6, 4], hidden="elu", output="softmax", loss="cross_entropy", seed=3)
            Y = as_targets(y, 4)
        names = ("orange", "blue") if k == 2 else ("a", "b, c", 'say "d"', "é")
        model_args = {"class_names": names}
    Z = features.compute(scale.apply(X), keys)
    trainer = Trainer(net, SGD(0.05), Z, Y, batch_size=10, seed=0)
    for _ in range(15):
        trainer.run_epoch()
    model = Model(net, keys, standardise=scale, **model_args)
    test = X[rng.permutation(len(X))[:50]] + rng.normal(0, 0.01, (50, 2))
    return model, test


KINDS = ["two", "sse", "k", "regression"]


@pytest.mark.parametrize("kind", KINDS)
def test_json_round_trip_gives_the_same_predictions(kind):
    model, X = _trained(kind)
    text = to_json(model, settings={"data": "circle", "layers": "5,3"})
    back, settings = from_json(text)
    assert settings == {"data": "circle", "layers": "5,3"}
    assert back.features == model.features and back.class_names == model.class_names
    assert back.standardise == model.standardise and back.target == model.target
    out, pred = predict(model, X)
    out2, pred2 = predict(back, X)
    np.testing.assert_array_equal(out, out2)
    np.testing.assert_array_equal(pred, pred2)
    assert json.loads(text)["format"] == serialize.FORMAT  # the one model format of nnviz
    assert from_json(text.encode("utf-8"))[0].features == model.features


@pytest.mark.parametrize("kind", KINDS)
def test_predict_follows_the_documented_pipeline(kind):
    model, X = _trained(kind)
    z = (X - np.array(model.standardise.mean)) / np.array(model.standardise.std)
    a = model.network.forward(features.compute(z, model.features))
    out, pred = predict(model, X)
    np.testing.assert_array_equal(out, a)
    if kind == "regression":
        np.testing.assert_allclose(
            pred,
            a[:, 0].astype(np.float64) * model.target.std[0] + model.target.mean[0],
            rtol=1e-12,
        )
    elif kind == "k":
        np.testing.assert_array_equal(pred, a.argmax(axis=1))
        assert len(set(pred)) > 1
    else:
        cut = 0.5 if kind == "two" else 0.0
        assert model.cut == cut
        np.testing.assert_array_equal(pred, (a[:, 0] > cut).astype(int))
        assert 0 < pred.mean() < 1


@pytest.mark.parametrize("kind", KINDS)
def test_standalone_script_reproduces_the_predictions_in_cpython(kind, tmp_path):
    model, X = _trained(kind)
    script = tmp_path / "model.py"
    script.write_text(to_script(model), encoding="utf-8")
    points = tmp_path / "points.csv"
    points.write_text(
        "x1,x2\n" + "".join(f"{float(a)!r},{float(b)!r}\n" for a, b in X), encoding="utf-8"
    )
    run = subprocess.run([sys.executable, str(script), str(points)], capture_output=True,
                         text=True, check=True, encoding="utf-8")  # fmt: skip
    rows = [line.rsplit(",", 1) for line in run.stdout.splitlines()]
    assert len(rows) == len(X)
    _, pred = predict(model, X)
    if kind == "regression":
        got = np.array([float(r[1]) for r in rows])
        np.testing.assert_allclose(got, pred, rtol=1e-12, atol=1e-12)
    else:
        names = [model.class_names[p] for p in pred]
        # a class name may hold a comma: compare whole lines instead of split ones
        assert run.stdout.splitlines() == [
            f"{float(a)!r},{float(b)!r},{n}" for (a, b), n in zip(X, names, strict=True)
        ]
    text = script.read_text(encoding="utf-8")
    assert [ln for ln in text.splitlines() if ln.startswith(("import ", "from "))] == [
        "import numpy as np"
    ]
    namespace = {}
    exec(text.replace('if __name__ == "__main__":', "if False:"), namespace)
    np.testing.assert_array_equal(namespace["predict"](X), pred)


def _doc(kind="two") -> dict:
    model, _ = _trained(kind)
    return json.loads(to_json(model, settings={"data": "circle"}))


def _broken(change) -> str:
    d = _doc()
    change(d)
    return json.dumps(d)


def _set(path, value):
    def change(d):
        target = d
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("not json", "is not JSON"),
        ("[1, 2]", "expected a JSON object"),
        (
            _broken(_set(["weights", 0], [[0.0] * 5] * 3)),
            r"weights\[0\] has shape \(3, 5\), expected \(4, 5\)",
        ),
        (_broken(_set(["biases", 1, 0], "x")), r"biases\[1\] must hold numbers"),
        (_broken(_set(["metadata"], {})), "not saved by the playground"),
        (_broken(_set(["metadata", "version"], 9)), "version 9"),
        (
            _broken(_set(["metadata", "features"], ["x1", "x2", "x1sq"])),
            "3 features for a network with 4 inputs",
        ),
        (
            _broken(_set(["metadata", "features"], ["x1", "x2", "x1sq", "cos"])),
            "“cos” is not a feature",
        ),
        (_broken(_set(["metadata", "features"], ["x1", "x1", "x1sq", "x2sq"])), "listed twice"),
        (
            _broken(_set(["metadata", "classes"], ["a", "b", "c"])),
            "3 class names for a network that tells 2",
        ),
        (_broken(_set(["metadata", "classes"], ["a", "a"])), "same name"),
        (_broken(_set(["metadata", "classes"], ["a", ""])), "non-empty"),
        (_broken(_set(["metadata", "standardise", "std"], [1.0, 0.0])), "above 0"),
        (_broken(_set(["metadata", "standardise", "mean"], [1.0])), "needs 2 means"),
        (_broken(_set(["metadata", "problem"], "clustering")), "problem must be one of"),
        (_broken(_set(["metadata", "problem"], "regression")), "one output and no classes"),
        (_broken(_set(["metadata", "threshold"], "high")), "threshold must be a number"),
        (
            _broken(_set(["metadata", "target"], {"mean": [0], "std": [1]})),
            "belongs to a regression",
        ),
        (_broken(_set(["metadata", "settings"], {"data": 3})), "settings must map"),
        (_broken(_set(["metadata", "extra"], 1)), "unexpected \\['extra'\\]"),
        (
            '{"format": "nnviz.network", "version": 1, "sizes": [2, 1], "hidden": [], "output": "sigmoid",'
            '"loss": "bce", "weights": [[[NaN], [1]]], "biases": [[0]]}',
            "NaN or infinite",
        ),
        ("[" * 100_000 + "]" * 100_000, "is not JSON"),
        (" " * (export.MAX_TEXT + 1), "at most 5 MB"),
    ],
    ids=lambda v: v[:40] if isinstance(v, str) else None,
)
def test_bad_files_are_refused_with_a_clear_message(text, reason):
    with pytest.raises(ValueError, match=reason):
        from_json(text)


def test_building_a_model_checks_it_too():
    net = Network([2, 3, 1], output="sigmoid", loss="bce")
    with pytest.raises(ValueError, match="3 features"):
        Model(net, ("x1", "x2", "x1sq"), class_names=("a", "b"))
    with pytest.raises(ValueError, match="use 1 output for two classes"):
        Model(
            Network([2, 2], output="softmax", loss="cross_entropy"),
            ("x1", "x2"),
            class_names=("a", "b"),
        )
    with pytest.raises(ValueError, match="not UTF-8"):
        from_json(b"\xff\xfe{}")
    assert Model(net, ("x2", "x1"), class_names=("a", "b")).features == ("x2", "x1")  # order kept
