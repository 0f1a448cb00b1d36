"""Lighthouse on every chapter (and the course map) of the built site, served on localhost.

Prints per page: performance, accessibility and best-practices scores (0-100), cumulative
layout shift (goal < 0.05) and total blocking time (goal <= 200 ms), with the best-practices
audits that failed. Desktop preset, no throttling (``--throttling-method=provided``: the
machine's own speed; on a loaded machine TBT grows with the load, so ``uptime`` is printed).

    .venv/bin/python bench/lighthouse.py [--runs 1] [route ...]

Lighthouse is pinned by bench/lighthouse/package-lock.json and installed by this script with
``npm ci`` into bench/lighthouse/node_modules (git-ignored). Chromium: NNVIZ_CHROMIUM, else the
one the e2e tests find (/usr/bin/chromium first).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _browser import ROOT, served
from build import BuildError, find_chromium, require_npm, sha256_of

FOLDER = ROOT / "bench" / "lighthouse"
CLI = FOLDER / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices")


def ensure_lighthouse() -> None:
    """``npm ci`` the pinned Lighthouse once per change of the lock file; exit with a reason if not."""
    stamp = FOLDER / "node_modules" / ".lock-sha256"
    wanted = sha256_of(FOLDER / "package-lock.json")
    if stamp.exists() and stamp.read_text() == wanted and CLI.exists():
        return
    print("[bench] installing Lighthouse (npm ci, pinned by bench/lighthouse/package-lock.json)", flush=True)
    try:
        npm = require_npm()
    except BuildError as e:
        sys.exit(f"[bench] cannot install Lighthouse: {e.code}")
    result = subprocess.run([npm, "ci", "--silent", "--no-audit", "--no-fund"], cwd=FOLDER)
    if result.returncode != 0 or not CLI.exists():
        sys.exit(
            "[bench] `npm ci` in bench/lighthouse failed (see npm's message above): Lighthouse needs Node 18.16+ "
            "and the npm registry. Nothing was measured."
        )
    stamp.write_text(wanted)


def one_page(url: str, chromium: str, tries: int = 3) -> dict:
    """Run Lighthouse on ``url``; return its JSON report. On a loaded machine a DevTools call
    sometimes times out inside Lighthouse: that run is repeated (up to ``tries`` in all)."""
    for attempt in range(1, tries + 1):
        try:
            return _one_run(url, chromium)
        except RuntimeError as e:
            if attempt == tries:
                raise
            print(f"[bench] {e}; trying again", flush=True)
    raise AssertionError("unreachable")


def _one_run(url: str, chromium: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        flags = f"--headless=new --no-sandbox --disable-gpu --user-data-dir={tmp}/profile"
        cmd = [
            "node", str(CLI), url, "--preset=desktop", "--throttling-method=provided",
            f"--only-categories={','.join(CATEGORIES)}", "--output=json", f"--output-path={out}",
            "--quiet", f"--chrome-flags={flags}", "--max-wait-for-load=60000",
            # The local test server sends nothing compressed (GitHub Pages does), and reading
            # back the 10 MB runtime files for this audit times out on a loaded machine.
            "--skip-audits=uses-text-compression",
        ]
        result = subprocess.run(cmd, env={**os.environ, "CHROME_PATH": chromium}, capture_output=True, text=True)
        if result.returncode != 0 or not out.exists():
            raise RuntimeError(f"Lighthouse failed on {url}: {result.stderr.strip()[-800:]}")
        report = json.loads(out.read_text())
        if report.get("runtimeError"):
            raise RuntimeError(f"Lighthouse failed on {url}: {report['runtimeError']['message']}")
        return report


def figures(report: dict) -> dict:
    cats, audits = report["categories"], report["audits"]
    for key in ("cumulative-layout-shift", "total-blocking-time"):
        if "numericValue" not in audits[key]:  # Lighthouse could not compute it: say why
            print(f"[bench] {key}: {audits[key].get('errorMessage', audits[key].get('explanation', '?'))}", flush=True)
    failed = sorted(
        a["id"] for ref in cats["best-practices"]["auditRefs"]
        if (a := audits[ref["id"]]).get("score") is not None and a["score"] < 1 and ref["weight"] > 0
    )
    return {
        "perf": round(100 * (cats["performance"]["score"] or 0)),
        "a11y": round(100 * (cats["accessibility"]["score"] or 0)),
        "bp": round(100 * (cats["best-practices"]["score"] or 0)),
        "cls": audits["cumulative-layout-shift"].get("numericValue", math.nan),
        "tbt": audits["total-blocking-time"].get("numericValue", math.nan),
        "failed": failed,
        "a11y_failed": sorted(
            ref["id"] for ref in cats["accessibility"]["auditRefs"]
            if (a := audits[ref["id"]]).get("score") is not None and a["score"] < 1 and ref["weight"] > 0
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1, help="runs per page (the median is printed)")
    parser.add_argument("routes", nargs="*", help="only these routes ('' or 'course' for the course map)")
    args = parser.parse_args()
    ensure_lighthouse()
    sys.path.insert(0, str(ROOT / "pysrc"))
    from nnviz.chapters.registry import CHAPTERS

    pages = [("course", "")] + [(c.route, c.route) for c in CHAPTERS]
    if args.routes:
        pages = [(name, route) for name, route in pages if name in args.routes]
    chromium = find_chromium()
    print("load before:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(), flush=True)
    rows = []
    with served() as base:
        print(f"Lighthouse {json.loads((CLI.parents[1] / 'package.json').read_text())['version']}, "
              f"desktop preset, no throttling, {chromium}, {args.runs} run(s) per page (median)", flush=True)
        print(f"{'page':10s} {'perf':>5s} {'a11y':>5s} {'bp':>5s} {'CLS':>7s} {'TBT ms':>7s}  failed audits", flush=True)
        for name, route in pages:
            runs = [figures(one_page(f"{base}#/{route}", chromium)) for _ in range(args.runs)]
            m = {k: statistics.median(r[k] for r in runs) for k in ("perf", "a11y", "bp", "cls", "tbt")}
            failed = sorted({f for r in runs for f in r["failed"] + r["a11y_failed"]})
            rows.append(m)
            print(f"{name:10s} {m['perf']:5.0f} {m['a11y']:5.0f} {m['bp']:5.0f} {m['cls']:7.3f} {m['tbt']:7.0f}  "
                  f"{' '.join(failed)}", flush=True)
    worst_cls = max((r["cls"] for r in rows if not math.isnan(r["cls"])), default=math.nan)
    worst_tbt = max((r["tbt"] for r in rows if not math.isnan(r["tbt"])), default=math.nan)
    print(f"worst CLS {worst_cls:.3f} (goal < 0.05), worst TBT {worst_tbt:.0f} ms (goal <= 200 ms)")
    print("load after:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
