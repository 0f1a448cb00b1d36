"""Bytes shipped by each build, and bytes fetched on a cold load of the hosted site.

    .venv/bin/python bench/size.py
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from _browser import ROOT, chromium, open_ready, served
from build import portable


def shipped(folder: Path) -> dict[str, int]:
    groups: dict[str, int] = defaultdict(int)
    for p in folder.rglob("*"):
        if p.is_file():
            rel = p.relative_to(folder).as_posix()
            groups[rel.split("/")[0] if "/" in rel else "(top)"] += p.stat().st_size
    return dict(groups)


def main() -> None:
    portable()
    for name in ("dist", "dist-portable"):
        groups = shipped(ROOT / name)
        print(f"{name}/ ships {sum(groups.values()) / 1e6:.1f} MB: " + ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in sorted(groups.items())))
    with served() as base, chromium() as browser:
        for route in ("explorer", "trainer", "house", "mnist"):
            context, page = open_ready(browser, f"{base}#/{route}", route)
            entries = page.evaluate(
                "performance.getEntriesByType('resource').map(e => [e.name, e.transferSize, e.encodedBodySize])"
            )
            nav = page.evaluate("performance.getEntriesByType('navigation')[0].transferSize")
            total = nav + sum(t for _, t, _ in entries)
            print(f"cold load of #/{route}: {len(entries) + 1} requests, {total / 1e6:.1f} MB transferred")
            context.close()


if __name__ == "__main__":
    main()
