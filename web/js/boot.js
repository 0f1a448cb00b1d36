/* nnviz boot: everything that must happen before Python is ready, and nothing else.
 *
 * - shows the chapter article for the current route at once (the text needs no Python);
 * - embed mode (?embed=1): hides the page chrome and reports the content height to the parent;
 * - the loading progress bar, fed by real events (bytes downloaded, Python started, numpy,
 *   chapter mounted);
 * - the error panel: every uncaught JS or Python error is shown (role="alert") and logged.
 *
 * Python talks back through window.nnvizBoot.{stage, ready, error}. Classic script: no modules,
 * so it runs from file:// too.
 */
(function () {
  "use strict";
  var cfg = window.NNVIZ_BOOT || { routes: [], defaultRoute: "" };
  var root = document.documentElement;
  var params = new URLSearchParams(location.search);
  var embed = params.get("embed") === "1";
  if (embed) root.classList.add("embed");
  root.classList.add("booting");

  /* ---------- routes: which article is visible ---------- */
  function currentRoute() {
    var m = /^#\/([a-z0-9-]*)/.exec(location.hash);
    var r = m ? m[1] : "";
    return cfg.routes.indexOf(r) >= 0 ? r : cfg.defaultRoute;
  }
  function showArticle() {
    var route = currentRoute();
    var arts = document.querySelectorAll("article.chapter");
    for (var i = 0; i < arts.length; i++) arts[i].hidden = arts[i].dataset.route !== route;
    var links = document.querySelectorAll(".chapter-nav a");
    for (var j = 0; j < links.length; j++) {
      if (links[j].dataset.route === route) links[j].setAttribute("aria-current", "page");
      else links[j].removeAttribute("aria-current");
    }
  }
  window.addEventListener("hashchange", showArticle);
  document.addEventListener("DOMContentLoaded", showArticle);

  /* ---------- progress ---------- */
  // Each stage owns a slice of the bar; "download" is driven by real byte counts.
  var STAGES = {
    download: [0, 55, "Downloading the Python runtime"],
    python: [55, 75, "Starting Python"],
    numpy: [75, 90, "Loading numpy"],
    chapter: [90, 100, "Building the chapter"],
  };
  var progress = { stage: "download", fraction: 0, detail: "" };
  function paint() {
    var bar = document.getElementById("loading-bar");
    if (!bar) return;
    var s = STAGES[progress.stage];
    var pct = Math.round(s[0] + (s[1] - s[0]) * Math.min(1, Math.max(0, progress.fraction)));
    bar.style.width = pct + "%";
    bar.setAttribute("aria-valuenow", String(pct));
    document.getElementById("loading-label").textContent = s[2] + "…";
    document.getElementById("loading-detail").textContent = progress.detail;
  }
  var marks = [];
  function stage(name, fraction, detail) {
    if (!STAGES[name]) return;
    marks.push([name, fraction || 0, Math.round(performance.now())]);
    progress = { stage: name, fraction: fraction || 0, detail: detail || "" };
    paint();
  }
  document.addEventListener("DOMContentLoaded", paint);

  // Count the bytes of the big runtime files as they arrive. The browser's preload of the
  // same URLs shares the HTTP cache, so Pyodide's own requests are served from it.
  function trackDownloads() {
    if (location.protocol === "file:" || !window.fetch || !window.ReadableStream) return;
    var urls = ["vendor/pyodide/pyodide.asm.wasm", "vendor/pyodide/python_stdlib.zip", cfg.numpyWheel];
    var got = {}, total = {}, done = 0;
    function update() {
      if (progress.stage !== "download") return;
      var g = 0, t = 0;
      for (var k in total) { g += got[k] || 0; t += total[k]; }
      progress.fraction = t ? g / t : 0;
      progress.detail = (g / 1e6).toFixed(1) + " of " + (t / 1e6).toFixed(1) + " MB";
      if (done === urls.length) stage("python", 0, "compiling WebAssembly, unpacking the standard library");
      else paint();
    }
    urls.forEach(function (u) {
      if (!u) return;
      fetch(u).then(function (resp) {
        total[u] = Number(resp.headers.get("content-length")) || 0;
        var reader = resp.body.getReader();
        function pump() {
          return reader.read().then(function (r) {
            if (r.done) { done += 1; update(); return; }
            got[u] = (got[u] || 0) + r.value.length;
            update();
            return pump();
          });
        }
        return pump();
      }).catch(function () { /* Pyodide reports real failures itself */ });
    });
  }
  trackDownloads();
  // PyScript announces the interpreter on the <script type="py"> element.
  document.addEventListener("py:ready", function () {
    if (progress.stage === "download" || progress.stage === "python") stage("python", 0.9, "running the start-up script");
  }, true);

  /* ---------- errors ---------- */
  var errorCount = 0;
  function showError(message) {
    errorCount += 1;
    var panel = document.getElementById("error-panel");
    var text = document.getElementById("error-text");
    if (!panel || !text) return;
    var line = String(message || "Unknown error");
    text.textContent = errorCount > 1 ? text.textContent + "\n\n" + line : line;
    panel.hidden = false;
  }
  window.addEventListener("error", function (e) {
    showError(e.error && e.error.stack ? e.error.stack : e.message);
  });
  window.addEventListener("unhandledrejection", function (e) {
    var r = e.reason;
    showError(r && r.stack ? r.stack : String(r));
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.getElementById("error-dismiss").addEventListener("click", function () {
      document.getElementById("error-panel").hidden = true;
      document.getElementById("error-text").textContent = "";
      errorCount = 0;
    });
  });

  /* ---------- readiness ---------- */
  var t0 = performance.now();
  function ready(route) {
    root.classList.remove("booting");
    var box = document.getElementById("loading");
    if (box) box.hidden = true;
    root.dataset.ready = route;
    if (!window.nnvizBoot.readyMs) window.nnvizBoot.readyMs = performance.now() - t0;
    postHeight();
  }
  // Python has 90 s to come up; after that, say so instead of spinning forever.
  setTimeout(function () {
    if (root.classList.contains("booting")) {
      showError("Python did not start within 90 seconds. Check that JavaScript and WebAssembly are allowed, then reload.");
    }
  }, 90000);

  /* ---------- embed: report height to the parent page ---------- */
  var lastHeight = 0;
  function postHeight() {
    if (!embed || window.parent === window) return;
    var h = Math.ceil(document.documentElement.scrollHeight);
    if (h === lastHeight) return;
    lastHeight = h;
    window.parent.postMessage({ type: "nnviz:height", height: h, route: currentRoute() }, "*");
  }
  if (embed && window.ResizeObserver) {
    document.addEventListener("DOMContentLoaded", function () {
      new ResizeObserver(postHeight).observe(document.body);
    });
  }

  window.nnvizBoot = {
    stage: stage,
    ready: ready,
    unready: function () { delete root.dataset.ready; },
    error: showError,
    embed: embed,
    currentRoute: currentRoute,
    startedAt: t0,
    marks: marks,
  };
})();
