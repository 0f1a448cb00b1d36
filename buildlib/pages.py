"""The static HTML build.py writes into index.html from the registry: the chapter nav, the
course map (``#/``), and one article per chapter (head with its Share button, widget slot,
prose, previous/next). All of it is visible before Python is ready; web/js/course.js adds
progress marks, the share panel, projector mode and keyboard shortcuts on top.

Pure functions of the registry and the chapter folders (their ``prose.html`` and
``card.svg``); names no chapter.
"""

from __future__ import annotations

from html import escape
from pathlib import Path


def nav(chapters) -> str:
    """``<li>`` links in learning order, numbered as on the course map."""
    return "\n".join(
        f'        <li><a href="#/{c.route}" data-route="{c.route}">'
        f'<span class="nav-num" aria-hidden="true">{i}</span> {escape(c.title)}</a></li>'
        for i, c in enumerate(chapters, 1)
    )


def course_map(chapters, parts, folder) -> str:
    """The course map: one section per part, one card per chapter (picture, summary, outcome,
    time, and an "opened" mark that course.js shows for chapters already visited)."""
    number = {c.route: i for i, c in enumerate(chapters, 1)}
    sections = []
    for p, part in enumerate(parts, 1):
        members = [c for c in chapters if c.part == part]
        if not members:
            continue
        cards = []
        for c in members:
            picture = (folder(c) / "card.svg").read_text().strip()
            picture = picture.replace("<svg ", '<svg class="card-pic" aria-hidden="true" focusable="false" ', 1)
            cards.append(
                f'          <li class="card" data-route="{c.route}">\n'
                f'            <a class="card-link" href="#/{c.route}" aria-describedby="card-{c.route}-text">{picture}\n'
                f'              <span class="card-num">Chapter {number[c.route]}</span>\n'
                f'              <span class="card-title">{escape(c.title)}</span></a>\n'
                f'            <div id="card-{c.route}-text" class="card-text">\n'
                f'              <p class="card-summary">{escape(c.summary)}</p>\n'
                f'              <p class="card-outcome"><strong>After it you can</strong> {escape(c.outcome)}</p>\n'
                f'              <p class="card-meta"><span>About {c.minutes} minutes</span>'
                f'<span class="card-visited" hidden>✓ Opened</span></p>\n'
                f"            </div>\n"
                f"          </li>"
            )
        sections.append(
            f'        <section class="course-part" aria-labelledby="part-{p}">\n'
            f'          <h3 id="part-{p}"><span class="part-num">Part {p}</span> {escape(part)}</h3>\n'
            f'          <ol class="cards">\n' + "\n".join(cards) + "\n          </ol>\n        </section>"
        )
    return (
        '      <section class="course" id="course" hidden aria-labelledby="course-title">\n'
        '        <header class="chapter-head"><p class="kicker">The course</p>'
        '<h2 id="course-title">How neural networks work</h2>'
        '<p class="lede">The chapters in learning order, from a single neuron to a real digit '
        "classifier. Every picture is computed live by numpy in your browser; open any chapter in any "
        "order, and share a link to exactly what is on your screen.</p></header>\n"
        '        <div id="course-note" class="note" role="status" hidden></div>\n'
        + "\n".join(sections)
        + "\n      </section>"
    )


def articles(chapters, folder, neighbours) -> str:
    """One ``<article>`` per chapter: head (number, title, summary, Share), the widget's slot,
    the prose (collapsible in projector mode) and previous/next links (``neighbours(route)``
    gives the chapters before and after)."""
    out = []
    for i, c in enumerate(chapters):
        body = (folder(c) / "prose.html").read_text()
        prev, nxt = neighbours(c.route)
        pager = ['        <nav class="chapter-pager" aria-label="Previous and next chapter">']
        pager.append(
            f'          <a class="pager-prev" href="#/{prev.route}" rel="prev"><span>Previous</span> {escape(prev.title)}</a>'
            if prev else '          <a class="pager-prev" href="#/" rel="prev"><span>Back to</span> the course map</a>'
        )
        pager.append(
            f'          <a class="pager-next" href="#/{nxt.route}" rel="next"><span>Next</span> {escape(nxt.title)}</a>'
            if nxt else '          <a class="pager-next" href="#/" rel="next"><span>Back to</span> the course map</a>'
        )
        pager.append("        </nav>")
        out.append(
            f'      <article class="chapter" id="chapter-{c.route}" data-route="{c.route}" hidden>\n'
            f'        <header class="chapter-head"><p class="kicker">Chapter {i + 1}</p>'
            f"<h2>{escape(c.title)}</h2><p class=\"lede\">{escape(c.summary)}</p>\n"
            f'          <p class="chapter-tools"><button type="button" class="btn btn-small share-open" '
            f'aria-haspopup="dialog">Share</button> '
            f'<button type="button" class="btn btn-small prose-toggle" aria-expanded="true" '
            f'aria-controls="prose-{c.route}">Hide the text</button></p></header>\n'
            f'        <div class="widget" id="widget-{c.route}" data-route="{c.route}" style="{reserve(c.min_height)}"></div>\n'
            f'        <div class="prose" id="prose-{c.route}">\n{body}\n        </div>\n'
            + "\n".join(pager)
            + "\n      </article>"
        )
    return "\n".join(out)


FULL_WIDTH, PHONE_WIDTH = 1240, 390  # px: where main stops growing (app.css), a phone


def reserve(min_height: tuple[int, int]) -> str:
    """The widget slot's space while Python starts, as CSS custom properties read by app.css
    (``html.booting .widget:empty``): the measured height at full width and at 390 px, and the
    slope of the straight line between them, for the widths in between.

    >>> reserve((800, 1700))
    '--widget-wide: 800px; --widget-phone: 1700px; --widget-slope: 1.0588'
    """
    wide, phone = (int(v) for v in min_height)
    slope = (phone - wide) / (FULL_WIDTH - PHONE_WIDTH)
    return f"--widget-wide: {wide}px; --widget-phone: {phone}px; --widget-slope: {slope:.4f}"


def boot_chapters(chapters) -> list[dict]:
    """What course.js needs to know per chapter (titles, control groups), in learning order."""
    return [{"route": c.route, "title": c.title, "groups": [list(g) for g in c.groups]} for c in chapters]


def chapter_files_exist(chapters, folder) -> list[Path]:
    """The files every chapter folder must have for these pages; the missing ones."""
    return [p for c in chapters for p in (folder(c) / "prose.html", folder(c) / "card.svg") if not p.exists()]
