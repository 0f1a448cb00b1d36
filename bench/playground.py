"""nnviz's playground and TensorFlow Playground side by side: epochs/s and frames/s while playing.

Targets (issue 15), measured in one run, in the same headless Chromium (one browser, fresh
context per measurement, the two tools alternating so that machine load hits both alike):

  * TFP's largest set-up (spiral, all 7 features, 6 × 8, tanh, lr 0.03, batch 10, 50 %
    training): nnviz ≥ 2 × TFP's epochs per second and ≥ 55 frames per second;
  * TFP's defaults: nnviz ≥ 55 frames per second.

TFP is the built copy in ../shared/peers/tensorflow-playground (override: NNVIZ_TFP_DIR), served
on a loopback port; every request leaving that origin is blocked (its fonts and analytics), which
does not change how it trains. Its epochs are read from its epoch counter (#iter-number), after
pressing its play button. nnviz is the built site (dist/), opened at ``#/playground?<keys>`` with
the keys that chapters/playground/tfplink.translate makes of the same TFP link (so both tools run
the same experiment); its epochs come from ``#playground-metrics[data-epoch]`` after pressing the
button named "Play". Frames are counted by a requestAnimationFrame counter in each page (every
frame the browser produced). A Chrome trace of each window also gives the renderer main
thread's CPU time per frame (its RunTask events), which a loaded machine inflates far less
than the wall clock: "CPU ms/frame" and the frame rate that CPU time allows, 1000 / it.
One run, no assertions; the last lines say PASS or FAIL for each budget:

    .venv/bin/python bench/playground.py [--secs 10] [--runs 2] [--only tfp|nnviz]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from _browser import ROOT, chromium, open_ready, served

sys.path.insert(0, str(ROOT / "pysrc"))
from build import make_server
from nnviz.chapters.playground.tfplink import translate
from nnviz.urlstate import build_hash

TFP_DIR = Path(os.environ.get("NNVIZ_TFP_DIR", ROOT.parent / "shared/peers/tensorflow-playground"))
if not TFP_DIR.is_dir():
    TFP_DIR = Path("/work/shared/peers/tensorflow-playground")
WARMUP = 1.5
SEED = "0.12345"
ALL7 = "x=true&y=true&xSquared=true&ySquared=true&xTimesY=true&sinX=true&sinY=true"
COMMON = f"activation=tanh&batchSize=10&learningRate=0.03&regularizationRate=0&noise=0&seed={SEED}"
SETUPS = {  # name -> TFP hash (as TFP's own links write it)
    "defaults": f"{COMMON}&dataset=circle&networkShape=4,2&percTrainData=50&x=true&y=true"
    "&problem=classification",
    "largest": f"{COMMON}&dataset=spiral&networkShape=8,8,8,8,8,8&percTrainData=50&{ALL7}"
    "&problem=classification",
}
COUNT_FRAMES = """() => {
  window.__frames = [];
  const tick = (t) => { window.__frames.push(t); if (window.__frames.length < 200000) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
}"""


@contextlib.contextmanager
def serve_tfp():
    server = make_server(TFP_DIR, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def main_thread_ms(trace: bytes) -> float:
    """CPU milliseconds the renderer's main thread spent in tasks (RunTask thread time)."""
    events = json.loads(trace)["traceEvents"]
    main = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"
    }
    return sum(
        e["tdur"] / 1000
        for e in events
        if (e.get("pid"), e.get("tid")) in main
        and e.get("ph") == "X"
        and e.get("name") == "RunTask"
        and "tdur" in e
    )


def _window(browser, page, read_epoch, secs: float) -> dict:
    """Count frames and epochs over ``secs`` seconds of playing (after the warm-up)."""
    time.sleep(WARMUP)
    page.evaluate(COUNT_FRAMES)
    browser.start_tracing(
        page=page,
        categories=["devtools.timeline", "toplevel", "disabled-by-default-devtools.timeline"],
    )
    e0, t0 = read_epoch(), time.perf_counter()
    traced_from = page.evaluate("performance.now()")
    time.sleep(secs)
    e1, t1 = read_epoch(), time.perf_counter()
    traced_to = page.evaluate("performance.now()")
    cpu = main_thread_ms(browser.stop_tracing())
    frames = page.evaluate("window.__frames")
    span = (frames[-1] - frames[0]) / 1000 if len(frames) > 1 else float("nan")
    # CPU per frame: the frames inside the traced window only (the counter runs longer)
    n = max(sum(traced_from <= t <= traced_to for t in frames), 1)
    return {
        "eps": (e1 - e0) / (t1 - t0),
        "fps": (len(frames) - 1) / span,
        "cpu": cpu / n,
        "cpu_eps": (e1 - e0) / max(cpu / 1000, 1e-9),
    }


def measure_tfp(browser, base: str, tfp_hash: str, secs: float) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
    try:
        page = context.new_page()
        page.goto(base + "#" + tfp_hash, wait_until="load")
        page.wait_for_selector("#iter-number")
        page.wait_for_function("document.querySelector('#iter-number').textContent.trim() !== ''")

        def epoch() -> int:
            return int(page.inner_text("#iter-number").replace(",", ""))

        page.click("#play-pause-button")
        result = _window(browser, page, epoch, secs)
        page.click("#play-pause-button")
        result["loss"] = page.inner_text("#loss-test")
        return result
    finally:
        context.close()


def measure_nnviz(browser, base: str, keys: dict[str, str], secs: float) -> dict:
    url = base + build_hash("playground", keys)
    context, page = open_ready(browser, url, "playground")
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
    try:
        metrics = page.locator("#playground-metrics")

        def epoch() -> int:
            return int(float(metrics.get_attribute("data-epoch") or 0))

        page.get_by_role("button", name="Play", exact=True).click()
        page.get_by_role("button", name="Pause", exact=True).wait_for()
        result = _window(browser, page, epoch, secs)
        page.get_by_role("button", name="Pause", exact=True).click()
        result["loss"] = metrics.get_attribute("data-test-loss")
        return result
    finally:
        context.close()


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "(uptime not available)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--secs", type=float, default=10.0, help="seconds measured per run")
    ap.add_argument("--runs", type=int, default=2, help="runs per tool and set-up (median shown)")
    ap.add_argument("--only", choices=("tfp", "nnviz"), help="measure one tool only")
    a = ap.parse_args()
    tools = [a.only] if a.only else ["tfp", "nnviz"]
    print(f"load before: {uptime()}")
    results: dict[tuple[str, str], list[dict]] = {}
    with contextlib.ExitStack() as stack:
        tfp_base = stack.enter_context(serve_tfp()) if "tfp" in tools else ""
        nnviz_base = stack.enter_context(served()) if "nnviz" in tools else ""
        browser = stack.enter_context(chromium())
        print(
            f"Chromium {browser.version}, {a.runs} run(s) of {a.secs:g} s after {WARMUP} s warm-up"
        )
        for name, tfp_hash in SETUPS.items():
            keys, _ = translate(tfp_hash)
            print(f"  {name}: nnviz {build_hash('playground', keys)}")
            for run in range(a.runs):
                for tool in tools:
                    if tool == "tfp":
                        r = measure_tfp(browser, tfp_base, tfp_hash, a.secs)
                    else:
                        r = measure_nnviz(browser, nnviz_base, keys, a.secs)
                    results.setdefault((name, tool), []).append(r)
                    print(f"  {name:8} {tool:5} run {run + 1}: {r['eps']:7.1f} epochs/s "
                          f"{r['fps']:5.1f} frames/s  CPU {r['cpu']:5.1f} ms/frame "
                          f"({r['cpu_eps']:6.1f} epochs per CPU second)  test loss {r['loss']}", flush=True)  # fmt: skip
    print(f"load after: {uptime()}")
    print()
    print(
        f"{'set-up':9} {'TFP ep/s':>9} {'TFP fps':>8} {'nnviz ep/s':>11} {'nnviz fps':>10} {'ratio':>7} "
        f"{'nnviz CPU ms/frame':>19} {'CPU-bound fps':>14}"
    )
    keys = ("eps", "fps", "cpu", "cpu_eps")
    nan = dict.fromkeys(keys, float("nan"))
    for name in SETUPS:
        med = {
            tool: {k: statistics.median(r[k] for r in results[(name, tool)]) for k in keys}
            for tool in tools
        }
        t, n = med.get("tfp", nan), med.get("nnviz", nan)
        ratio = n["eps"] / t["eps"] if t["eps"] else float("nan")
        cpu_fps = 1000 / n["cpu"] if n["cpu"] else float("nan")
        print(
            f"{name:9} {t['eps']:9.1f} {t['fps']:8.1f} {n['eps']:11.1f} {n['fps']:10.1f} {ratio:6.2f}x "
            f"{n['cpu']:19.1f} {cpu_fps:14.1f}"
        )
    print()
    for name in SETUPS:
        med = {
            tool: {k: statistics.median(r[k] for r in results[(name, tool)]) for k in keys}
            for tool in tools
        }
        if "nnviz" not in med:
            continue
        n, t = med["nnviz"], med.get("tfp", nan)
        print(
            f"{name}: nnviz {n['fps']:.1f} frames/s, budget >= 55: {'PASS' if n['fps'] >= 55 else 'FAIL'}"
        )
        if name == "largest":
            ratio = n["eps"] / t["eps"] if t["eps"] else float("nan")
            print(
                f"{name}: epochs/s nnviz {n['eps']:.1f} / TFP {t['eps']:.1f} = {ratio:.2f}x, budget >= 2x: "
                f"{'PASS' if ratio >= 2 else 'FAIL'}"
            )


if __name__ == "__main__":
    main()
