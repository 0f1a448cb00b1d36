/* nnviz loader: start Python one of two ways, then run the same entry point.
 *
 * 1. PyScript (the hosted site): when the page is served over http(s) and IndexedDB opens
 *    (PyScript 0.7.31 opens it at start-up and fails without it).
 * 2. Plain Pyodide: from file:// (a USB stick: module scripts and fetch are blocked there),
 *    and in frames where storage is denied (cross-site or sandboxed iframes). For file://,
 *    the build embeds every runtime file in classic .js files (nnvizFile(path, base64)) and
 *    `fetch` is answered from them.
 *
 * Either way Python runs `nnviz.dom.entry.start()`, which uses only `js` + `pyodide.ffi`.
 */
(function () {
  "use strict";
  var cfg = window.NNVIZ_BOOT;
  var ENTRY = "from nnviz.dom.entry import start\nawait start()";
  var PLUGINS_OFF = ["!error", "!codemirror", "!deprecations-manager", "!donkey", "!py-editor", "!py-game", "!py-terminal"];

  function abs(path) { return new URL(path, location.href).href; }

  /* ---------- embedded files (portable build) ---------- */
  var files = {};
  window.nnvizFile = function (path, base64) { files[path] = base64; };
  function decode(b64) {
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(b64);
    var bin = atob(b64), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function mime(path) {
    if (/\.wasm$/.test(path)) return "application/wasm";
    if (/\.json$/.test(path)) return "application/json";
    if (/\.m?js$/.test(path)) return "text/javascript";
    return "application/octet-stream";
  }
  function answerFetchFromEmbeddedFiles() {
    var base = new URL(".", location.href).href;
    var realFetch = window.fetch ? window.fetch.bind(window) : null;
    window.fetch = function (input, init) {
      var url = typeof input === "string" ? input : input && input.url ? input.url : String(input);
      var full = abs(url).split("#")[0].split("?")[0];
      if (full.indexOf(base) === 0) {
        var rel = full.slice(base.length);
        if (Object.prototype.hasOwnProperty.call(files, rel)) {
          var bytes = decode(files[rel]);
          return Promise.resolve(new Response(bytes, { status: 200, headers: { "Content-Type": mime(rel) } }));
        }
      }
      if (realFetch && location.protocol !== "file:") return realFetch(input, init);
      return Promise.reject(new TypeError("nnviz: " + url + " is not part of this offline build"));
    };
  }

  /* ---------- which loader ---------- */
  function storageUsable(callback) {
    var done = false;
    function answer(ok) { if (!done) { done = true; callback(ok); } }
    try {
      var req = window.indexedDB.open("nnviz-probe");
      req.onsuccess = function () { try { req.result.close(); } catch (e) { /* closed */ } answer(true); };
      req.onerror = function (e) { if (e && e.preventDefault) e.preventDefault(); answer(false); };
      req.onblocked = function () { answer(false); };
      // a limit only for a browser whose open() never answers; generous because a loaded
      // machine delays the first open() at page start (WebKit, load 12-21: 1.9 s and more)
      setTimeout(function () { answer(false); }, 8000);
    } catch (e) {
      answer(false); // SecurityError: sandboxed frame or storage denied
    }
  }

  function viaPyScript() {
    window.nnvizBoot.loader = "pyscript";
    var conf = document.createElement("mpy-config"); // PyScript reads plugins per interpreter type
    conf.textContent = JSON.stringify({ plugins: PLUGINS_OFF });
    var py = document.createElement("script");
    py.type = "py";
    py.setAttribute("async", "");
    py.setAttribute("config", JSON.stringify({
      interpreter: "./js/pyodide-start.mjs", // the vendored Pyodide, started from our snapshot
      files: (function () { var f = {}; f["./" + cfg.bundle] = "./*"; return f; })(),
      packages: ["numpy"],
      packages_cache: "passthrough", // numpy straight from our lock file: no micropip
      plugins: PLUGINS_OFF,
    }));
    py.textContent = ENTRY;
    var core = document.createElement("script");
    core.type = "module";
    core.src = cfg.pyscript;
    document.body.appendChild(conf);
    document.body.appendChild(py);
    document.body.appendChild(core);
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
  }

  function viaPyodide(embedded) {
    window.nnvizBoot.loader = embedded ? "pyodide-offline" : "pyodide";
    window.nnvizBoot.stage("python", 0, embedded ? "starting Python from this folder" : "starting Python");
    var ready = typeof window.loadPyodide === "function" ? Promise.resolve() : loadScript(cfg.pyodide + "pyodide.js");
    return ready.then(function () {
      var options = { indexURL: abs(cfg.pyodide), packages: ["numpy"] };
      if (embedded) {
        options.lockFileContents = new TextDecoder().decode(decode(files[cfg.pyodide + "pyodide-lock.json"]));
        options.packageBaseUrl = abs(cfg.pyodide);
      }
      return window.nnvizStartPyodide(window.loadPyodide, options);
    }).then(function (pyodide) {
      window.nnvizBoot.stage("python", 0.9, "unpacking nnviz");
      return fetch(cfg.bundle).then(function (r) {
        if (!r.ok) throw new Error("could not load " + cfg.bundle + " (" + r.status + ")");
        return r.arrayBuffer();
      }).then(function (zip) {
        pyodide.unpackArchive(zip, "zip", { extractDir: "/home/pyodide" });
        return pyodide.runPythonAsync(ENTRY);
      });
    }).catch(function (e) {
      explain(e).then(function (message) { window.nnvizBoot.error(message); });
    });
  }

  /* ---------- errors people can act on ---------- */
  // A frame sandboxed without allow-same-origin has the origin "null": every file it loads is
  // a cross-origin request, which the browser allows only when the server answers with
  // Access-Control-Allow-Origin. Without it, the failure reads "Failed to fetch dynamically
  // imported module". A probe of one small runtime file tells that case apart from others.
  var CORS_HELP = "nnviz runs in a sandboxed frame (sandbox=\"allow-scripts\" without allow-same-origin), " +
    "so the browser lets it read its own files only if the server sends them with the header\n\n" +
    "    Access-Control-Allow-Origin: *\n\n" +
    "and this server does not (GitHub Pages does; a plain `python3 -m http.server` does not). " +
    "Either serve nnviz from a host that sends that header, or add allow-same-origin to the frame: " +
    "sandbox=\"allow-scripts allow-same-origin\" (safe only when nnviz is on another site than the page that embeds it).";
  function explain(e) {
    var detail = "nnviz could not start Python: " + (e && e.stack ? e.stack : e);
    if (window.origin !== "null" || !/^https?:$/.test(location.protocol)) return Promise.resolve(detail);
    return fetch(abs(cfg.pyodide + "pyodide-lock.json"), { cache: "no-store" }).then(
      function () { return detail; }, // the files can be read: something else went wrong
      function () {
        window.nnvizBoot.cors = "blocked";
        return CORS_HELP + "\n\n(" + detail + ")";
      }
    );
  }

  function start() {
    var offline = cfg.loader === "portable" || location.protocol === "file:";
    if (offline) answerFetchFromEmbeddedFiles();
    window.nnvizPrefetchSnapshot();
    if (offline) {
      viaPyodide(true);
    } else {
      storageUsable(function (ok) { if (ok) viaPyScript(); else viaPyodide(false); });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
