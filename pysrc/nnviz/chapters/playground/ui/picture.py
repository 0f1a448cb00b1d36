"""The network picture: input features as toggles, every neuron's live map, links by weight.

    pic = NetworkPicture(chapter)          # chapter.scope owns its listeners
    pic.rebuild(keys, layers, acts, drops, n_out)   # when the shape changes
    pic.draw_maps(rgba_k_32_32_4)          # ONE canvas (an atlas under the nodes), one bridge call
    pic.draw_links(weights, version)       # only the links whose rounded width or sign changed

Each neuron is a button (``node-{column}-{row}``) over its map, drawn into one canvas under
all the nodes. Pointing at it or focusing it shows its map large in the output panel; clicking
it (or Enter) opens it in the inspector, where its bias and incoming weights are shown exactly
and can be edited. Pointing at or focusing a link (``link-{layer}-{i}-{j}``) shows its exact
weight, live; clicking it (or Enter) opens the inspector on it. The picture is ONE tab stop:
the arrow keys move over neurons and links (:mod:`..keynav`).
"""

from __future__ import annotations

import numpy as np

from nnviz.chapters.playground import keynav
from nnviz.chapters.playground import layout as lay_mod
from nnviz.chapters.playground import state as ps
from nnviz.chapters.playground.features import KEYS, LABELS
from nnviz.dom.bridge import ElementSet
from nnviz.dom.elements import clear, h, s, set_attrs
from nnviz.dom.focus import RovingFocus
from nnviz.dom.heatmap import draw_rgba, draw_tiles

DROPS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def put_maps(canvases, rgba: np.ndarray) -> None:  # the output panel's map
    """Draw (k, ny, nx, 4) uint8 pixels onto k canvases in ONE bridge call."""
    draw_rgba(canvases, rgba)


class PictureFocus(RovingFocus):
    """The picture's one tab stop over neurons and links (moves: :class:`keynav.Nav`)."""

    nav = keynav.Nav((0,), ())

    def item_of(self, element):
        if element is None or not self.container.contains(element):
            return None
        return self.nav.item(str(getattr(element, "id", "") or ""))

    def element(self, col: int, row: int):
        return self.container.querySelector("#" + self.nav.element_id(col, row))

    def target(self, key: str, col: int, row: int, ctrl: bool = False):
        return self.nav.move(key, col, row, ctrl)


def node_name(col: int, row: int, n_cols: int, n_out: int) -> str:
    if col == 0:
        return f"input {LABELS[KEYS[row]]}"
    if col == n_cols - 1:
        return "the output" if n_out == 1 else f"output {row + 1} (class {row + 1})"
    return f"neuron {row + 1} of layer {col}"


class NetworkPicture:
    def __init__(self, chapter):
        self.ch = chapter
        sc = chapter.scope
        self.svg = s("svg", {"class_": "pg-links", "role": "group", "aria_label": "Links (weights)"})
        self.atlas = h("canvas", {"class_": "pg-atlas", "width": 1, "height": 1, "aria_hidden": "true"})
        self.nodes_box = h("div", {"class_": "pg-nodes"})
        self.heads = h("div", {"class_": "pg-heads"})
        self.canvas_box = h("div", {"class_": "pg-net", "id": "playground-network"},
                            self.svg, self.atlas, self.heads, self.nodes_box)
        self.tooltip = h("div", {"class_": "pg-tip", "role": "status", "hidden": True, "id": "playground-tip"})
        self.add_layer = h("button", {"type": "button", "class_": "btn btn-icon", "aria_label": "Add a hidden layer"}, "+")
        self.del_layer = h("button", {"type": "button", "class_": "btn btn-icon",
                                      "aria_label": "Remove a hidden layer"}, "−")
        self.count = h("span", {"class_": "pg-layer-count"})
        bar = h("div", {"class_": "pg-layerbar", "data_group": "network"}, self.add_layer, self.del_layer, self.count)
        self.element = h("section", {"class_": "panel pg-network-panel", "aria_label": "The network"},
                         h("h3", {"class_": "pg-h"}, "Network"), bar,
                         h("div", {"class_": "table-wrap pg-net-wrap", "role": "region", "tabindex": "0",
                                   "aria_label": "Network picture (scrolls sideways)"}, self.canvas_box),
                         self.tooltip,
                         h("p", {"class_": "help"},
                           "Click an input to switch that feature on or off. Point at or focus a neuron to see its "
                           "map large; click it to read and edit its bias and weights. Lines: weights, width |w|, "
                           "blue positive, orange negative; point at one for its exact value. Keys: the picture "
                           "is one stop; arrows move over neurons and links, Enter toggles or edits."))
        sc.on(self.add_layer, "click", lambda _e: chapter.change_layers(+1))
        sc.on(self.del_layer, "click", lambda _e: chapter.change_layers(-1))
        sc.on(self.svg, "pointermove", self._on_link_move)
        sc.on(self.svg, "pointerleave", lambda _e: self._leave_links(pointer=True))
        sc.on(self.svg, "click", self._on_link_click)
        self.focus = PictureFocus(sc, self.canvas_box, "node-{col}-{row}", lambda: (0,),
                                  on_activate=self._activate)
        sc.on(self.svg, "focusin", self._on_link_focus)
        sc.on(self.svg, "focusout", lambda _e: self._leave_links(pointer=False))
        self.lay = None
        self.hover_link = None
        self.focus_link = None
        self._tip_shown: str | None = None
        self.lines: ElementSet | None = None
        self.feature_buttons: list = []
        self.node_buttons: dict[tuple[int, int], object] = {}
        self.selects: list = []
        self.drop_selects: list = []
        self._weights = np.zeros(0)
        self._shape = None
        self._link_key = None
        self._shown_w = np.zeros(0, np.int32)  # widths on screen, in tenths of a px
        self._shown_neg = np.zeros(0, bool)
        self.feature_xy = np.zeros((0, 2), np.int32)  # atlas corners of the input maps
        self.node_xy = np.zeros((0, 2), np.int32)  # … and of the hidden and output maps

    # ----- structure ---------------------------------------------------------------------------

    def rebuild(self, keys, layers, acts, drops, n_out) -> None:
        shape = (tuple(keys), tuple(layers), tuple(acts), tuple(drops), n_out)
        if shape == self._shape:
            return
        self._shape = shape
        ch, sc = self.ch, self.ch.scope
        was = self.focus.item_of(ch.root.ownerDocument.activeElement) if self.lay is not None else None
        if self.lines is not None:
            self.lines.remove()
            self.lines = None
        clear(self.svg)
        clear(self.nodes_box)
        clear(self.heads)
        lay = self.lay = lay_mod.layout(tuple(keys), tuple(layers), n_out)
        set_attrs(self.svg, viewBox=f"0 0 {lay.width} {lay.height}", width=lay.width, height=lay.height)
        self.canvas_box.style.width = f"{lay.width}px"
        self.canvas_box.style.height = f"{lay.height}px"
        set_attrs(self.atlas, width=lay.width, height=lay.height)
        self.lines = ElementSet.create_lines(self.svg, "pg-link", lay.links)
        n_links = len(lay.link_ids)
        self._shown_w = np.full(n_links, -1, np.int32)
        self._shown_neg = np.zeros(n_links, bool)
        self.focus_link = None
        if n_links:
            self.lines.set_strings("id", [f"link-{lk}-{i}-{j}" for lk, i, j in lay.link_ids])
            self.lines.set_strings("aria-label", [self.ch.link_name(lk, i, j) for lk, i, j in lay.link_ids])
            self.lines.set_all("role", "button")
            self.lines.set_all("tabindex", "-1")
        n_cols = len(lay.columns)
        self.count.textContent = f"{len(layers)} hidden layer{'s' if len(layers) != 1 else ''}"
        self.add_layer.disabled = len(layers) >= ps.MAX_LAYERS
        self.del_layer.disabled = len(layers) == 0
        # column heads
        self._head(0, "Features", None)
        for li, width in enumerate(layers):
            col = li + 1
            box = h("div", {"class_": "pg-head-ctl", "data_group": "network"})
            minus = h("button", {"type": "button", "class_": "btn btn-tiny",
                                 "aria_label": f"Remove a neuron from layer {col}"}, "−")
            plus = h("button", {"type": "button", "class_": "btn btn-tiny",
                                "aria_label": f"Add a neuron to layer {col}"}, "+")
            minus.disabled = width <= 1
            plus.disabled = width >= ps.MAX_WIDTH
            sc.on(minus, "click", lambda _e, li=li: ch.change_width(li, -1))
            sc.on(plus, "click", lambda _e, li=li: ch.change_width(li, +1))
            sel = h("select", {"class_": "pg-tiny-select", "aria_label": f"Activation of layer {col}"},
                    *[h("option", {"value": a}, ps.ACT_LABELS[a]) for a in ps.ACTS])
            sel.value = acts[li]
            sc.on(sel, "change", lambda _e, li=li, sel=sel: ch.change_act(li, str(sel.value)))
            dsel = h("select", {"class_": "pg-tiny-select", "aria_label": f"Dropout of layer {col}"},
                     *[h("option", {"value": f"{d:g}"}, f"drop {d:g}") for d in DROPS])
            dsel.value = f"{drops[li]:g}" if drops[li] in DROPS else "0"
            sc.on(dsel, "change", lambda _e, li=li, dsel=dsel: ch.change_drop(li, float(dsel.value)))
            box.append(h("div", {"class_": "pg-pm"}, minus, plus), sel, dsel)
            self._head(col, f"Layer {col}: {width}", box)
        self._head(n_cols - 1, "Output", None)
        # nodes
        self.feature_buttons = []
        self.node_buttons = {}
        fxy, nxy = [], []
        for col, nodes in enumerate(lay.columns):
            for row, (x, y) in enumerate(nodes):
                (fxy if col == 0 else nxy).append((int(x) + 1, int(y) + 1))  # inside the 1 px border
                nid = f"node-{col}-{row}"
                if col == 0:
                    key = KEYS[row]
                    on = key in keys
                    btn = h("button", {"type": "button", "class_": "pg-node pg-input" + (" on" if on else ""),
                                       "id": nid, "aria_pressed": "true" if on else "false",
                                       "aria_label": LABELS[key], "data_group": "features", "tabindex": "-1",
                                       "style": f"left:{x:.0f}px;top:{y:.0f}px"})
                    lbl = h("span", {"class_": "pg-in-label", "aria_hidden": "true",
                                     "style": f"left:{x - 60:.0f}px;top:{y + 7:.0f}px"}, LABELS[key])
                    self.nodes_box.append(lbl)
                    sc.on(btn, "click", lambda _e, key=key: ch.toggle_feature(key))
                    self.feature_buttons.append(btn)
                else:
                    name = node_name(col, row, n_cols, n_out)
                    btn = h("button", {"type": "button", "class_": "pg-node", "id": nid,
                                       "aria_label": f"Show and edit {name}", "tabindex": "-1",
                                       "style": f"left:{x:.0f}px;top:{y:.0f}px"})
                    sc.on(btn, "click", lambda _e, c=col, r=row: ch.inspect(c, r))
                    self.node_buttons[(col, row)] = btn
                sc.on(btn, "pointerenter", lambda _e, c=col, r=row: ch.hover(c, r))
                sc.on(btn, "pointerleave", lambda _e: ch.hover(None, None))
                sc.on(btn, "focus", lambda _e, c=col, r=row: ch.hover(c, r))
                sc.on(btn, "blur", lambda _e: ch.hover(None, None))
                self.nodes_box.append(btn)
        self.feature_xy = np.array(fxy, np.int32).reshape(-1, 2)
        self.node_xy = np.array(nxy, np.int32).reshape(-1, 2)
        self.focus.nav = keynav.Nav(tuple(len(c) for c in lay.columns), tuple(KEYS.index(k) for k in keys))
        self.focus.current = None
        stop = was if was is not None and self.focus.element(*was) is not None else (0, 0)
        if was is not None and stop == was:
            self.focus.focus(*stop)
        else:
            self.focus.set_stop(*stop)
        self._link_key = None
        self.hover_link = None
        for key in ch.hidden_groups:  # hide= in the link: these groups were made after the base hid them
            for el in self.canvas_box.querySelectorAll(f'[data-group="{key}"]'):
                el.classList.add("group-hidden")

    def _head(self, col: int, title: str, controls) -> None:
        x = self.lay.column_x[col] + lay_mod.NODE / 2
        self.heads.append(h("div", {"class_": "pg-head", "style": f"left:{x - lay_mod.PITCH_X / 2 + 2:.0f}px;"
                                    f"width:{lay_mod.PITCH_X - 4:.0f}px"},
                            h("span", {"class_": "pg-head-title"}, title), controls))

    # ----- drawing -----------------------------------------------------------------------------

    def draw_features(self, rgba: np.ndarray) -> None:
        """(7, t, t, 4) pixels of the input maps, into the atlas."""
        draw_tiles(self.atlas, rgba, self.feature_xy)

    def draw_maps(self, rgba: np.ndarray) -> None:
        """(n_hidden + n_out, t, t, 4) pixels, hidden neurons then outputs, column by column."""
        draw_tiles(self.atlas, rgba, self.node_xy)

    def draw_links(self, weights: list[np.ndarray], version: int) -> None:
        """Widths |w| (to a tenth of a px) and sign classes, written only where they changed."""
        if self.lines is None or self._link_key == version:
            return
        self._link_key = version
        w = lay_mod.link_weights(weights)
        self._weights = w
        if not len(w) or len(w) != len(self._shown_w):
            return
        tenths = np.rint(lay_mod.link_widths(weights) * 10).astype(np.int32)
        changed = np.flatnonzero(tenths != self._shown_w)
        if len(changed):
            self.lines.set_numbers_at("stroke-width", changed, tenths[changed] / 10, 1)
            self._shown_w[changed] = tenths[changed]
        neg = w < 0
        flipped = np.flatnonzero(neg != self._shown_neg)
        if len(flipped):
            self.lines.toggle_class_at("neg", flipped, neg[flipped].astype(np.uint8))
            self._shown_neg[flipped] = neg[flipped]

    def set_features(self, keys) -> None:
        for btn, key in zip(self.feature_buttons, KEYS, strict=True):
            on = key in keys
            btn.classList.toggle("on", on)
            btn.setAttribute("aria-pressed", "true" if on else "false")

    def mark(self, col, row) -> None:
        for (c, r), btn in self.node_buttons.items():
            btn.classList.toggle("picked", (c, r) == (col, row))

    # ----- links: hover and click ----------------------------------------------------------------

    def _nearest_link(self, event):
        if self.lay is None or not len(self.lay.links):
            return None
        m = self.svg.getScreenCTM()
        x = (float(event.clientX) - float(m.e)) / float(m.a)
        y = (float(event.clientY) - float(m.f)) / float(m.d)
        L = self.lay.links
        ax, ay, bx, by = L[:, 0], L[:, 1], L[:, 2], L[:, 3]
        dx, dy = bx - ax, by - ay
        t = np.clip(((x - ax) * dx + (y - ay) * dy) / np.maximum(dx * dx + dy * dy, 1e-9), 0, 1)
        d = np.hypot(ax + t * dx - x, ay + t * dy - y)
        k = int(d.argmin())
        return k if d[k] <= 6 else None

    def _on_link_move(self, event) -> None:
        k = self._nearest_link(event)
        if k != self.hover_link:
            self.hover_link = k
            self.ch.invalidate("tip", now=True)

    def tip_text(self) -> str:
        """The tooltip for the link under the pointer or focused (live: rewritten as it trains)."""
        k = self.hover_link if self.hover_link is not None else self.focus_link
        if k is None or self.lay is None or k >= len(self.lay.link_ids):
            return ""
        return self.ch.link_text(*self.lay.link_ids[k]) + " (click or Enter to edit)"

    def _link_index(self, element) -> int | None:
        item = self.focus.item_of(element)
        if item is None or item[0] % 2 == 0:
            return None
        layer, row = item[0] // 2, item[1]
        return int(sum(self.focus.nav.n_links(lk) for lk in range(layer))) + row

    def _on_link_focus(self, event) -> None:
        k = self._link_index(event.target)
        if k != self.focus_link:
            self.focus_link = k
            self.ch.invalidate("tip", now=True)

    def _activate(self, col: int, row: int) -> None:
        """Enter or Space on an item: toggle an input, open a neuron or a link in the inspector."""
        if col % 2 == 1:
            layer = col // 2
            i, j = self.focus.nav.link(layer, row)
            self.ch.inspect(layer + 1, j, focus_weight=i)
        elif col == 0:
            self.ch.toggle_feature(KEYS[row])
        else:
            self.ch.inspect(col // 2, row)

    def _on_link_click(self, event) -> None:
        k = self._nearest_link(event)
        if k is not None:
            layer, i, j = self.lay.link_ids[k]
            self.ch.inspect(layer + 1, j, focus_weight=i)

    def _leave_links(self, pointer: bool) -> None:
        if pointer:
            self.hover_link = None
        else:
            self.focus_link = None
        self.ch.invalidate("tip")

    def _tip(self, text: str) -> None:
        """Show ``text`` (none: hide); no bridge call when neither changed since the last one."""
        if text == self._tip_shown:
            return
        self._tip_shown = text
        self.tooltip.hidden = not text
        if text:
            self.tooltip.textContent = text
