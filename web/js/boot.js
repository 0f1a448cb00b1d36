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
  var cfg = window.NNVIZ_BOOT || { routes: [], chapters: [] };
  var root = document.documentElement;
  var params = new URLSearchParams(location.search);
  var embed = params.get("embed") === "1";
  if (embed) root.classList.add("embed");
  root.classList.add("booting");

  /* ---------- routes: which article is visible ---------- */
  // The one route rule, shared with Python (urlstate.parse_hash): the path after "#/", up to
  // "?", trimmed and lowercased. An empty or unknown one shows the course map ("").
  function routeText() {
    var m = /^#\/?([^?]*)/.exec(location.hash);
    return m ? m[1].trim().toLowerCase() : "";
  }
  function currentRoute() {
    var r = routeText();
    return cfg.routes.indexOf(r) >= 0 ? r : "";
  }
  // A long page can paint before it is parsed, so before showArticle runs at DOMContentLoaded:
  // from the first paint, show the route's article and give its nav link its final (bold)
  // width, or the text would jump when they appear (layout shift).
  var early = document.createElement("style");
  (function () {
    var r = currentRoute();
    early.textContent = (r ? "#chapter-" + r : "#course") + "[hidden] { display: block; }" +
      (r ? ' .chapter-nav a[data-route="' + r + '"]' : " #course-link") + " { font-weight: 600; }";
    document.head.appendChild(early);
  })();
  function showArticle() {
    if (early.parentNode) early.parentNode.removeChild(early);
    var route = currentRoute();
    var arts = document.querySelectorAll("article.chapter");
    for (var i = 0; i < arts.length; i++) arts[i].hidden = arts[i].dataset.route !== route;
    var course = document.getElementById("course");
    if (course) course.hidden = route !== "";
    var note = document.getElementById("course-note");
    if (note) {
      var asked = routeText();
      note.hidden = !(route === "" && asked);
      note.textContent = route === "" && asked ? "There is no chapter \u201c" + asked.slice(0, 40) + "\u201d. Here is the course map: pick a chapter." : "";
    }
    var links = document.querySelectorAll(".chapter-nav a");
    for (var j = 0; j < links.length; j++) {
      if (links[j].dataset.route === route) links[j].setAttribute("aria-current", "page");
      else links[j].removeAttribute("aria-current");
    }
    var home = document.getElementById("course-link");
    if (home) {
      if (route === "") home.setAttribute("aria-current", "page");
      else home.removeAttribute("aria-current");
    }
    document.dispatchEvent(new CustomEvent("nnviz:route", { detail: { route: route } }));
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
    document.getElementById("loading-track").setAttribute("aria-valuenow", String(pct));
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

  // Count the bytes of the big runtime files as Pyodide downloads them: fetch is wrapped and
  // each body passes through a counting stream, so nothing is downloaded twice.
  function trackDownloads() {
    if (location.protocol === "file:" || cfg.loader === "portable" || !window.fetch || !window.TransformStream) return;
    var sizes = cfg.sizes || {};
    var got = {}, done = {}, total = 0;
    for (var k in sizes) total += sizes[k];
    var realFetch = window.fetch.bind(window);
    function update() {
      var g = 0;
      for (var k in got) g += got[k];
      var text = (g / 1e6).toFixed(1) + " of " + (total / 1e6).toFixed(1) + " MB";
      if (progress.stage === "download") {
        progress.fraction = total ? g / total : 0;
        progress.detail = text;
        paint();
      } else if (progress.stage === "python") {
        progress.detail = "downloaded " + text;
        paint();
      }
    }
    window.fetch = function (input, init) {
      var url = typeof input === "string" ? input : input && input.url ? input.url : String(input);
      var key = null;
      for (var path in sizes) if (url.indexOf(path) !== -1) key = path;
      var pending = realFetch(input, init);
      if (!key) return pending;
      return pending.then(function (resp) {
        if (!resp.ok || !resp.body) return resp;
        got[key] = 0;
        var counter = new TransformStream({
          transform: function (chunk, controller) {
            got[key] += chunk.byteLength;
            update();
            controller.enqueue(chunk);
          },
          flush: function () {
            done[key] = true;
            // the interpreter needs the wasm and the standard library; numpy comes later
            if (progress.stage === "download" && done[cfg.pyodide + "pyodide.asm.wasm"] && done[cfg.pyodide + "python_stdlib.zip"] && (!cfg.snapshot || done[cfg.snapshot])) {
              stage("python", 0.1, "compiling WebAssembly, restoring the interpreter");
            }
          },
        });
        return new Response(resp.body.pipeThrough(counter), { status: resp.status, statusText: resp.statusText, headers: resp.headers });
      });
    };
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
    if (root.classList.contains("booting") && errorCount === 0) {
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
    startedAt: t0,
    marks: marks,
  };
})();
