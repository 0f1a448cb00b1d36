"""Start-up budget: time to first content, to Python ready, and to data-ready="explorer".

Each run uses a fresh browser context (empty cache, fresh profile) against dist/ served on
localhost; prints the median of 5 runs and each stage. Budget (issue 2): first content
≤ 0.5 s, data-ready ≤ 4 s.

    .venv/bin/python bench/startup.py [--runs 5] [--route explorer] [--portable]

--portable opens dist-portable/index.html from file:// instead (the USB-stick build: plain
Pyodide, every runtime file embedded in a classic script).
"""

from __future__ import annotations

import argparse
import contextlib

from _browser import ROOT, chromium, median, open_ready, served


def one_run(browser, base: str, route: str, starts: list[str]) -> dict[str, float]:
    context, page = open_ready(browser, f"{base}#/{route}", route)
    starts.append(page.evaluate("nnvizBoot.snapshot"))  # "restored", or why not
    fcp = page.evaluate(
        "(performance.getEntriesByName('first-contentful-paint')[0] || {startTime: NaN}).startTime"
    )
    marks = page.evaluate("nnvizBoot.marks")  # [stage, fraction, ms since navigation start]
    python_ready = next(ms for stage, _, ms in marks if stage == "numpy")
    ready = page.evaluate("nnvizBoot.readyMs + nnvizBoot.startedAt")
    chapter_start = next(ms for stage, _, ms in marks if stage == "chapter")
    context.close()
    return {
        "first content": fcp / 1000,
        "Python ready (runs our code)": python_ready / 1000,
        "numpy imported": chapter_start / 1000,
        f'data-ready="{route}"': ready / 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--route", default="explorer")
    parser.add_argument("--portable", action="store_true", help="dist-portable/ from file://")
    args = parser.parse_args()
    if args.portable:
        from build import portable

        portable()
        where = contextlib.nullcontext((ROOT / "dist-portable" / "index.html").as_uri())
    else:
        where = served()
    with where as base, chromium() as browser:
        starts: list[str] = []
        runs = [one_run(browser, base, args.route, starts) for _ in range(args.runs)]
    origin = "file://, dist-portable/" if args.portable else "localhost"
    print(f"start-up, median of {args.runs} cold runs (fresh profile, {origin}):")
    restored = starts.count("restored")
    print(f"  Python restored from the build's snapshot in {restored} of {len(starts)} runs"
          + ("" if restored == len(starts) else f" (otherwise: {sorted(set(starts) - {'restored'})})"))
    for key in runs[0]:
        values = [r[key] for r in runs]
        print(f"  {key:32s} {median(values):6.2f} s   (min {min(values):.2f}, max {max(values):.2f})")
    fc, ready = median([r["first content"] for r in runs]), median([r[f'data-ready="{args.route}"'] for r in runs])
    print(f"budget: first content {fc:.2f}/0.50 s ({fc / 0.5:.2f}x), data-ready {ready:.2f}/4.00 s ({ready / 4:.2f}x)")


if __name__ == "__main__":
    main()
