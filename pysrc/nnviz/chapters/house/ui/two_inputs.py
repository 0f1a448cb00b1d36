"""Section 3: price from area and bathrooms, ten houses, three sliders.

With three parameters there is no flat picture of the error any more, so this section keeps
the error readout, the error chart and the neuron diagram, and adds nothing else: the point the
prose makes is exactly that the picture is lost.
"""

from __future__ import annotations

from nnviz.chapters.house.data import TWO
from nnviz.chapters.house.model import TWO_DESCENT, fmt_error
from nnviz.chapters.house.single_neuron import signed
from nnviz.chapters.house.ui.regression import RegressionSection
from nnviz.dom.elements import h


class TwoInputs(RegressionSection):
    FIELDS = ("w1", "w2", "b2")
    prefix = "house-two"
    title = "Two inputs: area and bathrooms"
    intro = ("Ten houses now, each with an area and a number of bathrooms. The neuron has a weight for each input and one "
             "bias: ŷ = w₁ · area + w₂ · bathrooms + b.")
    data = TWO
    descent = TWO_DESCENT
    scale_note = ", with the area in thousands of sq ft"
    input_names = ("Area", "Bathrooms")
    target = 1500.0  # no plane gets below ≈ 1,406 on these ten houses

    def gd_pictures(self) -> list:
        fit = self.best
        return [h(
            "div", {"class_": "panel no-map", "id": "house-two-nomap"},
            h("h4", {}, "No map this time"),
            h("p", {}, "Two weights and a bias make three dials, and the error over all their settings is a shape in four "
                       "dimensions: there is no flat picture of it. The error chart is what is left to steer by."),
            h("p", {}, f"The best plane for these ten houses: weight 1 = {signed(fit.w[0], 4)}, weight 2 = "
                       f"{signed(fit.w[1], 2)}, bias = {signed(fit.b, 2)}, error {fmt_error(fit.mse)}. Gradient descent finds it too, given enough presses; "
                       "the last stretch is slow for the same reason as before (a long, narrow valley)."),
        )]
