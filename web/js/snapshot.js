/* nnviz fast start: restore Python from the memory snapshot build.py made, or start it afresh.
 *
 * window.nnvizPrefetchSnapshot()  starts downloading and unpacking it (loader.js calls this
 *   first thing, so the download overlaps PyScript's own start-up); idempotent.
 * window.nnvizStartPyodide(loadPyodide, options) → Promise<pyodide>
 *   Fetches the gzip'd snapshot named in NNVIZ_BOOT.snapshot, hands it to loadPyodide as
 *   `_loadSnapshot` (CPython's start-up is skipped: about 1.3 s saved), then resets what the
 *   snapshot froze from the build machine (see buildlib/runtime.py): the `random` seed,
 *   sys._emscripten_info's runtime, and the LANG / _ environment variables.
 *   If anything fails (no DecompressionStream, a missing file, a snapshot that does not match
 *   the runtime), Python starts the normal way and nnvizBoot.snapshot says why.
 *   Either way the interpreter is kept as nnvizBoot.pyodide, for the console and the tests.
 *
 * Used by loader.js (plain Pyodide: file://, sandboxed frames) and by pyodide-start.mjs (the
 * interpreter module PyScript imports). Classic script, so it runs from file:// too.
 */
(function () {
  "use strict";
  var cfg = window.NNVIZ_BOOT || {};

  function gunzip(buffer) {
    var bytes = new Uint8Array(buffer);
    // A server that sent it with Content-Encoding: gzip has already unpacked it.
    if (!(bytes[0] === 0x1f && bytes[1] === 0x8b)) return Promise.resolve(bytes);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

  function usable() {
    return Boolean(cfg.snapshot) && typeof DecompressionStream === "function" && typeof Blob.prototype.stream === "function";
  }

  // Pyodide's snapshot header: magic "\0snp", then the header's length; the memory image after
  // it is whole wasm pages. Checked here because a wrong-sized image makes the wasm fail to
  // link, and that failure never reaches loadPyodide's promise.
  var MAGIC = 0x706e7300, PAGE = 65536;
  function checked(bytes) {
    var ok = bytes.byteLength > PAGE && bytes.byteOffset % 4 === 0;
    if (ok) {
      var head = new Uint32Array(bytes.buffer, bytes.byteOffset, 2);
      ok = head[0] === MAGIC && head[1] < bytes.byteLength && (bytes.byteLength - head[1]) % PAGE === 0;
    }
    if (!ok) throw new Error(cfg.snapshot + " is not a Pyodide memory snapshot");
    return bytes;
  }

  var pending = null;
  function fetchSnapshot() {
    if (!pending) {
      pending = fetch(cfg.snapshot).then(function (r) {
        if (!r.ok) throw new Error("could not load " + cfg.snapshot + " (" + r.status + ")");
        return r.arrayBuffer();
      }).then(gunzip).then(checked);
      pending.catch(function () { /* reported by nnvizStartPyodide, which falls back */ });
    }
    return pending;
  }
  window.nnvizPrefetchSnapshot = function () { if (usable()) fetchSnapshot(); };

  // Once restored, the 20 MB image has been copied into the interpreter's memory, but Pyodide
  // keeps its options (and so the image) for the page's life: detach the buffer to free it.
  function release(bytes) {
    if (typeof bytes.buffer.transfer === "function") bytes.buffer.transfer(0);
  }

  // Values Emscripten fills in from its host at start-up; the snapshot was made in Node.
  function refresh(pyodide) {
    var lang = ((navigator.languages && navigator.languages[0]) || "C").replace("-", "_") + ".UTF-8";
    pyodide.globals.set("_nnviz_host", pyodide.toPy({ runtime: navigator.userAgent, lang: lang }));
    pyodide.runPython([
      "import os, random, sys",
      "_i = sys._emscripten_info",
      "sys._emscripten_info = type(_i)((_i.emscripten_version, _nnviz_host['runtime'], _i.pthreads, _i.shared_memory))",
      "os.environ['LANG'] = _nnviz_host['lang']",
      "os.environ['_'] = './this.program'",
      "random.seed()",
      "del _i, _nnviz_host",
    ].join("\n"));
  }

  // Pyodide 0.29.5's stream code, when pyodide.asm.js is evaluated, makes a one-page *shared*
  // WebAssembly.Memory for one purpose: Atomics.wait in its syncSleep (a retry pause for a
  // non-blocking stdin). A page that is not cross-origin isolated gets Chrome's deprecation
  // "SharedArrayBuffer will require cross-origin isolation" for creating it (Lighthouse, best
  // practices), and on a page's main thread Atomics.wait always throws, so syncSleep already
  // returns false there. While the runtime is evaluated, that one memory (shared, 1 page,
  // maximum 1) is made unshared: the same behaviour, no warning, the runtime's files untouched.
  // Every other memory is created as asked. Cross-origin isolated pages and workers are left alone.
  function withoutSharedScratch(start) {
    var Memory = window.WebAssembly && WebAssembly.Memory;
    if (!Memory || window.crossOriginIsolated || WebAssembly.Memory.nnvizUnshared) return start();
    function Unshared(descriptor) {
      var d = descriptor;
      if (d && d.shared && d.initial === 1 && d.maximum === 1) d = { initial: 1, maximum: 1 };
      return new Memory(d);
    }
    Unshared.prototype = Memory.prototype;
    Unshared.nnvizUnshared = true;
    WebAssembly.Memory = Unshared;
    function restore() { if (WebAssembly.Memory === Unshared) WebAssembly.Memory = Memory; }
    var started;
    try { started = start(); } catch (e) { restore(); throw e; }
    return Promise.resolve(started).then(function (r) { restore(); return r; }, function (e) { restore(); throw e; });
  }

  window.nnvizStartPyodide = function (loadPyodideAsIs, options) {
    var boot = window.nnvizBoot || {};
    function loadPyodide(opts) { return withoutSharedScratch(function () { return loadPyodideAsIs(opts); }); }
    function keep(pyodide) { boot.pyodide = pyodide; return pyodide; }
    if (!usable()) {
      boot.snapshot = cfg.snapshot ? "not used: this browser cannot unpack it" : "not used: none in this build";
      return loadPyodide(options).then(keep);
    }
    var image = fetchSnapshot();
    var withSnapshot = Object.assign({}, options, { _loadSnapshot: image });
    return loadPyodide(withSnapshot).then(function (pyodide) {
      refresh(pyodide);
      boot.snapshot = "restored";
      image.then(release);
      pending = null;
      return keep(pyodide);
    }, function (e) {
      boot.snapshot = "not used: " + (e && e.message ? e.message : String(e));
      console.warn("nnviz: starting Python without the snapshot (" + boot.snapshot + ")");
      return loadPyodide(options).then(keep);
    });
  };
})();
