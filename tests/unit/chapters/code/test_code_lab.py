"""The code lab's pure side: the default code's gradients, every preset trains, the time limit,
errors with their lines, the gradient check, the exported script, the link encoding."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import numpy as np
import pytest

from nnviz.chapters.code import diff, export, gradcheck, program, sandbox
from nnviz.chapters.code import state as cs
from nnviz.chapters.code.lab import Diverged, Lab, make_data
from nnviz.urlstate import Invalid, decode, encode

DATA = make_data("circle", 200, 0, 1)
SIZES = (2, 8, 8, 1)


def lab_of(code=program.DEFAULT_CODE, data=DATA, sizes=SIZES, seed=1) -> Lab:
    return Lab(sandbox.compile_program(code), data, sizes, seed)


def train(lab: Lab, steps: int) -> Lab:
    while lab.step < steps:
        lab.run(0.5, steps - lab.step)
    return lab


def finite_differences(lab: Lab, eps=1e-6) -> dict:
    """Central differences of the loss written independently of gradcheck (float64, per entry)."""
    out = {}
    for k, v in lab.params.items():
        g = np.zeros_like(v)
        for idx in np.ndindex(v.shape):
            keep = v[idx]
            v[idx] = keep + eps
            up = lab.loss_of(lab.params)
            v[idx] = keep - eps
            down = lab.loss_of(lab.params)
            v[idx] = keep
            g[idx] = (up - down) / (2 * eps)
        out[k] = g
    return out


@pytest.mark.parametrize("sizes", [(2, 8, 8, 1), (2, 3, 1), (2, 5, 4, 3, 1)])
def test_default_backward_matches_finite_differences(sizes):
    lab = train(lab_of(sizes=sizes), 30)  # away from the initial point
    _, grads = lab.gradients(lab.params)
    numeric = finite_differences(lab)
    for k in lab.params:
        np.testing.assert_allclose(grads[k], numeric[k], rtol=1e-5, atol=1e-8, err_msg=k)


def test_default_cross_entropy_at_the_start_is_near_log_2():
    # small random weights give p close to 1/2 everywhere, so the loss is close to ln 2
    lab = lab_of()
    assert abs(lab.loss_of(lab.params) - np.log(2)) < 0.05


@pytest.mark.parametrize("key", list(program.PRESETS))
def test_every_preset_trains_the_default_data_to_a_low_loss(key):
    lab = train(lab_of(program.apply_preset(key)), 2000)
    first, last = lab.losses[0], lab.losses[-1]
    assert last < 0.05 * first and last < 0.03, (key, first, last)
    assert lab.accuracy() >= 0.99


@pytest.mark.parametrize("key", [k for k, p in program.PRESETS.items() if p.edits])
def test_every_preset_is_a_short_edit_of_the_default(key):
    code = program.apply_preset(key)
    rows = diff.line_diff(program.DEFAULT_CODE, code)
    changed = sum(1 for r in rows if r[0] in ("add", "del"))
    assert 0 < changed <= 22, changed


def test_presets_of_the_three_groups_compose_and_train():
    code = program.compose("adam", "relu", "mse")
    assert "LEARNING_RATE = 0.01\n" in code and "np.maximum(z, 0)" in code and "(p - Y) ** 2" in code
    lab = train(lab_of(code), 1500)
    assert lab.accuracy() >= 0.99


def test_momentum_preset_matches_a_hand_written_heavy_ball():
    lab = lab_of(program.apply_preset("momentum"))
    ref = {k: v.copy() for k, v in lab.params.items()}
    vel = {k: np.zeros_like(v) for k, v in ref.items()}
    plain = lab_of()  # the default code computes the same gradients
    for _ in range(5):
        _, g = plain.gradients(ref)
        for k in ref:
            vel[k] = 0.9 * vel[k] - 0.1 * g[k]
            ref[k] = ref[k] + vel[k]
        lab.one_step()
    for k in ref:
        np.testing.assert_allclose(lab.params[k], ref[k], rtol=1e-12)


def test_an_endless_loop_is_stopped_within_the_limit():
    code = program.DEFAULT_CODE.replace('    """Plain gradient descent', '    while True:\n        pass\n    """Plain')
    lab = lab_of(code)
    started = time.perf_counter()
    with pytest.raises(sandbox.CodeError) as info:
        lab.run(0.01, 10)
    took = time.perf_counter() - started
    assert took < 2.0 and took >= sandbox.STEP_LIMIT_S * 0.9
    loop = code.splitlines().index("    while True:") + 1
    assert "longer than" in info.value.message and info.value.line in (loop, loop + 1)


def test_an_endless_loop_at_the_top_level_is_stopped():
    started = time.perf_counter()
    with pytest.raises(sandbox.CodeError, match="longer than"):
        sandbox.compile_program("x = 0\nwhile True:\n    x += 1\n")
    assert time.perf_counter() - started < 2.0


def test_the_guard_adds_little_outside_the_visitors_code():
    # the time limit must not slow down code that is not the visitor's
    def work():
        return sum(float(np.mean(np.arange(50.0))) for _ in range(3000))

    t = time.perf_counter()
    work()
    bare = time.perf_counter() - t
    t = time.perf_counter()
    with sandbox.deadline(10):
        work()
    guarded = time.perf_counter() - t
    assert guarded < 3 * bare + 0.05


def test_a_syntax_error_names_its_line():
    code = program.DEFAULT_CODE.replace("LEARNING_RATE = 0.1", "LEARNING_RATE = = 0.1")
    with pytest.raises(sandbox.CodeError) as info:
        sandbox.compile_program(code)
    assert info.value.line == 3 and "SyntaxError" in info.value.message


def test_a_missing_function_is_named():
    with pytest.raises(sandbox.CodeError, match="backward, update"):
        sandbox.compile_program("def init_params(s, r): pass\ndef forward(p, X): pass\ndef loss(p, Y): pass\n")


def test_a_shape_mismatch_is_explained_with_the_shapes():
    code = program.DEFAULT_CODE.replace('grads[f"W{i}"] = a_prev.T @ delta', 'grads[f"W{i}"] = a_prev @ delta')
    lab = lab_of(code)
    with pytest.raises(sandbox.CodeError) as info:
        lab.one_step()
    line = code.splitlines().index('        grads[f"W{i}"] = a_prev @ delta') + 1
    assert info.value.line == line
    assert "in backward" in info.value.message and "a_prev (200, 8)" in info.value.message
    assert "delta (200, 1)" in info.value.message


def test_a_gradient_of_the_wrong_shape_is_named():
    code = program.DEFAULT_CODE.replace('grads[f"b{i}"] = delta.sum(axis=0)', 'grads[f"b{i}"] = delta.sum(axis=1)')
    with pytest.raises(sandbox.CodeError, match=r"gradient of b0 has shape \(200,\), but b0 has shape \(8,\)"):
        lab_of(code).one_step()


def test_nan_from_the_update_is_caught_and_the_parameters_restored():
    lab = lab_of(program.DEFAULT_CODE.replace("params[k] -= LEARNING_RATE * grads[k]",
                                              "params[k] -= LEARNING_RATE * grads[k] / 0.0"))
    before = {k: v.copy() for k, v in lab.params.items()}
    with pytest.raises(Diverged, match="NaN or infinite"):
        for _ in range(5):
            lab.one_step()
    assert all(np.isfinite(v).all() for v in lab.params.values())
    assert lab.step == 0 and all(np.array_equal(before[k], lab.params[k]) for k in before)


def test_the_gradient_check_passes_the_default_and_catches_a_missing_factor():
    good = gradcheck.check_gradients(train(lab_of(), 20))
    assert [r.key for r in good] == ["W0", "b0", "W1", "b1", "W2", "b2"] and all(r.ok for r in good)
    assert max(r.max_error for r in good) < 1e-7
    # the classic bug: forgetting to divide by n in the output delta
    bad_code = program.DEFAULT_CODE.replace("delta = (p - Y) / n", "delta = (p - Y)")
    bad = gradcheck.check_gradients(train(lab_of(bad_code), 0))
    assert not any(r.ok for r in bad)
    # only one layer wrong: the check marks that one (the activation derivative of layer 1 flipped)
    one = program.DEFAULT_CODE.replace("return 1 - a**2", "return 1 + a**2")
    rows = {r.key: r.ok for r in gradcheck.check_gradients(lab_of(one))}
    assert rows["W2"] and rows["b2"] and not rows["W0"] and not rows["W1"]


def test_the_exported_script_reproduces_the_predictions_in_plain_cpython(tmp_path):
    lab = train(lab_of(program.apply_preset("relu")), 300)
    script = tmp_path / "code_lab.py"
    script.write_text(export.python_script(lab, "circle"))
    points = np.random.default_rng(3).uniform(-6, 6, (50, 2))
    probe = (f"import json, sys; sys.path.insert(0, {str(tmp_path)!r}); import code_lab, numpy as np; "
             "print(json.dumps(code_lab.predict(np.array(json.loads(sys.stdin.read()))).tolist()))")
    out = subprocess.run([sys.executable, "-c", probe], input=json.dumps(points.tolist()),
                         capture_output=True, text=True, check=True, cwd=tmp_path)
    got = np.array(json.loads(out.stdout))
    np.testing.assert_array_equal(got, lab.predict(points / 6.0))
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    assert run.stdout.count("p(class 1") == 4


def test_weights_json_round_trips_through_the_engine_format():
    lab = train(lab_of(), 200)
    text = export.weights_json(lab, {"dataset": "circle"})
    d = json.loads(text)
    assert d["format"] == "nnviz.network" and d["sizes"] == [2, 8, 8, 1] and d["hidden"] == ["tanh", "tanh"]
    hidden, params = export.read_weights(text)
    assert hidden == (8, 8)
    for k in lab.params:
        np.testing.assert_array_equal(params[k], lab.params[k])
    net = export.to_network(lab)
    grid = np.random.default_rng(1).uniform(-1, 1, (20, 2))
    np.testing.assert_allclose(net.forward(grid)[:, 0], lab.predict(grid), rtol=1e-12)


def test_weights_json_is_refused_for_an_activation_the_engine_lacks():
    code = program.DEFAULT_CODE.replace("return np.tanh(z)", "return np.sin(z)").replace("return 1 - a**2", "return np.cos(z)")
    with pytest.raises(export.ExportError, match="none of the engine"):
        export.weights_json(train(lab_of(code), 5))


@pytest.mark.parametrize("text, why", [
    ("not json", "not valid JSON"),
    ('{"format": "other"}', "format must be"),
    (None, "2 → … → 1"),
])
def test_bad_weight_files_say_why(text, why):
    if text is None:
        from nnviz.engine import serialize
        from nnviz.engine.network import Network
        text = serialize.to_json(Network([2, 4, 3], output="softmax", loss="cross_entropy"))
    with pytest.raises(ValueError, match=why):
        export.read_weights(text)


def test_code_in_the_link_round_trips_and_bad_code_is_refused():
    code = program.apply_preset("adam")
    s = cs.State(data="xor", points=300, noise=10, hidden=(6,), seed=4, code=code)
    q = encode(cs.FIELDS, s)
    assert q["code"] and len(q["code"]) < 1600
    back, notes = decode(cs.State, cs.FIELDS, q)
    assert back == s and notes == []
    assert encode(cs.FIELDS, cs.State())["code"] == ""
    for raw in ("!!!", "eNo", "aGVsbG8", "eJzLSM3JyQcABiwCFQ"[:-4]):
        with pytest.raises(Invalid):
            cs.decode_code(raw)


def test_code_too_long_for_the_link_is_left_out():
    rng = np.random.default_rng(0)
    noise = "".join(f"# {rng.integers(1 << 60):x}\n" for _ in range(400))  # incompressible
    code = program.DEFAULT_CODE + noise
    assert not cs.code_fits(code)
    assert encode(cs.FIELDS, cs.State(code=code))["code"] == ""
    assert cs.code_fits(program.compose("adam", "relu", "mse"))


def test_the_diff_shows_what_changed():
    code = program.DEFAULT_CODE.replace("LEARNING_RATE = 0.1", "LEARNING_RATE = 0.5")
    rows = diff.line_diff(program.DEFAULT_CODE, code)
    assert ("del", 3, None, "LEARNING_RATE = 0.1") in rows and ("add", None, 3, "LEARNING_RATE = 0.5") in rows
    assert diff.summary(rows).startswith("1 line added, 1 removed")
    assert diff.summary(diff.line_diff(program.DEFAULT_CODE, program.DEFAULT_CODE)).startswith("No changes")
