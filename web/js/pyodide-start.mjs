/* The interpreter module PyScript imports (its config's "interpreter" points here).
 *
 * PyScript calls `loadPyodide(options)` on whatever module it is given and reads `version`.
 * This one passes the call to the vendored Pyodide through nnvizStartPyodide (snapshot.js),
 * with indexURL set to the vendored folder: PyScript would derive it from this file's URL.
 */
const cfg = window.NNVIZ_BOOT;
const indexURL = new URL(cfg.pyodide, location.href).href;
const pyodide = await import(new URL("pyodide.mjs", indexURL).href);

export const version = pyodide.version;

export function loadPyodide(options = {}) {
  return window.nnvizStartPyodide(pyodide.loadPyodide, { ...options, indexURL });
}
