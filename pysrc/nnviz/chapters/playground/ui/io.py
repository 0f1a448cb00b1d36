"""Data and model in and out: own-point tools, CSV paste/upload/download, a TensorFlow Playground
link, model export/import and the standalone numpy script.

    io = IOPanel(chapter)
    io.points_tools, io.element      # elements to place (left column)
    io.show_classes(data)            # the "class to add" menu follows the data's classes

The pure work is in the chapter's modules ``csvdata``, ``tfplink``, ``export`` and ``owndata``;
this module only moves text between them and the page (files are read with ``File.text()``
and offered for download as ``blob:`` links, so nothing leaves the page).
"""

from __future__ import annotations

import numpy as np

from nnviz.chapters.playground import colors
from nnviz.chapters.playground import state as ps
from nnviz.dom.elements import clear, h
from nnviz.dom.files import download, read_text


class IOPanel:
    def __init__(self, ch):
        self.ch = ch
        sc = ch.scope
        # ----- own points tools
        self.add_class = h("select", {"id": "playground-add-class", "class_": "pg-select"})
        sc.on(self.add_class, "change", lambda _e: self._pick_class())
        self.value = h("input", {"type": "number", "id": "playground-add-value", "class_": "pg-num", "step": 0.1,
                                 "min": -1, "max": 1, "value": "1"})
        self.eraser = h("button", {"type": "button", "class_": "btn btn-small", "aria_pressed": "false"}, "Eraser")
        self.clear_pts = h("button", {"type": "button", "class_": "btn btn-small"}, "Remove all points")
        sc.on(self.eraser, "click", lambda _e: self._toggle_eraser())
        sc.on(self.clear_pts, "click", lambda _e: ch.set_state(data=ps.OWN, pts="", problem=ps.kind_of(ch.state)))
        self.class_box = h("div", {"class_": "pg-field"},
                           h("label", {"for": "playground-add-class", "class_": "pg-label"}, "Class to add"),
                           self.add_class)
        self.value_box = h("div", {"class_": "pg-field"},
                           h("label", {"for": "playground-add-value", "class_": "pg-label"}, "Value to add (−1 … 1)"),
                           self.value)
        self.points_tools = h("div", {"class_": "pg-tools", "data_group": "points"},
                              h("h4", {"class_": "pg-h4"}, "Your own points"),
                              h("p", {"class_": "help"}, "Click the output picture to add a point, Shift+click (or "
                                "the eraser) to remove the nearest. Keyboard: focus the picture, arrows move a cross, "
                                "Enter adds, Delete removes."),
                              self.class_box, self.value_box,
                              h("div", {"class_": "btn-row"}, self.eraser, self.clear_pts))
        # ----- CSV
        self.csv = h("textarea", {"id": "playground-csv", "class_": "pg-text", "rows": 4, "spellcheck": "false",
                                  "placeholder": "x1,x2,label\n1.5,2,cat\n-3,0.5,dog"})
        self.load_csv = h("button", {"type": "button", "class_": "btn btn-small"}, "Load CSV")
        self.file = h("input", {"type": "file", "id": "playground-csv-file", "accept": ".csv,text/csv,text/plain"})
        self.down_csv = h("button", {"type": "button", "class_": "btn btn-small"}, "Download data as CSV")
        self.csv_msg = h("p", {"class_": "field-msg pg-msg", "id": "playground-csv-msg", "role": "status"})
        sc.on(self.load_csv, "click", lambda _e: self.load_text(str(self.csv.value)))
        sc.on(self.file, "change", lambda _e: self._read_file(self.file, self.load_text))
        sc.on(self.down_csv, "click", lambda _e: self.download_csv())
        # ----- TFP link
        self.tfp = h("input", {"type": "text", "id": "playground-tfp", "class_": "pg-textline", "autocomplete": "off",
                               "spellcheck": "false", "placeholder": "https://playground.tensorflow.org/#activation=…"})
        self.tfp_open = h("button", {"type": "button", "class_": "btn btn-small"}, "Open")
        self.tfp_msg = h("p", {"class_": "field-msg pg-msg", "id": "playground-tfp-msg", "role": "status"})
        sc.on(self.tfp_open, "click", lambda _e: self.open_tfp(str(self.tfp.value)))
        sc.on(self.tfp, "keydown", lambda e: self.open_tfp(str(self.tfp.value)) if str(e.key) == "Enter" else None)
        # ----- model
        self.export_btn = h("button", {"type": "button", "class_": "btn btn-small"}, "Export model (JSON)")
        self.script_btn = h("button", {"type": "button", "class_": "btn btn-small"}, "Download script")
        self.model_text = h("textarea", {"id": "playground-model-json", "class_": "pg-text", "rows": 3,
                                         "spellcheck": "false"})
        self.import_btn = h("button", {"type": "button", "class_": "btn btn-small"}, "Import model")
        self.model_file = h("input", {"type": "file", "id": "playground-model-file", "accept": ".json,application/json"})
        self.model_msg = h("p", {"class_": "field-msg pg-msg", "id": "playground-model-msg", "role": "status"})
        sc.on(self.export_btn, "click", lambda _e: self.export_model())
        sc.on(self.script_btn, "click", lambda _e: self.download_script())
        sc.on(self.import_btn, "click", lambda _e: self.import_model(str(self.model_text.value)))
        sc.on(self.model_file, "change", lambda _e: self._read_file(self.model_file, self.import_model))
        csv_box = h(
            "div", {"class_": "pg-io-col"},
            h("h4", {"class_": "pg-h4"}, "Your data as CSV"),
            h("label", {"for": "playground-csv", "class_": "pg-label"}, "CSV data"), self.csv,
            h("p", {"class_": "help"}, "Columns x1,x2,label (words or numbers) or x1,x2,y; a header is optional. "
              "Shown in its own units; the network is fed standardised values (mean 0, standard deviation 1) when "
              "the data leaves the ±6 square."),
            h("div", {"class_": "btn-row"}, self.load_csv, self.down_csv),
            h("label", {"for": "playground-csv-file", "class_": "pg-label"}, "Upload a CSV file"), self.file,
            self.csv_msg)
        tfp_box = h(
            "div", {"class_": "pg-io-col"},
            h("h4", {"class_": "pg-h4"}, "From TensorFlow Playground"),
            h("label", {"for": "playground-tfp", "class_": "pg-label"}, "TensorFlow Playground link"),
            h("div", {"class_": "pg-inline"}, self.tfp, self.tfp_open),
            h("p", {"class_": "help"}, "Paste its address, or just the part after #: the same experiment opens "
              "here, with a note on anything that has no equivalent."),
            self.tfp_msg)
        model_box = h(
            "div", {"class_": "pg-io-col"},
            h("h4", {"class_": "pg-h4"}, "The trained model"),
            h("div", {"class_": "btn-row"}, self.export_btn, self.script_btn),
            h("label", {"for": "playground-model-json", "class_": "pg-label"}, "Model JSON to import"), self.model_text,
            h("div", {"class_": "btn-row"}, self.import_btn),
            h("label", {"for": "playground-model-file", "class_": "pg-label"}, "Import a model file"), self.model_file,
            self.model_msg)
        self.element = h("section", {"class_": "panel pg-io", "data_group": "io", "aria_label": "Data and model files"},
                         csv_box, tfp_box, model_box)

    # ----- own points --------------------------------------------------------------------------

    def show_classes(self, data) -> None:
        reg = data.kind == "regression"
        self.class_box.hidden = reg
        self.value_box.hidden = not reg
        clear(self.add_class)
        k = max(data.classes, 2)
        names = data.names or tuple(f"class {i}" for i in range(k))
        for i in range(min(len(names), len(colors.CLASS_HEX))):
            self.add_class.append(h("option", {"value": str(i)}, f"{names[i]} ({colors.CLASS_NAMES[i]})"))
        self.ch.add_class = min(self.ch.add_class, len(names) - 1)
        self.add_class.value = str(self.ch.add_class)

    def _pick_class(self) -> None:
        self.ch.add_class = int(self.add_class.value)

    def add_value(self) -> float:
        try:
            v = float(self.value.value)
        except (TypeError, ValueError):
            v = 1.0
        return min(max(v, -1.0), 1.0) if v == v else 1.0

    def _toggle_eraser(self) -> None:
        self.ch.eraser = not self.ch.eraser
        self.eraser.setAttribute("aria-pressed", "true" if self.ch.eraser else "false")
        self.eraser.classList.toggle("on", self.ch.eraser)

    # ----- files -------------------------------------------------------------------------------

    def _read_file(self, input_el, then) -> None:
        read_text(input_el, then)

    # ----- CSV ---------------------------------------------------------------------------------

    def load_text(self, text: str) -> None:
        from nnviz.chapters.playground import csvdata

        try:
            table = csvdata.parse(text)
        except csvdata.CsvError as exc:
            self._say(self.csv_msg, str(exc), bad=True)
            return
        what = (f"{len(table)} points in {table.classes} classes ({', '.join(table.class_names)})"
                if table.kind == "classification" else f"{len(table)} points with values")
        where = self.ch.load_own(table.points, table.target, tuple(table.class_names), table.kind)
        self._say(self.csv_msg, f"Loaded {what}. {where}")

    def _say(self, el, text: str, bad: bool = False) -> None:
        el.textContent = text
        el.classList.toggle("pg-bad", bad)

    def download_csv(self) -> None:
        from nnviz.chapters.playground import csvdata

        d = self.ch.model.data
        X = np.concatenate([d.x_train, d.x_test])
        y = np.concatenate([d.y_train, d.y_test])
        mask = csvdata.split_mask(len(d.x_train), len(d.x_test))
        text = csvdata.to_csv(X, y, train=mask, class_names=d.names if d.kind == "classification" else ())
        download(f"playground-{self.ch.state.data}.csv", text, "text/csv")
        self.csv_msg.classList.remove("pg-bad")
        self.csv_msg.textContent = f"Downloaded {len(X)} points ({len(d.x_train)} training, {len(d.x_test)} test)."

    # ----- TensorFlow Playground ------------------------------------------------------------------

    def open_tfp(self, text: str) -> None:
        from nnviz import urlstate
        from nnviz.chapters.playground import tfplink

        params, notes = tfplink.translate(text)
        if not params:
            self.tfp_msg.textContent = " ".join(notes) or "That is not a TensorFlow Playground link."
            return
        state, more = urlstate.decode(ps.State, ps.FIELDS, params)
        self.ch.pause()
        changes = {f.name: getattr(state, f.name) for f in ps.FIELDS if f.name != "pts"}
        self.ch.set_state(**changes)
        all_notes = [*notes, *more]
        self.tfp_msg.textContent = "Opened the same experiment." + (" " + " ".join(all_notes) if all_notes else "")

    # ----- the model ---------------------------------------------------------------------------

    def _export(self):
        from nnviz import urlstate
        from nnviz.chapters.playground import export
        from nnviz.chapters.playground.csvdata import Standardisation

        m, st = self.ch.model, self.ch.state
        d = m.data
        names = d.names or tuple(f"class {k}" for k in range(d.classes)) if d.kind == "classification" else ()
        model = export.Model(m.net, tuple(m.keys), d.kind, names,
                             Standardisation(tuple(float(v) for v in d.mean), tuple(float(v) for v in d.sd)))
        settings = {k: v for k, v in urlstate.encode(ps.FIELDS, st).items() if k != "pts"}
        return export, model, settings

    def export_model(self) -> None:
        export, model, settings = self._export()
        text = export.to_json(model, settings)
        self.model_text.value = text
        download("playground-model.json", text, "application/json")
        self._say(self.model_msg, "Exported the model (architecture, features, weights, normalisation); the JSON "
                  "is also in the box below.")

    def download_script(self) -> None:
        export, model, _ = self._export()
        download("playground_model.py", export.to_script(model), "text/x-python")
        self._say(self.model_msg, "Downloaded a numpy script that reproduces the predictions "
                  "(python playground_model.py points.csv).")

    def import_model(self, text: str) -> None:
        from nnviz.chapters.playground import export

        try:
            model, settings = export.from_json(text)
        except ValueError as exc:
            self._say(self.model_msg, f"Not imported, nothing changed: {exc}", bad=True)
            return
        note = self.ch.apply_import(model, settings)
        self._say(self.model_msg, "Imported the model: its weights are in the network now." + note)
