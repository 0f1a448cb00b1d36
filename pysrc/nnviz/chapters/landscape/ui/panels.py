"""The race's read-outs: the legend, the "Optimiser positions" table, the alerts, the inside view.

    p = Panels(chapter)
    p.rebuild(race)      # rows and legend items for the race's runners (after opt / mode / surface)
    p.update(race)       # numbers of every row, alerts, the inside panel (every frame while running)

Rows are built once per set of runners, and only their cells' text changes per frame (and only
when it changed, through a dom.writer.Writer); the inside panel keeps its terms and rewrites
their values while the optimiser is the same.
"""

from __future__ import annotations

from nnviz.chapters.landscape.optimisers import KEYS, RULES
from nnviz.chapters.landscape.race import Race, Runner
from nnviz.chapters.landscape.text import inside, num, why
from nnviz.chapters.landscape.ui.controls import swatch
from nnviz.dom.elements import h
from nnviz.dom.writer import Writer

STATUS = {None: "running", "diverged": "diverged", "escaped": "left the map", "converged": "settled",
          "limit": "step limit"}


class Panels:
    """Legend, table, alerts and the inside-the-optimiser panel (see the module docstring)."""

    def __init__(self, chapter):
        self.chapter = chapter
        self.legend = h("div", {"class_": "legend ls-legend", "aria_label": "Paths on the map"})
        self.tbody = h("tbody", {})
        self.table = h("table", {"class_": "ls-table", "id": "landscape-positions"},
                       h("caption", {}, "Optimiser positions"),
                       h("thead", {}, h("tr", {}, *[h("th", {"scope": "col"}, t) for t in
                                                    ("Optimiser", "Step", "x", "y", "Loss", "Status")])),
                       self.tbody)
        self.cells: list[list] = []
        self.out = Writer()
        self._terms: tuple = ()
        self._rows_key: tuple = ()
        self._values: list = []
        self.alerts = h("div", {"class_": "ls-alerts", "id": "landscape-alerts", "aria_live": "polite"})
        chapter.scope.on(self.alerts, "click", self._on_alert_click)
        self._alert_key: tuple = ()
        self.inspect = h("select", {"id": "landscape-inspect", "class_": "ls-select"})
        for key in KEYS:
            self.inspect.append(h("option", {"value": key}, RULES[key].name))
        chapter.scope.on(self.inspect, "change", lambda _e: chapter.set_state(inspect=str(self.inspect.value)))
        self.inside_title = h("p", {"class_": "ls-inside-title"})
        self.inside_rule = h("p", {"class_": "ls-formula"})
        self.inside_body = h("dl", {"class_": "ls-inside", "id": "landscape-inside"})
        self.arrow_note = h("p", {"class_": "ls-help", "id": "landscape-arrow-note"})
        self.inspect_row = h("div", {"class_": "ls-inspect-row"},
                             h("label", {"for": "landscape-inspect", "class_": "field-label"}, "Look inside"), self.inspect)
        self.inside_panel = h("section", {"class_": "panel ls-inside-panel", "aria_label": "Inside the optimiser"},
                              h("h3", {"class_": "ls-panel-title"}, "Inside the optimiser"), self.inspect_row,
                              self.inside_title, self.inside_rule, self.inside_body, self.arrow_note)

    # ----- rows ------------------------------------------------------------------------------------

    def rebuild(self, race: Race) -> None:
        rows_key = tuple((r.id, r.label, r.slot) for r in race.runners)
        self.inspect_row.hidden = self.chapter.state.mode != "race"
        self._alert_key = ()
        if rows_key == self._rows_key and self.cells:  # the same rows (e.g. another surface): keep them
            return
        self._rows_key = rows_key
        self.tbody.replaceChildren()
        self.legend.replaceChildren()
        self.cells = []
        self.out = Writer()  # new cells: nothing written to them yet
        for r in race.runners:
            cells = [h("td", {}) for _ in range(5)]
            self.tbody.append(h("tr", {"data_runner": r.id}, h("th", {"scope": "row"}, swatch(r.slot), r.label), *cells))
            self.cells.append(cells)
            self.legend.append(h("span", {"class_": "legend-item", "data_runner": r.id}, swatch(r.slot), r.label))
        self.legend.append(h("span", {"class_": "legend-item"}, h("span", {"class_": "ls-start-key", "aria_hidden": "true"}),
                             "start (drag it)"))
        if not race.runners:
            self.tbody.append(h("tr", {}, h("td", {"colspan": "6", "class_": "muted"},
                                            "No optimiser is switched on: tick one in the Optimisers panel.")))

    def update(self, race: Race) -> None:
        for r, cells in zip(race.runners, self.cells, strict=True):
            x, y = r.point
            values = (str(r.t), num(x), num(y), num(r.losses[-1]), STATUS[r.stop.kind if r.stop else None])
            for cell, text in zip(cells, values, strict=True):
                self.out.text(cell, text)
        self._update_alerts(race)
        self._update_inside(race)

    # ----- alerts: why a runner stopped, and the undo ------------------------------------------

    def _update_alerts(self, race: Race) -> None:
        shown = [r for r in race.runners if r.stop is not None and r.stop.kind in ("diverged", "escaped")]
        key = tuple((r.id, r.stop.step) for r in shown)
        if key == self._alert_key:
            return
        self._alert_key = key
        self.alerts.replaceChildren()
        mode = self.chapter.state.mode
        for r in shown:
            box = h("div", {"class_": f"note ls-alert ls-alert-{r.stop.kind}", "data_runner": r.id},
                    h("p", {}, r.stop.reason))
            if r.stop.kind == "diverged" and mode == "race":
                back = self.chapter.undo_value(r.id)
                box.append(h("button", {"type": "button", "class_": "btn btn-small", "data_undo": r.id},
                             f"Undo: {r.label} learning rate back to {num(back)}"))
            elif r.stop.kind == "diverged":
                box.append(h("p", {"class_": "ls-help"}, "That is what this preset shows: the other rates keep going. "
                                                         "Switch to the race to try your own rates."))
            self.alerts.append(box)

    def _on_alert_click(self, event) -> None:
        button = event.target.closest("button[data-undo]")
        if button is not None:
            self.chapter.undo(str(button.dataset.undo))

    # ----- inside the optimiser ---------------------------------------------------------------------

    def inspected(self, race: Race) -> Runner | None:
        """The runner whose update is written out: the chosen optimiser, else the first running."""
        if not race.runners:
            return None
        if self.chapter.state.mode == "rates":
            return race.runners[1]
        want = self.chapter.state.inspect
        return next((r for r in race.runners if r.id == want), race.runners[0])

    def _update_inside(self, race: Race) -> None:
        out = self.out
        if str(self.inspect.value) != self.chapter.state.inspect:
            self.inspect.value = self.chapter.state.inspect
        r = self.inspected(race)
        if r is None:
            self.inside_body.replaceChildren()
            self._terms = ()
            out.text(self.inside_title, "Switch an optimiser on to look inside it.")
            out.text(self.inside_rule, "")
            out.text(self.arrow_note, "")
            return
        off = self.chapter.state.mode == "race" and r.id != self.chapter.state.inspect
        out.text(self.inside_title, f"{r.label} (the chosen one is off)" if off else r.label)
        out.text(self.inside_rule, r.rule.formula)
        rows = inside(r)
        terms = (r.id, *(term for term, _ in rows))
        if terms != self._terms:  # another optimiser or another stage: new rows
            self._terms = terms
            self.inside_body.replaceChildren()
            self._values = []
            for term, value in rows:
                # a dd always follows a dt (a row without a term names itself for screen readers)
                self.inside_body.append(h("dt", {} if term else {"class_": "visually-hidden"}, term or "Note"))
                dd = h("dd", {} if term else {"class_": "wide"}, value)
                self.inside_body.append(dd)
                self._values.append(dd)
        else:
            for dd, (_, value) in zip(self._values, rows, strict=True):
                out.text(dd, value)
        out.text(self.arrow_note, (
            "On the map: the white arrow points straight downhill (−g, drawn at a fixed length), the "
            f"dashed arrow is the step {r.label} actually took. " + why(r)) if r.last is not None else "")
