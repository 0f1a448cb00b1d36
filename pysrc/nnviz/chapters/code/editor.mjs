// The code lab's editor: CodeMirror 6, bundled at build time (build_data.py) into one classic
// script that defines window.nnvizEditor. Build-time source only: the bundle is what ships.
//
//   const ed = nnvizEditor.create(parent, "def f(x):\n    return x", {
//     label: "Code editor", onChange: () => {}, onRun: () => {} });
//   ed.getValue(); ed.setValue(text); ed.markError(3, "NameError: …"); ed.clearError(); ed.destroy();
//   (the same object is the editor element's .nnvizEditor)

import { EditorState, RangeSet, StateEffect, StateField } from "@codemirror/state";
import {
  Decoration, EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, keymap, lineNumbers, gutterLineClass, GutterMarker,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentLess, indentMore } from "@codemirror/commands";
import {
  HighlightStyle, bracketMatching, indentOnInput, indentUnit, syntaxHighlighting,
} from "@codemirror/language";
import { tags as t } from "@lezer/highlight";
import { python } from "@codemirror/lang-python";

const setError = StateEffect.define();

// Colours with at least 4.5:1 contrast on white, on the active line and on the error line
// (CodeMirror's default style has #e40 for f-strings: 3.8:1).
const highlight = HighlightStyle.define([
  { tag: t.keyword, color: "#7a1fa2" },
  { tag: [t.string, t.special(t.string), t.regexp, t.escape], color: "#9c1111" },
  { tag: [t.number, t.bool, t.null, t.atom], color: "#0b6335" },
  { tag: t.comment, color: "#8a4100", fontStyle: "italic" },
  { tag: [t.definition(t.variableName), t.function(t.definition(t.variableName))], color: "#1b3fa8" },
  { tag: [t.className, t.typeName, t.definition(t.className)], color: "#0b5e40" },
  { tag: [t.meta, t.documentMeta], color: "#4a5466" },
  { tag: t.invalid, color: "#b00020" },
]);

class ErrorGutterMarker extends GutterMarker {
  get elementClass() { return "cm-error-gutter"; }
}
const errorGutterMarker = new ErrorGutterMarker();

// The marked error line: a line decoration (red band) and a gutter class (the line number).
const errorField = StateField.define({
  create() { return { line: 0, message: "" }; },
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setError)) return e.value;
    if (tr.docChanged && value.line) {
      const pos = tr.changes.mapPos(tr.startState.doc.line(Math.min(value.line, tr.startState.doc.lines)).from);
      return { line: tr.state.doc.lineAt(pos).number, message: value.message };
    }
    return value;
  },
  provide: (f) => [
    EditorView.decorations.compute([f], (state) => {
      const { line, message } = state.field(f);
      if (!line || line > state.doc.lines) return Decoration.none;
      const deco = Decoration.line({ class: "cm-error-line", attributes: { title: message } });
      return Decoration.set([deco.range(state.doc.line(line).from)]);
    }),
    gutterLineClass.compute([f], (state) => {
      const { line } = state.field(f);
      if (!line || line > state.doc.lines) return RangeSet.empty;
      return RangeSet.of([errorGutterMarker.range(state.doc.line(line).from)]);
    }),
  ],
});

function create(parent, doc, options = {}) {
  const onChange = options.onChange || (() => {});
  const onRun = options.onRun || (() => {});
  const run = () => { onRun(); return true; };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        indentOnInput(),
        indentUnit.of("    "),
        EditorState.tabSize.of(4),
        bracketMatching(),
        highlightActiveLine(),
        syntaxHighlighting(highlight),
        EditorView.lineWrapping, // no sideways scrolling, on a phone too
        python(),
        errorField,
        // Tab is left to the browser (it moves focus, as everywhere else on the page);
        // Ctrl/Cmd+] and Ctrl/Cmd+[ indent and dedent, Ctrl/Cmd+Enter runs the code.
        keymap.of([
          { key: "Mod-Enter", run, preventDefault: true },
          { key: "Mod-]", run: indentMore },
          { key: "Mod-[", run: indentLess },
          ...defaultKeymap,
          ...historyKeymap,
        ]),
        EditorView.contentAttributes.of({
          "aria-label": options.label || "Code editor",
          "aria-describedby": options.describedBy || "",
          autocapitalize: "off",
          autocorrect: "off",
          spellcheck: "false",
          inputmode: "text",
        }),
        EditorView.updateListener.of((u) => { if (u.docChanged) onChange(); }),
      ],
    }),
  });
  const api = {
    view,
    getValue: () => view.state.doc.toString(),
    setValue(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text },
                      effects: setError.of({ line: 0, message: "" }) });
    },
    markError(line, message) {
      view.dispatch({ effects: setError.of({ line: line | 0, message: String(message || "") }) });
    },
    clearError() { view.dispatch({ effects: setError.of({ line: 0, message: "" }) }); },
    errorLine: () => view.state.field(errorField).line,
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
  view.dom.nnvizEditor = api; // for tests and tools: document.querySelector(".cm-editor").nnvizEditor
  return api;
}

window.nnvizEditor = { create, version: "codemirror-6" };
