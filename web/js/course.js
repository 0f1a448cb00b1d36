/* nnviz course: what the course around the chapters needs, none of it waiting for Python.
 *
 * - progress: chapters a visitor has opened are marked on the course map (localStorage where
 *   the browser allows it; where it does not — some file:// set-ups, sandboxed frames — the
 *   marks simply stay off, and a corrupt record is replaced);
 * - the compact previous/next links in the header (small screens);
 * - the share panel: the link to exactly what is on screen, the iframe + embed.js snippet,
 *   "What students see" (hide=<control groups>, read by chapters/base.py), "Hide the text"
 *   (= embed mode);
 * - projector mode (?present=1): larger type, thicker lines, bigger controls, collapsible text;
 * - keyboard shortcuts and their help dialog ("?").
 *
 * Classic script (runs from file:// too). Reads the chapter list from window.NNVIZ_BOOT.
 */
(function () {
  "use strict";
  var cfg = window.NNVIZ_BOOT || { chapters: [] };
  var chapters = cfg.chapters || [];
  var root = document.documentElement;
  var KEY = "nnviz.progress";

  function byRoute(route) {
    for (var i = 0; i < chapters.length; i++) if (chapters[i].route === route) return i;
    return -1;
  }
  function route() {
    var m = /^#\/?([^?]*)/.exec(location.hash);
    var r = m ? m[1].trim().toLowerCase() : "";
    return byRoute(r) >= 0 ? r : "";
  }

  /* ---------- progress ---------- */
  function storage() {
    try {
      var s = window.localStorage;
      return s || null;
    } catch (e) {
      return null; // denied (sandboxed frame, blocked cookies): progress is simply not kept
    }
  }
  function visited() {
    var s = storage();
    if (!s) return [];
    try {
      var rec = JSON.parse(s.getItem(KEY) || "null");
      if (rec && rec.v === 1 && Array.isArray(rec.visited)) {
        return rec.visited.filter(function (r) { return typeof r === "string" && byRoute(r) >= 0; });
      }
    } catch (e) { /* corrupt: replaced below */ }
    try { s.setItem(KEY, JSON.stringify({ v: 1, visited: [] })); } catch (e) { /* full or denied */ }
    return [];
  }
  function markVisited(r) {
    var s = storage();
    if (!s || !r) return;
    var list = visited();
    if (list.indexOf(r) < 0) list.push(r);
    try { s.setItem(KEY, JSON.stringify({ v: 1, visited: list })); } catch (e) { /* full or denied */ }
  }
  function paintProgress() {
    var list = visited();
    var cards = document.querySelectorAll(".card[data-route]");
    for (var i = 0; i < cards.length; i++) {
      var seen = list.indexOf(cards[i].dataset.route) >= 0;
      cards[i].classList.toggle("visited", seen);
      var mark = cards[i].querySelector(".card-visited");
      if (mark) mark.hidden = !seen;
    }
  }

  /* ---------- compact previous / next in the header ---------- */
  function setLink(el, target) {
    if (!el) return;
    el.href = "#/" + (target ? target.route : "");
    el.querySelector(".head-pager-text").textContent = target ? target.title : "Course";
    el.setAttribute("aria-label", (el.rel === "prev" ? "Previous: " : "Next: ") + (target ? target.title : "the course map"));
  }
  function paintPager(r) {
    var i = byRoute(r);
    var pager = document.querySelector(".head-pager");
    if (pager) pager.hidden = i < 0;
    if (i < 0) return;
    setLink(document.getElementById("head-prev"), chapters[i - 1]);
    setLink(document.getElementById("head-next"), chapters[i + 1]);
  }

  /* ---------- share panel ---------- */
  function pageBase() {
    return location.href.split("#")[0].split("?")[0];
  }
  function enc(v) {
    return encodeURIComponent(v).replace(/%2C/gi, ",");
  }
  // The current hash with hide= replaced: "#/trainer?hidden=16&…&hide=run".
  function hashWith(hidden) {
    var m = /^#\/?([^?]*)\??(.*)$/.exec(location.hash) || [null, "", ""];
    var parts = m[2] ? m[2].split("&").filter(function (p) { return p && p.split("=")[0] !== "hide"; }) : [];
    if (hidden.length) parts.push("hide=" + enc(hidden.join(",")));
    return "#/" + m[1].trim().toLowerCase() + (parts.length ? "?" + parts.join("&") : "");
  }
  var opener = null;
  function shareState() {
    var boxes = document.querySelectorAll("#share-group-list input[type=checkbox]");
    var hidden = [];
    for (var i = 0; i < boxes.length; i++) if (!boxes[i].checked) hidden.push(boxes[i].value);
    var text = document.getElementById("share-text").checked;
    var link = pageBase() + (text ? "" : "?embed=1") + hashWith(hidden);
    var title = (chapters[byRoute(route())] || { title: "" }).title;
    var folder = pageBase().replace(/[^/]*$/, "");
    var embed = '<iframe data-nnviz src="' + pageBase() + "?embed=1" + hashWith(hidden) + '"\n' +
      '        title="nnviz: ' + title + '" style="width:100%;border:0" loading="lazy"></iframe>\n' +
      '<script src="' + folder + 'embed.js"></' + "script>";
    document.getElementById("share-link").value = link;
    document.getElementById("share-embed").value = embed;
  }
  function openShare(from) {
    var r = route();
    var i = byRoute(r);
    var dialog = document.getElementById("share-dialog");
    if (i < 0 || !dialog || dialog.open) return;
    opener = from || document.activeElement;
    var list = document.getElementById("share-group-list");
    list.replaceChildren();
    var groups = chapters[i].groups || [];
    var hiddenNow = (/[?&]hide=([^&]*)/.exec(location.hash) || [null, ""])[1];
    hiddenNow = decodeURIComponent(hiddenNow).split(",");
    if (!groups.length) {
      var none = document.createElement("p");
      none.className = "help";
      none.textContent = "This chapter has no control groups to hide.";
      list.appendChild(none);
    }
    groups.forEach(function (g) {
      var label = document.createElement("label");
      label.className = "check";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.value = g[0];
      box.checked = hiddenNow.indexOf(g[0]) < 0;
      box.addEventListener("change", shareState);
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + g[1]));
      list.appendChild(label);
    });
    document.getElementById("share-file-note").hidden = location.protocol !== "file:";
    document.getElementById("share-status").textContent = "";
    shareState();
    dialog.showModal();
    document.getElementById("share-link").select();
  }
  function copy(fieldId, what) {
    var field = document.getElementById(fieldId);
    var status = document.getElementById("share-status");
    function fallback() {
      field.focus();
      field.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      status.textContent = ok ? what + " copied." : "Copying is not allowed here: the " + what.toLowerCase() + " is selected, press Ctrl+C (⌘C on a Mac).";
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(function () { status.textContent = what + " copied."; }, fallback);
    } else {
      fallback();
    }
  }

  /* ---------- projector mode ---------- */
  function setPresent(on) {
    root.classList.toggle("present", on);
    var button = document.getElementById("present-toggle");
    if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
    var params = new URLSearchParams(location.search);
    if (on) params.set("present", "1"); else params.delete("present");
    var q = params.toString();
    try {
      history.replaceState(history.state, "", location.pathname + (q ? "?" + q : "") + location.hash);
    } catch (e) { /* some file:// and sandboxed set-ups refuse: the mode still applies */ }
  }
  function toggleProse(button) {
    var prose = document.getElementById(button.getAttribute("aria-controls"));
    if (!prose) return;
    var show = prose.hidden;
    prose.hidden = !show;
    button.setAttribute("aria-expanded", show ? "true" : "false");
    button.textContent = show ? "Hide the text" : "Show the text";
  }

  /* ---------- dialogs and shortcuts ---------- */
  function openHelp(from) {
    var dialog = document.getElementById("help-dialog");
    if (!dialog || dialog.open) return;
    opener = from || document.activeElement;
    dialog.showModal();
  }
  // A modal dialog keeps the focus: Tab from its last control goes to its first, and back.
  function trapTab(e) {
    if (e.key !== "Tab") return;
    var items = e.currentTarget.querySelectorAll("button, input, textarea, select, a[href]");
    var usable = [];
    for (var i = 0; i < items.length; i++) if (!items[i].disabled && items[i].getClientRects().length) usable.push(items[i]);
    if (!usable.length) return;
    var first = usable[0], last = usable[usable.length - 1];
    if (e.shiftKey && document.activeElement === first) { last.focus(); e.preventDefault(); }
    else if (!e.shiftKey && document.activeElement === last) { first.focus(); e.preventDefault(); }
  }
  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }
  function onKey(e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    if (document.querySelector("dialog[open]")) return;
    var i = byRoute(route());
    var go = null;
    if (e.key === "?") openHelp();
    else if (e.key === "p") setPresent(!root.classList.contains("present"));
    else if (e.key === "s" && i >= 0) openShare();
    else if (e.key === "c") go = "";
    else if (e.key === "[" && i > 0) go = chapters[i - 1].route;
    else if (e.key === "]" && i + 1 < chapters.length) go = chapters[i + 1].route;
    else if (e.key === "]" && i < 0 && chapters.length) go = chapters[0].route;
    else return;
    e.preventDefault();
    if (go !== null) location.hash = "#/" + go;
  }

  function onRoute() {
    var r = route();
    if (r) markVisited(r);
    paintProgress();
    paintPager(r);
  }

  document.addEventListener("nnviz:route", onRoute);
  document.addEventListener("DOMContentLoaded", function () {
    setPresent(new URLSearchParams(location.search).get("present") === "1");
    document.getElementById("present-toggle").addEventListener("click", function () {
      setPresent(!root.classList.contains("present"));
    });
    document.getElementById("help-open").addEventListener("click", function (e) { openHelp(e.currentTarget); });
    document.getElementById("share-copy-link").addEventListener("click", function () { copy("share-link", "Link"); });
    document.getElementById("share-copy-embed").addEventListener("click", function () { copy("share-embed", "Embed code"); });
    document.getElementById("share-text").addEventListener("change", shareState);
    var buttons = document.querySelectorAll(".share-open");
    for (var i = 0; i < buttons.length; i++) buttons[i].addEventListener("click", function (e) { openShare(e.currentTarget); });
    var toggles = document.querySelectorAll(".prose-toggle");
    for (var j = 0; j < toggles.length; j++) toggles[j].addEventListener("click", function (e) { toggleProse(e.currentTarget); });
    var dialogs = document.querySelectorAll("dialog");
    for (var k = 0; k < dialogs.length; k++) {
      dialogs[k].addEventListener("close", function () {
        if (opener && opener.focus && document.contains(opener)) opener.focus();
        opener = null;
      });
      dialogs[k].addEventListener("keydown", trapTab);
    }
    document.addEventListener("keydown", onKey);
    onRoute();
  });
})();
