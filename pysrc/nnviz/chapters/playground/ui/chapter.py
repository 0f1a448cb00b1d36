"""The "Playground" widget on the chapter contract: data, features, network, training, pictures.

Data flows one way (nnviz.chapters.base): controls call ``set_state``; :meth:`Chapter.sync` is
the only place a setting reaches the model (data settings: new points and a new network;
network settings: a new network; learning rate, regularisation, batch, dropout, optimiser:
applied to the next step, never a reset). Playing runs in :meth:`Chapter.tick`: as many steps
as fit in the kit's frame budget, then one render. Paused, a render makes ONE forward pass over
the 100 × 100 grid for every neuron at once (cached until the weights change) for the large
map, and one over the 32 × 32 grid of the node boxes for the thumbnails, drawn into one canvas.
Playing, each frame does a quarter of the 100 × 100 pass (a fifth while frames are late; on a copy
of the weights: no seams), in the neuron-major layout of :func:`..model.neuron_pass`,
every other frame the thumbnails and the links that changed, and the numbers and the chart at
most 5 times a second, so that no frame carries a whole map.
"""

from __future__ import annotations

import random
import time

import numpy as np

from nnviz.chapters.base import ChapterBase, Dirty
from nnviz.chapters.playground import colors, edits, owndata
from nnviz.chapters.playground import features as feats
from nnviz.chapters.playground import model as pm
from nnviz.chapters.playground import state as ps
from nnviz.chapters.playground.ui.controls import Controls
from nnviz.chapters.playground.ui.inspector import Inspector
from nnviz.chapters.playground.ui.io import IOPanel
from nnviz.chapters.playground.ui.metrics import Metrics
from nnviz.chapters.playground.ui.output import OutputPanel
from nnviz.chapters.playground.ui.picture import NetworkPicture
from nnviz.dom.alert import Alert
from nnviz.dom.elements import h
from nnviz.kit.budget import FrameBudget

BUDGET_S, MIN_BUDGET_S, MAX_BUDGET_S = 0.004, 0.002, 0.006  # training per frame: at 60 fps, 6 ms
# is ~75 epochs/s of TFP's largest set-up (~4.8 ms an epoch in Pyodide; TFP does about 17), and it
# leaves the frame ~10 ms for the map slices (~3 ms) and the browser's style, paint and composite
TARGET_FPS = 55
FLOOR_SHARE = 0.4  # training's share of a frame when even the floor misses the frame rate
BIG_PARTS = 4  # while playing, the 100 × 100 pass is spread over four frames (15 maps/s at 60 fps)
BUSY_PARTS = 5  # … over five when frames miss the rate even at training's floor (11 maps/s at
# 55 fps: still more than TFP's ~9, which redraws its maps once per epoch)
TILE_EVERY = 2  # the thumbnails and links every other frame (30 maps/s at 60 fps)
TEXT_MS = 200.0  # numbers, chart, inspector and tooltip at most every 200 ms while playing
QUIET = frozenset({"tick", "train"})  # what every playing frame marks; anything else redraws at once
# Why: the 100 × 100 pass of TFP's largest set-up costs ~10 ms in Pyodide (as much as two epochs);
# whole, it would make one frame in every few a long one; a third of it per frame (20 maps/s)
# held TFP's largest set-up at 49 fps, a quarter (15 maps/s) reaches 56 (bench/playground.py).
# TFP redraws its maps once per epoch, ~10 times a second on that set-up. Paused, a change or a hover redraws at once.
DATA_KEYS = {"data", "noise", "train", "dseed", "pts", "problem"}  # and "edit": edits.py
NET_KEYS = {"features", "layers", "act", "init", "loss", "wseed"}
TRAIN_KEYS = {"lr", "reg", "rate", "batch", "opt", "drop", "stop", "target"}


class Chapter(ChapterBase):
    """Everything TensorFlow Playground does, plus own data, K classes and exact values."""

    State = ps.State
    FIELDS = ps.FIELDS

    # ----- building ----------------------------------------------------------------------------

    def build(self) -> None:
        self.model = pm.Playground()
        self.playing = False
        self.problem = ""
        self.notice = ""
        self.eraser = False
        self.add_class = 0
        self.hovered: tuple[int, int] | None = None
        self.own_extra: owndata.Own | None = None  # own data the link cannot hold (kept in the page)
        self.own_names: tuple[str, ...] = ()  # class names of own points (e.g. a CSV's words)
        self.budget = FrameBudget(BUDGET_S, MIN_BUDGET_S, MAX_BUDGET_S, target_fps=TARGET_FPS)
        self._drawn = None
        self._mode_drawn = None
        self._tiles_drawn = None
        self._job: pm.GridJob | None = None
        self._big_acts = None
        self._big_version = -1
        self._frame = 0
        self._text_ms = -1e9
        self._features_drawn = None
        self._points_key = None
        self._recorded = 0
        self._now_ms = 0.0
        self._render_s = 0.0  # a running mean of the render's own time
        self.controls = Controls(self)
        self.picture = NetworkPicture(self)
        self.output = OutputPanel(self)
        self.metrics = Metrics(self)
        self.inspector = Inspector(self)
        self.io = IOPanel(self)
        self.alert = Alert(self.scope, "playground-diverged", "Training diverged. ",
                           ("Back to the last good weights", self.recover),
                           ("Back, and divide the learning rate by 10", lambda: self.recover(lower=True)),
                           class_="pg-alert")
        self.note = h("p", {"class_": "pg-notice", "role": "status", "id": "playground-notice"})
        c = self.controls
        top = h("div", {"class_": "pg-top"}, c.run_bar, c.settings)
        left = h("section", {"class_": "panel pg-left", "aria_label": "Data"},
                 h("h3", {"class_": "pg-h"}, "Data"), c.data_panel, self.io.points_tools)
        right = h("section", {"class_": "panel pg-right", "aria_label": "Output"},
                  h("h3", {"class_": "pg-h"}, "Output"), self.output.element, c.view_opts)
        self.root.append(h("div", {"class_": "playground"}, top, self.alert.element, self.note,
                           h("div", {"class_": "pg-main"}, left,
                             h("div", {"class_": "pg-middle"}, self.picture.element, self.inspector.element),
                             right),
                           self.metrics.element, self.io.element))

    # ----- the model follows the state ---------------------------------------------------------

    def sync(self, changed: frozenset[str]) -> None:
        st, m = self.state, self.model
        if m.data is None or changed & DATA_KEYS:
            if st.data != ps.OWN:
                self.own_extra, self.own_names = None, ()
            try:
                m.set_data(st, self.own_extra, self.own_names)
            except ValueError as exc:
                self.notice = f"The data could not be made: {exc}"
                m.set_data(ps.State())
            self._new_network()
        elif changed & NET_KEYS:
            self._new_network()
        else:
            if changed & TRAIN_KEYS:
                m.set_training(st)
            if "edit" in changed:
                m.set_edits(st.edit)
                self._edit_notice()
                self.invalidate("edit")

    def set_state(self, commit: bool = True, **changes) -> None:
        """As the base's; a change that makes a new network (data, shape, seed…) also drops the
        edited weights, which belonged to the old one."""
        st = self.state
        if st is not None and st.edit and "edit" not in changes and any(
                k in DATA_KEYS | NET_KEYS and getattr(st, k) != v for k, v in changes.items()):
            changes["edit"] = ()
        super().set_state(commit, **changes)

    def edit_value(self, layer: int, i: int, j: int, value: float) -> None:
        """The inspector set W[layer][i, j] (i = edits.BIAS: the bias b[layer][j]): into the
        network now, and into the link."""
        self.set_state(edit=edits.merge(self.state.edit, layer, i, j, value))

    def _edit_notice(self) -> None:
        if self.model.edit_notes:
            self.notice = " ".join(self.model.edit_notes)
            self.invalidate("notice")

    def _new_network(self) -> None:
        self.model.set_network(self.state)
        self._edit_notice()
        self.problem = ""
        self.metrics.reset_chart(self.model)
        self._recorded = len(self.model.history_epochs)
        self.inspector.close()
        self.invalidate("net")

    # ----- controls ----------------------------------------------------------------------------

    def toggle_play(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        self.problem = ""
        self.notice = ""
        self.playing = True
        if not self.running:
            self.budget.restart()
        self.start()
        self.invalidate("running")

    def pause(self) -> None:
        self.playing = False
        self.halt()

    def step(self) -> None:
        """One epoch."""
        self.pause()
        run = self.model.run(0.0, epochs=1)
        self._after_run(run)

    def reset(self) -> None:
        """The same initial weights again (the weights seed replays them)."""
        self.pause()
        self.model.reset_weights(self.state.wseed)
        self._restarted()

    def new_weights(self) -> None:
        seed = random.randint(0, 999_999)
        while seed == self.state.wseed:
            seed = random.randint(0, 999_999)
        self.pause()
        self.set_state(wseed=seed)

    def regenerate(self) -> None:
        self.set_state(dseed=random.randint(0, 999_999))

    def _restarted(self) -> None:
        self.problem = ""
        self.metrics.reset_chart(self.model)
        self._recorded = len(self.model.history_epochs)
        self.invalidate("net", "train")

    def recover(self, lower: bool = False) -> None:
        self.model.restore_good()
        self.problem = ""
        if lower:
            self.set_state(lr=max(self.state.lr / 10, 0.00001))
        self.invalidate("train")

    def choose_data(self, name: str) -> None:
        if name == ps.OWN:
            if self.state.data != ps.OWN:  # editing starts from the points on screen
                X, Y, names = self._own_points()
                self.load_own(X, Y, names, self.model.data.kind, "These points are yours now: add or remove some.")
            return
        self.set_state(data=name, problem=pm.DATASETS[name].kind)

    def choose_problem(self, problem: str) -> None:
        if self.state.data == ps.OWN:
            self.set_state(problem=problem)
            return
        if pm.DATASETS[self.state.data].kind != problem:
            self.set_state(problem=problem, data="reg-plane" if problem == "regression" else "circle")

    def toggle_feature(self, key: str) -> None:
        keys = set(self.state.features)
        if key in keys:
            if len(keys) == 1:
                self.notice = "The network needs at least one input feature."
                self.invalidate("notice")
                return
            keys.discard(key)
        else:
            keys.add(key)
        self.set_state(features=feats.check_keys(sorted(keys)))

    def change_layers(self, delta: int) -> None:
        layers = list(self.state.layers)
        acts = ps.per_layer(self.state.act, len(layers))
        drops = ps.per_layer(self.state.drop, len(layers))
        if delta > 0 and len(layers) < ps.MAX_LAYERS:
            layers.append(layers[-1] if layers else 2)
            acts.append(acts[-1] if acts else self.state.act[0])
            drops.append(0.0)
        elif delta < 0 and layers:
            layers.pop()
            acts.pop()
            drops.pop()
        self.set_state(layers=tuple(layers), act=ps.compact(acts) or self.state.act[:1],
                       drop=ps.compact(drops) or (0.0,))

    def change_width(self, layer: int, delta: int) -> None:
        layers = list(self.state.layers)
        layers[layer] = min(max(layers[layer] + delta, 1), ps.MAX_WIDTH)
        self.set_state(layers=tuple(layers))

    def change_act(self, layer: int, act: str) -> None:
        acts = ps.per_layer(self.state.act, len(self.state.layers))
        acts[layer] = act
        self.set_state(act=ps.compact(acts))

    def change_drop(self, layer: int, rate: float) -> None:
        drops = ps.per_layer(self.state.drop, len(self.state.layers))
        drops[layer] = rate
        self.set_state(drop=ps.compact(drops))

    def keep_run(self) -> None:
        st, m = self.state, self.model
        label = (f"{st.data}, features {','.join(feats.LABELS[k] for k in st.features)}, layers "
                 f"{ps.format_layers(st.layers)}, {','.join(st.act)}, lr {st.lr:g}, {st.opt}, reg {st.reg} {st.rate:g}, "
                 f"batch {st.batch}: test loss {m.test_loss:.3f} at epoch {m.epoch}")
        self.metrics.keep(label, m)
        self.invalidate("train")

    # ----- own points --------------------------------------------------------------------------

    def _own_points(self):
        if self.own_extra is not None:
            o = self.own_extra
            return o.X, o.y, o.names
        d = self.model.data
        return (np.concatenate([d.x_train, d.x_test]), np.concatenate([d.y_train, d.y_test]), d.names)

    def add_point(self, x: float, y: float) -> None:
        X, Y, names = self._own_points()
        kind = self.model.data.kind
        if kind == "classification":
            k = self.add_class
            value = k
            if len(names) <= k:
                names = tuple(names) + tuple(f"class {i}" for i in range(len(names), max(self.model.data.classes, k + 1)))
        else:
            value = self.io.add_value()
        X = np.concatenate([np.asarray(X, float).reshape(-1, 2), [[x, y]]])
        Y = np.concatenate([Y, [value]])
        self.load_own(X, Y, tuple(names), kind, f"Added a point at ({x:.2f}, {y:.2f}).")

    def remove_point(self, x: float, y: float) -> None:
        X, Y, names = self._own_points()
        if not len(X):
            return
        k = int(np.hypot(X[:, 0] - x, X[:, 1] - y).argmin())
        px, py = X[k]
        X, Y = np.delete(X, k, axis=0), np.delete(Y, k)
        self.load_own(X, Y, tuple(names), self.model.data.kind, f"Removed the point at ({px:.2f}, {py:.2f}).")

    def load_own(self, X, Y, names, kind: str, message: str = "") -> str:
        """Make these points the data: in the link when they fit it, else kept in the page."""
        X = np.asarray(X, float).reshape(-1, 2)
        classes = max(2, len(names), int(np.max(Y)) + 1 if len(Y) else 2) if kind == "classification" else 0
        if owndata.fits_link(X, Y, kind, classes):
            text = owndata.encode(X, Y, names, kind)
            self.own_extra, self.own_names = None, tuple(names)
            where = "The points are in the link."
        else:
            self.own_extra = owndata.Own(X, np.asarray(Y), tuple(names), kind)
            self.own_names, text = tuple(names), ""
            where = ("These points stay in this page: a link holds at most 1000 points inside the ±6 square, "
                     "so the link keeps the set-up but not the points.")
        self.notice = message
        before = self.state
        self.set_state(data=ps.OWN, problem=kind, pts=text)
        if self.state == before:  # the state did not change (points kept in the page): sync by hand
            self.sync(frozenset({"pts"}))
            self.invalidate("pts")
        return where

    def apply_import(self, model, settings: dict) -> str:
        """Set up the imported model's network (shape, features, activations) and copy its weights."""
        from nnviz import urlstate

        net = model.network
        note = ""
        changes = {}
        if settings:
            st, notes = urlstate.decode(ps.State, ps.FIELDS, {k: v for k, v in settings.items() if k != "pts"})
            changes = {f.name: getattr(st, f.name) for f in ps.FIELDS if f.name not in ("pts", "data") or
                       st.data != ps.OWN}
            if st.data == ps.OWN and self.state.data != ps.OWN:
                note = " It was trained on own points, which a model file does not hold; the data here is kept."
            if notes:
                note += " " + " ".join(notes)
        back = {v: k for k, v in ps.ENGINE_ACT.items()}
        changes.update(features=tuple(model.features), layers=tuple(net.sizes[1:-1]),
                       act=ps.compact([back.get(a, "tanh") for a in net.hidden]) or ("tanh",))
        if net.output == "tanh":
            changes["loss"] = "sse"
        elif net.output == "sigmoid":
            changes["loss"] = "xent"
        self.pause()
        self.set_state(**changes)
        mine = self.model.net
        if mine.sizes != net.sizes:
            return note + f" Its shape {net.sizes} does not fit this data ({mine.sizes}); weights not copied."
        for p, q in zip(mine.parameters(), net.parameters(), strict=True):
            p[...] = q
        mine.parameters_changed()
        self.model.version += 1
        self.model.measure()
        self.invalidate("train")
        return note

    # ----- inspector hooks ----------------------------------------------------------------------

    def hover(self, col, row) -> None:
        self.hovered = None if col is None else (col, row)
        self.invalidate("hover", now=True)

    def inspect(self, col: int, row: int, focus_weight: int | None = None) -> None:
        self.inspector.open(col, row, focus_weight)
        self.picture.mark(col, row)
        self.invalidate("inspect")

    def link_name(self, layer: int, i: int, j: int) -> str:
        """"Weight from x1 to neuron 2 of layer 1": the link's accessible name."""
        net = self.model.net
        src = feats.LABELS[self.state.features[i]] if layer == 0 else f"neuron {i + 1} of layer {layer}"
        return f"Weight from {src} to {pm_name(layer + 1, j, len(net.sizes), net.sizes[-1])}"

    def link_text(self, layer: int, i: int, j: int) -> str:
        return f"{self.link_name(layer, i, j)}: {float(self.model.net.weights[layer][i, j]):.6g}"

    # ----- training, one chunk per frame -------------------------------------------------------

    def tick(self, now_ms: float) -> bool:
        if not self.playing:
            return False
        frame_s = (now_ms - self._now_ms) / 1000 if 0 < now_ms - self._now_ms < 250 else 0.0
        self._now_ms = now_ms
        self.budget.frame(now_ms)
        # When the frame rate is out of reach even at the budget's floor (a busy machine, or the
        # browser's paint and composite: every frame late), training gets as much of a frame as
        # the render takes, and at least 40 % of the last frame's interval, not the floor.
        seconds = self.budget.seconds
        if seconds <= MIN_BUDGET_S:
            seconds = min(max(seconds, self._render_s, FLOOR_SHARE * frame_s), 0.1)
        run = self.model.run(seconds)
        self._after_run(run)
        return self.playing

    def _after_run(self, run) -> None:
        m = self.model
        new = len(m.history_epochs) - self._recorded
        self.metrics.extend(m, new)
        self._recorded = len(m.history_epochs)
        if run.diverged:
            self.playing = False
            self.problem = explain(run.diverged, self.state, m.good_epoch)
        elif run.stopped:
            self.playing = False
            self.notice = f"Stopped: {run.stopped}."
        self.invalidate("train")

    # ----- drawing -----------------------------------------------------------------------------

    def render(self, dirty: Dirty) -> None:
        st, m = self.state, self.model
        d = m.data
        self.controls.show(st, dirty)
        n_out = m.net.sizes[-1]
        acts = ps.per_layer(st.act, len(st.layers))
        drops = ps.per_layer(st.drop, len(st.layers))
        self.picture.rebuild(st.features, st.layers, acts, drops, n_out)
        if dirty.any("features", "net"):
            self.picture.set_features(st.features)
            self.controls.loss_field.hidden = not (d.kind == "classification" and d.classes == 2)
        pkey = (id(d), st.test)
        if pkey != self._points_key:
            self._points_key = pkey
            self.output.set_points(d, bool(st.test))
            self.output.set_class_legend(d)
            self.io.show_classes(d)
        fkey = (d.domain, tuple(d.mean), tuple(d.sd), self.picture._shape)
        if fkey != self._features_drawn:
            self._features_drawn = fkey
            self._draw_features()
        t0 = time.perf_counter()
        playing = self.playing and self.running
        mode = (st.discrete, self.picture._shape)
        if not playing or mode != self._mode_drawn or dirty.any("net"):
            self._mode_drawn = mode
            key = (m.version, self.hovered, mode)
            if key != self._drawn:
                self._drawn = key
                self._draw_tiles()
                acts = m.grid_activations()
                self._job, self._big_acts, self._big_version = None, acts, m.version
                self._draw_big(acts)
        else:
            self._play_maps(dirty)
        if not playing or not (set(dirty) <= QUIET) or self._now_ms - self._text_ms >= TEXT_MS:
            self._text_ms = self._now_ms
            self._texts()
        if self.playing:
            self._render_s = 0.8 * self._render_s + 0.2 * (time.perf_counter() - t0)

    def _play_maps(self, dirty: Dirty) -> None:
        """While playing: one slice of the large map's pass per frame, the thumbnails every other."""
        m = self.model
        self._frame += 1
        if self._job is None and self._big_version != m.version:
            parts = BIG_PARTS if self.budget.seconds > MIN_BUDGET_S else BUSY_PARTS
            self._job = pm.GridJob(m.net, m.grid_features(), parts, m.version, m.grid_features_t())
        if self._job is not None and self._job.step():
            self._big_acts, self._big_version = self._job.acts, self._job.version
            self._job = None
            self._draw_big(self._big_acts)
        elif dirty.any("hover") and self._big_acts is not None:
            self._draw_big(self._big_acts)
        if self._frame % TILE_EVERY == 0 and self._tiles_drawn != m.version:
            self._draw_tiles()
        self._drawn = None  # the paused picture is drawn afresh when playing stops

    def _texts(self) -> None:
        """Numbers, chart, inspector, tooltip, buttons, alert and notice (writes only changes)."""
        m = self.model
        self.picture.draw_links(m.net.weights, m.version)  # each changed link repaints the picture
        self.metrics.update(m)
        self.inspector.update()
        self.picture._tip(self._tip_text())
        w = self.metrics.w
        w.text(self.controls.epoch, f"{m.epoch:,}")
        w.text(self.controls.play, "Pause" if self.playing else "Play")
        if self.problem:
            self.alert.show(self.problem)
        else:
            self.alert.hide()
        w.text(self.note, self.notice)

    def _tip_text(self) -> str:
        """Live exact values: the link under the pointer, else the hovered neuron's bias."""
        text = self.picture.tip_text()
        if text or self.hovered is None:
            return text
        col, row = self.hovered
        net = self.model.net
        if col == 0:
            key = feats.KEYS[row]
            on = "on" if key in self.state.features else "off (click to switch on)"
            return f"Input {feats.LABELS[key]}: {on}"
        name = pm_name(col, row, len(net.sizes), net.sizes[-1])
        return f"{name[:1].upper()}{name[1:]}: bias {float(net.biases[col - 1][row]):.6g} (click to edit)"

    def _draw_features(self) -> None:
        m = self.model
        pts = pm.grid_points(m.data.domain, pm.TILE)
        F = feats.compute((pts - m.data.mean) / m.data.sd, feats.KEYS)  # (t², 7)
        lim = np.maximum(np.abs(F).max(axis=0), 1e-9)
        vals = (F / lim).T.reshape(len(feats.KEYS), pm.TILE, pm.TILE)
        self.picture.draw_features(colors.value_rgba(vals))

    def _out_values(self, out: np.ndarray) -> np.ndarray:
        """Output activations on a −1 … 1 scale (sigmoid and softmax: 2p − 1)."""
        act = self.model.net.output
        if act in ("sigmoid", "softmax"):
            return 2 * out - 1
        return out

    def _draw_tiles(self) -> None:
        """Every hidden and output neuron's map over the node-box grid, into the picture's atlas;
        then the links that changed."""
        m, st = self.model, self.state
        rows = m.tile_rows()  # neuron-major: one (TILE²,) row per neuron
        allv = np.concatenate([*rows[1:-1], self._out_values(rows[-1])])  # (n, TILE²)
        tiles = allv.reshape(-1, pm.TILE, pm.TILE)
        self.picture.draw_maps(colors.value_rgba(tiles, discrete=bool(st.discrete)))
        if not (self.playing and self.running):  # playing: with the numbers, 5 times a second
            self.picture.draw_links(m.net.weights, m.version)
        self._tiles_drawn = m.version

    def _draw_big(self, acts: list[np.ndarray]) -> None:
        """The output panel's 100 × 100 map: the hovered or focused neuron's, else the output's."""
        m, st = self.model, self.state
        out = acts[-1]
        n_cols = len(m.net.sizes)  # features column + hidden + output
        if self.hovered is not None:
            col, row = self.hovered
            if col == 0:
                pts = pm.grid_points(m.data.domain)
                f = feats.compute((pts - m.data.mean) / m.data.sd, (feats.KEYS[row],))[:, 0]
                v = f / max(float(np.abs(f).max()), 1e-9)
            elif col == n_cols - 1:
                v = self._out_values(out[:, row])
            else:
                v = acts[col][:, row]
            rgba = colors.value_rgba(v.reshape(pm.RES, pm.RES), discrete=bool(st.discrete))
            caption = f"Showing {pm_name(col, row, n_cols, m.net.sizes[-1])} (point elsewhere for the output)."
        else:
            if out.shape[1] > 1:
                rgba = colors.class_rgba(out, discrete=bool(st.discrete)).reshape(pm.RES, pm.RES, 4)
                caption = "The output: each place coloured by the class the network picks; paler where it is less sure."
            else:
                rgba = colors.value_rgba(self._out_values(out[:, 0]).reshape(pm.RES, pm.RES), discrete=bool(st.discrete))
                caption = ("The output: blue where the network says class 1 (blue), orange where it says class 0."
                           if m.data.kind == "classification" else "The output: the predicted value (orange −1 … blue +1).")
        self.output.draw(rgba, caption)


def pm_name(col: int, row: int, n_cols: int, n_out: int) -> str:
    from nnviz.chapters.playground.ui.picture import node_name

    return node_name(col, row, n_cols, n_out)


def explain(reason: str, st: ps.State, epoch: int) -> str:
    """What happened, why, and what to do, in words."""
    why = (f"With a learning rate of {st.lr:g} each step overshoots the minimum and the weights grow without "
           "bound" if st.lr >= 0.3 else "The weights grew without bound")
    extra = " (the regularisation rate is high as well)" if st.rate >= 1 else ""
    return (f"{reason[:1].upper()}{reason[1:]} after epoch {epoch:,}. {why}{extra}. The last good weights are kept: "
            f"go back to them, and lower the learning rate before you play again.")
