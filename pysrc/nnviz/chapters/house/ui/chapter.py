"""The house chapter's controller: owns the state and the redraw schedule; sections own their DOM.

Five parts on one page, one state (``state.State``, all in the URL):
  one_input   sections 1–2: sliders, scatter plot, error table, GD buttons, error chart, heatmap
  two_inputs  section 3: the same neuron with area and bathrooms
  classify    section 4: labelled houses, softmax classifier, softmax calculator and examples
  shape       section 5: features × classes shape explorer

Data flows one way: a control calls :meth:`Chapter.update`, which replaces the state, marks the
sections that read the changed fields, and schedules one redraw on the next animation frame
(``dom.events.NextFrame``: many changes in one frame cost one redraw; the scope cancels a
pending frame on unmount).
"""

from __future__ import annotations

import dataclasses

from nnviz.chapters.base import ChapterBase
from nnviz.chapters.house.state import FIELDS, State
from nnviz.chapters.house.ui.classify import Classify
from nnviz.chapters.house.ui.one_input import OneInput
from nnviz.chapters.house.ui.shape import ShapeExplorer
from nnviz.chapters.house.ui.two_inputs import TwoInputs
from nnviz.dom.elements import h
from nnviz.dom.events import NextFrame


class Chapter(ChapterBase):
    """The house chapter: owns the state and the redraw schedule; the sections own their DOM."""

    State = State
    FIELDS = FIELDS

    def build(self) -> None:
        self._dirty: set = set()
        self._redraw = NextFrame(self.scope, self._tick)
        self.sections = [OneInput(self), TwoInputs(self), Classify(self), ShapeExplorer(self)]
        self.root.append(h("div", {"class_": "house"}, *[sec.build() for sec in self.sections]))

    def update(self, changes: dict, commit: bool) -> None:
        """Apply ``changes`` to the state; redraw on the next frame; write the URL when ``commit``."""
        new = dataclasses.replace(self.state, **changes)
        if new != self.state:
            self.state = new
            for sec in self.sections:
                if changes.keys() & set(sec.FIELDS):
                    self._dirty.add(sec)
            self._schedule()
        if commit:
            self.write_url()

    def invalidate(self, section) -> None:
        """Redraw ``section`` on the next frame (for changes outside the state: path, selection)."""
        self._dirty.add(section)
        self._schedule()

    def _schedule(self) -> None:
        self._redraw.request()

    def _tick(self) -> None:
        dirty, self._dirty = self._dirty, set()
        for sec in self.sections:
            if sec in dirty:
                sec.render()

    def render(self, dirty=None) -> None:
        for sec in self.sections:
            sec.render()

    def stop(self) -> None:
        if hasattr(self, "_redraw"):
            self._redraw.stop()
        for sec in getattr(self, "sections", []):
            sec.destroy()
