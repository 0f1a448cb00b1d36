"""Chapter "Architecture explorer" end to end: layout, hover, keyboard, URL, bad input."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest

from tests.e2e.harness import go, open_route, settled

NODES = "#explorer-svg circle.node"
EDGES = "#explorer-svg .edges line"
UP_EDGES = "#explorer-svg .gap.up line, #explorer-svg .focus-edges line.up"
DOWN_EDGES = "#explorer-svg .gap.down line, #explorer-svg .focus-edges line.down"


def expected_counts(sizes, layer):
    """Upstream/downstream connection counts, from first principles: every edge between two
    earlier layers is upstream, plus the neuron's own fan-in; mirrored downstream."""
    gaps = [a * b for a, b in pairwise(sizes)]
    up = sum(gaps[: max(layer - 1, 0)]) + (sizes[layer - 1] if layer else 0)
    down = (sizes[layer + 1] if layer < len(sizes) - 1 else 0) + sum(gaps[layer + 1 :])
    return up, down


@pytest.fixture()
def explorer(app):
    go(app, "#/explorer?layers=3,5,5,2", "explorer")
    return app.page


def test_field_change_relays_out_the_diagram(explorer, app):
    field = explorer.get_by_label("Neurons per layer")
    assert field.input_value() == "3,5,5,2"
    assert explorer.locator(NODES).count() == 15
    field.fill("2,3,4")
    explorer.wait_for_function("document.querySelectorAll('#explorer-svg circle.node').length === 9")
    assert explorer.locator(EDGES).count() == 2 * 3 + 3 * 4
    assert explorer.evaluate("location.hash") == "#/explorer?layers=2,3,4"
    assert explorer.locator("#explorer-param-count").inner_text() == str(2 * 3 + 3 + 3 * 4 + 4)


@pytest.mark.parametrize(("layer", "index"), [(0, 1), (1, 4), (2, 0), (3, 1)])
def test_hover_highlights_exactly_the_connected_edges(explorer, layer, index):
    sizes = [3, 5, 5, 2]
    explorer.locator(f"#node-{layer}-{index}").hover()
    up, down = expected_counts(sizes, layer)
    assert explorer.locator(UP_EDGES).count() == up
    assert explorer.locator(DOWN_EDGES).count() == down
    assert explorer.locator("#explorer-svg .node.up").count() == sum(sizes[:layer])
    assert explorer.locator("#explorer-svg .node.down").count() == sum(sizes[layer + 1 :])
    assert explorer.locator("#explorer-svg .node.focus").count() == 1
    panel = explorer.locator("#explorer-info").inner_text()
    if layer > 0:
        assert f"{math.prod(sizes[:layer])} distinct path" in panel
    assert "Backpropagation" in panel and "Forward pass" in panel


def test_whole_gaps_take_the_legend_colours_through_their_group(explorer):
    """A gap is tinted by a filter on its <g> (its lines keep their own style), in exactly the
    legend's colours; gaps next to the neuron are dimmed, and leaving clears it all."""
    explorer.locator("#node-3-1").hover()  # gaps 0 and 1 lie wholly upstream, gap 2 is adjacent
    colours = explorer.evaluate("""() => {
        const css = (el, prop) => getComputedStyle(el).getPropertyValue(prop).trim();
        const flood = (state) => css(document.querySelector(`#explorer-svg-tint-${state} feFlood`), 'flood-color');
        return {
            filters: [0, 1, 2].map(g => document.getElementById(`gap-${g}`).getAttribute('filter')),
            upFlood: flood('up'), downFlood: flood('down'),
            upSwatch: css(document.querySelector('#widget-explorer .swatch-up'), 'background-color'),
            downSwatch: css(document.querySelector('#widget-explorer .swatch-down'), 'background-color'),
            lineStroke: css(document.querySelector('#gap-0 line'), 'stroke'),
            adjacentOpacity: css(document.getElementById('gap-2'), 'opacity'),
        };
    }""")
    assert colours["filters"] == ["url(#explorer-svg-tint-up)", "url(#explorer-svg-tint-up)", "none"]
    assert colours["upFlood"] == colours["upSwatch"] and colours["downFlood"] == colours["downSwatch"]
    assert colours["upFlood"] != colours["downFlood"]
    assert colours["lineStroke"] not in (colours["upFlood"], colours["downFlood"])  # lines untouched
    assert float(colours["adjacentOpacity"]) < 0.5
    explorer.locator("#node-0-0").hover()  # now everything lies downstream
    assert explorer.locator("#gap-2").get_attribute("filter") == "url(#explorer-svg-tint-down)"
    explorer.get_by_label("Neurons per layer").hover()
    assert explorer.evaluate("[0, 1, 2].map(g => document.getElementById(`gap-${g}`).getAttribute('filter'))") == ["none"] * 3


def test_leaving_the_diagram_clears_the_highlight(explorer):
    explorer.locator("#node-1-0").hover()
    assert explorer.locator("#explorer-svg.highlighting").count() == 1
    explorer.get_by_label("Neurons per layer").hover()
    assert explorer.locator("#explorer-svg.highlighting").count() == 0
    assert explorer.locator(UP_EDGES).count() == 0


def test_a_tapped_neuron_stays_selected_after_the_finger_lifts(explorer):
    leave = "t => document.getElementById('explorer-svg').dispatchEvent(new PointerEvent('pointerleave', {pointerType: t}))"
    explorer.locator("#node-2-1").hover()
    explorer.evaluate(leave, "touch")  # what a phone sends when the finger lifts
    assert explorer.locator("#explorer-svg .node.focus").get_attribute("id") == "node-2-1"
    explorer.evaluate(leave, "mouse")  # a mouse that leaves the picture clears it
    assert explorer.locator("#explorer-svg.highlighting").count() == 0


def test_keyboard_focus_moves_between_neurons_and_highlights(explorer, app):
    explorer.locator("#node-0-0").focus()
    explorer.keyboard.press("ArrowRight")
    focused = explorer.evaluate("document.activeElement.id")
    assert focused == "node-1-0"
    settled(app, "explorer")  # two presses in one frame: the second highlight is drawn a frame later
    assert explorer.locator("#explorer-svg .node.focus").get_attribute("id") == "node-1-0"
    explorer.keyboard.press("ArrowDown")
    assert explorer.evaluate("document.activeElement.id") == "node-1-1"
    settled(app, "explorer")
    up, down = expected_counts([3, 5, 5, 2], 1)
    assert explorer.locator(UP_EDGES).count() == up
    assert explorer.locator(DOWN_EDGES).count() == down
    # one tab stop for the whole diagram; End goes to the layer's last neuron, Escape leaves
    assert explorer.locator("#explorer-svg [tabindex='0']").count() == 1
    explorer.keyboard.press("End")
    assert explorer.evaluate("document.activeElement.id") == "node-1-4"
    explorer.keyboard.press("Escape")
    assert explorer.evaluate("document.activeElement.id") != "node-1-4"
    assert explorer.locator("#explorer-svg [tabindex='0']").get_attribute("id") == "node-1-4"


def test_add_remove_layer_and_per_layer_steppers(explorer):
    explorer.get_by_role("button", name="Add layer").click()
    assert explorer.get_by_label("Neurons per layer").input_value() == "3,5,5,5,2"
    explorer.get_by_role("button", name="Add a neuron to hidden layer 1").click()
    assert explorer.get_by_label("Neurons per layer").input_value() == "3,6,5,5,2"
    explorer.get_by_role("button", name="Remove a neuron from output layer").click()
    assert explorer.get_by_label("Neurons per layer").input_value() == "3,6,5,5,1"
    assert explorer.get_by_role("button", name="Remove a neuron from output layer").is_disabled()
    explorer.get_by_role("button", name="Remove layer").click()
    assert explorer.get_by_label("Neurons per layer").input_value() == "3,6,5,1"
    assert explorer.locator(NODES).count() == 15
    assert explorer.evaluate("location.hash") == "#/explorer?layers=3,6,5,1"


@pytest.mark.parametrize(
    ("text", "reason"),
    [("0", "between 1 and 64"), ("-3", "between 1 and 64"), ("abc", "not a whole number"),
     ("1000", "between 1 and 64"), ("", "at least 2"), ("4", "at least 2"), ("3,,2", "empty entry")],
)
def test_bad_input_shows_a_message_and_keeps_the_last_diagram(explorer, text, reason):
    field = explorer.get_by_label("Neurons per layer")
    field.fill(text)
    message = explorer.locator("#explorer-layers-msg")
    assert reason in message.inner_text()
    assert field.get_attribute("aria-invalid") == "true"
    assert explorer.locator(NODES).count() == 15
    field.fill("3,5,5,2")
    assert message.inner_text() == ""
    assert field.get_attribute("aria-invalid") is None


def test_url_state_round_trips_through_a_fresh_load(fresh):
    open_route(fresh, fresh.base, "#/explorer?layers=4,7,3")
    page = fresh.page
    assert page.get_by_label("Neurons per layer").input_value() == "4,7,3"
    assert page.locator(NODES).count() == 14
    assert page.locator("#widget-explorer .url-note").is_hidden()


def test_malformed_url_value_falls_back_with_a_visible_note(fresh):
    open_route(fresh, fresh.base, "#/explorer?layers=3,abc,2")
    page = fresh.page
    note = page.locator("#widget-explorer .url-note")
    assert note.is_visible() and "not a whole number" in note.inner_text()
    assert page.get_by_label("Neurons per layer").input_value() == "3,5,5,2"
    assert page.evaluate("location.hash") == "#/explorer?layers=3,5,5,2"


def test_largest_network_samples_edges_and_still_highlights(explorer):
    sizes = [64] * 12
    explorer.get_by_label("Neurons per layer").fill(",".join(map(str, sizes)))
    explorer.wait_for_function("document.querySelectorAll('#explorer-svg circle.node').length === 768")
    drawn = explorer.locator(EDGES).count()
    total = 64 * 64 * 11
    assert drawn < total
    note = explorer.locator("#explorer-sample-note").inner_text()
    assert f"{total:,}" in note and "sample" in note
    explorer.locator("#node-5-10").hover()
    # the hovered neuron's own connections are complete even though the gaps are sampled
    assert explorer.locator("#explorer-svg .focus-edges line.up").count() == 64
    assert explorer.locator("#explorer-svg .focus-edges line.down").count() == 64
    assert explorer.locator("#explorer-svg .node.up").count() == 5 * 64
    assert f"{64**5:,} distinct paths" in explorer.locator("#explorer-info").inner_text()
