/* nnviz's matrix-product kernel: instantiate it inside Pyodide's memory and hand it to Python.
 *
 * window.nnvizKernel.attach(pyodide) → Promise<string>: "ready" once the module
 * `nnviz_kernel` (with `matmul`, see buildlib/kernels/matmul.wat) is registered for Python's
 * import, else "not used: <why>". It never rejects and never logs an error: without the kernel
 * nnviz computes with numpy, as it always could. nnviz.dom.kernel calls it at start-up, checks
 * the kernel against numpy and puts it behind nnviz.engine.linalg.
 *
 * The kernel reads and writes numpy's arrays in place, so it must be instantiated with the very
 * WebAssembly.Memory Pyodide runs in. Pyodide 0.29.5 does not publish it; it is reached through
 * a private path (`_module.LDSO.loadedLibsByName.__main__.exports.memory`; `_module.wasmMemory`
 * does not exist there). The build checks the vendored version (buildlib/kernel.py); if the path
 * ever moves, attach() answers "not used" and the page runs on numpy
 * (tests/e2e/test_kernel.py serves such a build). Classic script, so it runs from file:// too.
 */
(function () {
  "use strict";
  var WASM = "__NNVIZ_KERNEL_WASM__"; // filled in by buildlib/kernel.py: py/matmul-<hash>.wasm

  function pyodideMemory(pyodide) {
    var module = pyodide && pyodide._module;
    var libs = module && module.LDSO && module.LDSO.loadedLibsByName;
    var main = libs && libs.__main__;
    var memory = main && main.exports && main.exports.memory;
    if (!(memory instanceof WebAssembly.Memory)) throw new Error("Pyodide's WebAssembly.Memory was not found");
    if (!module.HEAPU8 || module.HEAPU8.buffer !== memory.buffer) throw new Error("the Memory found is not Pyodide's heap");
    return memory;
  }

  function attach(pyodide) {
    return Promise.resolve().then(function () {
      if (typeof WebAssembly !== "object") throw new Error("no WebAssembly");
      var memory = pyodideMemory(pyodide);
      return fetch(WASM).then(function (r) {
        if (!r.ok) throw new Error("could not load " + WASM + " (" + r.status + ")");
        return r.arrayBuffer();
      }).then(function (bytes) {
        return WebAssembly.instantiate(bytes, { env: { memory: memory } });
      }).then(function (made) {
        pyodide.registerJsModule("nnviz_kernel", { matmul: made.instance.exports.matmul });
        return "ready";
      });
    }).catch(function (e) {
      return "not used: " + (e && e.message ? e.message : String(e));
    });
  }

  window.nnvizKernel = { attach: attach };
})();
