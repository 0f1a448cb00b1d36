"""The house chapter on the chapter contract (:mod:`nnviz.chapters.base`); sections own their DOM.

Five parts on one page, one state (``state.State``, all in the URL):
  one_input   sections 1–2: sliders, scatter plot, error table, GD buttons, error chart, heatmap
  two_inputs  section 3: the same neuron with area and bathrooms
  classify    section 4: labelled houses, softmax classifier, softmax calculator and examples
  shape       section 5: features × classes shape explorer

Data flows one way: a control calls ``set_state`` (the base replaces the state, calls
:meth:`Chapter.sync`, schedules one render). Each section declares the state fields it reads
(``FIELDS``) and its own key (``KEY``) for changes outside the state (a GD path, a hover), which
it passes to ``invalidate``; :meth:`Chapter.render` redraws a section only when
``dirty.any(*section.FIELDS, section.KEY)``. Every component is adopted by the scope, so the
chapter writes no cleanup code.
"""

from __future__ import annotations

from nnviz.chapters.base import ChapterBase, Dirty
from nnviz.chapters.house.state import FIELDS, State
from nnviz.chapters.house.ui.classify import Classify
from nnviz.chapters.house.ui.one_input import OneInput
from nnviz.chapters.house.ui.shape import ShapeExplorer
from nnviz.chapters.house.ui.two_inputs import TwoInputs
from nnviz.dom.elements import h


class Chapter(ChapterBase):
    """The house chapter: the sections, the model sync and which section redraws when."""

    State = State
    FIELDS = FIELDS

    def build(self) -> None:
        self.sections = [OneInput(self), TwoInputs(self), Classify(self), ShapeExplorer(self)]
        self.root.append(h("div", {"class_": "house"}, *[sec.build() for sec in self.sections]))

    def sync(self, changed: frozenset[str]) -> None:
        for sec in self.sections:
            if not changed.isdisjoint(sec.FIELDS):
                sec.sync(changed)

    def render(self, dirty: Dirty) -> None:
        for sec in self.sections:
            if dirty.any(*sec.FIELDS, *sec.KEYS):
                sec.render(dirty)
