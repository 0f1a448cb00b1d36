/* nnviz bridge: the only JS the pictures need, so Python crosses the JS bridge once per
 * batch instead of once per element (one setAttribute from Python costs ~3 µs; one call
 * here with a typed array of 10,000 values costs about as much as three of them).
 *
 * Python keeps "sets": arrays of elements created or collected here, named by an integer
 * handle. It then sets one attribute on every element of a set from one typed array.
 * Classic script (works from file://); defines window.nnvizBridge.
 */
(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var sets = new Map();
  var nextHandle = 1;

  function keep(elements) {
    var h = nextHandle++;
    sets.set(h, elements);
    return h;
  }
  /** Append to `out` the "x,y" strings of points from..to-1 of interleaved `xy`, `d` decimals:
   *  the one point format of every polyline the bridge writes. */
  function pointStrings(xy, from, to, d, out) {
    for (var k = from; k < to; k++) out.push(xy[2 * k].toFixed(d) + "," + xy[2 * k + 1].toFixed(d));
    return out;
  }
  function get(handle) {
    var s = sets.get(handle);
    if (!s) throw new Error("nnvizBridge: unknown element set " + handle);
    return s;
  }

  window.nnvizBridge = {
    /** Create `count` children of `parent` named `tag`, with class `cls`; return a handle.
     *  ids: optional array of id strings, one per element. */
    create: function (parent, tag, count, cls, ids) {
      var ns = parent instanceof SVGElement ? SVG_NS : null;
      var frag = document.createDocumentFragment();
      var out = new Array(count);
      for (var i = 0; i < count; i++) {
        var el = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
        if (cls) el.setAttribute("class", cls);
        if (ids) el.id = ids[i];
        frag.appendChild(el);
        out[i] = el;
      }
      parent.appendChild(frag);
      return keep(out);
    },
    /** Collect existing elements matching `selector` under `root` into a set. */
    collect: function (root, selector) {
      return keep(Array.prototype.slice.call(root.querySelectorAll(selector)));
    },
    size: function (handle) { return get(handle).length; },
    /** Set numeric attribute `name` on each element from `values` (a typed array),
     *  rounded to `digits` decimals. */
    setNumbers: function (handle, name, values, digits) {
      var els = get(handle), d = digits === undefined ? 2 : digits;
      for (var i = 0; i < els.length; i++) els[i].setAttribute(name, +values[i].toFixed(d));
    },
    /** Set attribute `name` on each element from an array of strings. */
    setStrings: function (handle, name, values) {
      var els = get(handle);
      for (var i = 0; i < els.length; i++) els[i].setAttribute(name, values[i]);
    },
    /** Set one attribute to the same value on every element. */
    setAll: function (handle, name, value) {
      var els = get(handle);
      for (var i = 0; i < els.length; i++) els[i].setAttribute(name, value);
    },
    /** Set colour attribute `name` ("fill", "stroke") from packed RGB bytes (3 per element). */
    setColors: function (handle, name, rgb) {
      var els = get(handle);
      for (var i = 0, k = 0; i < els.length; i++, k += 3) {
        els[i].setAttribute(name, "rgb(" + rgb[k] + "," + rgb[k + 1] + "," + rgb[k + 2] + ")");
      }
    },
    /** Set each element's text from an array of strings. */
    setText: function (handle, values) {
      var els = get(handle);
      for (var i = 0; i < els.length; i++) els[i].textContent = values[i];
    },
    /** Add class `cls` where mask[i] is non-zero, remove it elsewhere. */
    toggleClass: function (handle, cls, mask) {
      var els = get(handle);
      for (var i = 0; i < els.length; i++) els[i].classList.toggle(cls, !!mask[i]);
    },
    /** Give element i the class classes[states[i] - 1] (states[i] = 0: none of them); one
     *  call instead of one toggle per class. */
    setStates: function (handle, classes, states) {
      var els = get(handle);
      for (var i = 0; i < els.length; i++) {
        for (var c = 0; c < classes.length; c++) els[i].classList.toggle(classes[c], states[i] === c + 1);
      }
    },
    /** Append lines to `parent` with class `cls`, from 4 values per line (x1, y1, x2, y2),
     *  rounded to `digits`; return a handle. */
    createLines: function (parent, cls, coords, digits) {
      var d = digits === undefined ? 1 : digits, n = coords.length / 4;
      var h = window.nnvizBridge.create(parent, "line", n, cls);
      var els = get(h), names = ["x1", "y1", "x2", "y2"];
      for (var i = 0; i < n; i++) {
        for (var k = 0; k < 4; k++) els[i].setAttribute(names[k], +coords[4 * i + k].toFixed(d));
      }
      return h;
    },
    /** Set a polyline's points from interleaved x, y values. */
    setPoints: function (el, xy, digits) {
      var d = digits === undefined ? 1 : digits;
      el.setAttribute("points", pointStrings(xy, 0, xy.length / 2, d, []).join(" "));
    },
    /** Draw k images of w × h RGBA pixels, packed one after another in `rgba` (a Uint8Array
     *  of k·w·h·4 bytes), onto canvases[0..k-1]: one call for a whole batch of heatmaps. */
    putImages: function (canvases, rgba, w, h) {
      var n = w * h * 4;
      for (var i = 0; i < canvases.length; i++) {
        var c = canvases[i];
        if (c.width !== w) c.width = w;
        if (c.height !== h) c.height = h;
        var px = new Uint8ClampedArray(rgba.buffer, rgba.byteOffset + i * n, n);
        c.getContext("2d").putImageData(new ImageData(px, w, h), 0, 0);
      }
    },
    /** Update a bars widget (rows made by nnviz.dom.bars) in one call: row i gets its fill
     *  width fractions[i] (0–1), its value text texts[i], its accessible name names[i], and
     *  class "top" when i === winner (-1: none). */
    setBars: function (handle, fractions, texts, names, winner) {
      var els = get(handle);
      for (var i = 0; i < els.length; i++) {
        var row = els[i], f = fractions[i];
        row.children[1].firstChild.style.width = (100 * (f > 0 ? (f < 1 ? f : 1) : 0)).toFixed(2) + "%";
        row.children[2].textContent = texts[i];
        row.setAttribute("aria-label", names[i]);
        row.classList.toggle("top", i === winner);
      }
    },
    /** Forget a set (its elements stay in the page unless removed). */
    drop: function (handle) { sets.delete(handle); },
    /** Remove a set's elements from the page and forget the set. */
    remove: function (handle) {
      var els = sets.get(handle) || [];
      for (var i = 0; i < els.length; i++) els[i].remove();
      sets.delete(handle);
    },
    /** Apply many writes in one call: `ops` is a flat array of (element, name, value)
     *  triples; name "" sets the element's text, any other name sets that attribute. A text
     *  that replaces a single text node changes that node's data (no new node to lay out). */
    writeMany: function (ops) {
      for (var i = 0; i < ops.length; i += 3) {
        var el = ops[i], name = ops[i + 1], value = ops[i + 2];
        if (name !== "") { el.setAttribute(name, value); continue; }
        var t = el.firstChild;
        if (value !== "" && t && t.nodeType === 3 && !t.nextSibling) t.data = value;
        else el.textContent = value;
      }
    },
    /** Set the text of some elements of a set: element indices[i] gets texts[i] (scattered
     *  changes, e.g. the cells of a table that changed, in one call). */
    setTextAt: function (handle, indices, texts) {
      var els = get(handle);
      for (var i = 0; i < indices.length; i++) els[indices[i]].textContent = texts[i];
    },
    /** Draw k tiles of w × h RGBA pixels (packed one after another in `rgba`, k·w·h·4 bytes)
     *  onto ONE canvas, tile i with its top-left corner at (xy[2i], xy[2i+1]) (an Int32Array):
     *  a picture's many small maps cost one canvas to paint, not one per map. The context is a
     *  CPU one (willReadFrequently), so each put is a copy, not a GPU upload. */
    putTiles: function (canvas, rgba, w, h, xy) {
      var ctx = canvas.getContext("2d", { willReadFrequently: true }), n = w * h * 4;
      for (var i = 0, k = xy.length / 2; i < k; i++) {
        var px = new Uint8ClampedArray(rgba.buffer, rgba.byteOffset + i * n, n);
        ctx.putImageData(new ImageData(px, w, h), xy[2 * i], xy[2 * i + 1]);
      }
    },
    /** Set numeric attribute `name` on the elements at `indices` (an Int32Array) only, from
     *  `values` (one per index), rounded to `digits` decimals: a frame touches what changed. */
    setNumbersAt: function (handle, name, indices, values, digits) {
      var els = get(handle), d = digits === undefined ? 2 : digits;
      for (var i = 0; i < indices.length; i++) els[indices[i]].setAttribute(name, +values[i].toFixed(d));
    },
    /** Add class `cls` to the elements at `indices` where mask[i] is non-zero, remove it where
     *  it is zero (one entry per index); other elements are not touched. */
    toggleClassAt: function (handle, cls, indices, mask) {
      var els = get(handle);
      for (var i = 0; i < indices.length; i++) els[indices[i]].classList.toggle(cls, !!mask[i]);
    },
    /** Extend many polylines in one call (paths that grow a few points per frame). Path i is
     *  drawn by the elements targets[i] (an array, e.g. a halo and a line: one points string for
     *  all of them); it first drops its last cuts[i] points (-1: all of them), then gets the points
     *  xy[2·offsets[i] … 2·offsets[i+1]) (interleaved x, y, rounded to `digits`) appended, and
     *  marks[i] (an element or null) moves to its last point (transform "translate(x y)", one
     *  decimal). A path with cuts[i] = 0 and no new points is left alone. The point strings are
     *  kept per targets array, so a frame formats only the new points. */
    tailPoints: (function () {
      var kept = new WeakMap();  // targets array -> its point strings
      return function (targets, marks, xy, offsets, cuts, digits) {
        var d = digits === undefined ? 1 : digits;
        for (var i = 0; i < targets.length; i++) {
          var a = offsets[i], b = offsets[i + 1], cut = cuts[i], els = targets[i];
          if (cut === 0 && a === b) continue;
          var pts = kept.get(els);
          if (!pts || cut < 0) { pts = []; kept.set(els, pts); }
          else if (cut > 0) pts.length = Math.max(0, pts.length - cut);
          pointStrings(xy, a, b, d, pts);
          var text = pts.join(" ");
          for (var e = 0; e < els.length; e++) els[e].setAttribute("points", text);
          if (marks[i] && b > a) {
            marks[i].setAttribute("transform", "translate(" + xy[2 * b - 2].toFixed(1) + " " + xy[2 * b - 1].toFixed(1) + ")");
          }
        }
      };
    })(),
    /** Draw bar histograms as one <path> per row: element r of set `handle` gets, for each of
     *  its `cols` bars c, the sub-path "M x base v -h h width v h z" with x = x0[r·cols + c]
     *  and h = heights[r·cols + c] (bars no higher than `minHeight` left out); x, base and h
     *  with 1 decimal, width with 2. One call for every bar of a small-multiples picture. */
    setBarPaths: function (handle, x0, heights, cols, width, base, minHeight) {
      var els = get(handle), w = "h" + width.toFixed(2) + "v", b = " " + base.toFixed(1) + "v";
      for (var r = 0; r < els.length; r++) {
        var d = "";
        for (var c = 0, k = r * cols; c < cols; c++, k++) {
          var hgt = heights[k];
          if (hgt > minHeight) d += "M" + x0[k].toFixed(1) + b + (-hgt).toFixed(1) + w + hgt.toFixed(1) + "z";
        }
        els[r].setAttribute("d", d);
      }
    },
    /** The points of many polylines in one call, formatting only what changed: polyline i
     *  (element indices[i] of set handles[i]) keeps the first keeps[i] points it was last given
     *  by this function (0: none), then gets the next counts[i] (x, y) pairs of interleaved `xy`
     *  appended, with `digits` decimals (default 1). The point strings are kept per element, so a line that grows
     *  at its end costs the formatting of its new points only (e.g. every chart of a monitor). */
    setPolylineTails: (function () {
      var kept = new WeakMap();  // polyline -> its point strings
      return function (handles, indices, xy, counts, keeps, digits) {
        var d = digits === undefined ? 1 : digits, k = 0;
        for (var i = 0; i < counts.length; i++) {
          var el = get(handles[i])[indices[i]], pts = kept.get(el);
          if (!pts || keeps[i] <= 0) { pts = []; kept.set(el, pts); }
          else if (pts.length > keeps[i]) pts.length = keeps[i];
          pointStrings(xy, k, k + counts[i], d, pts);
          el.setAttribute("points", pts.join(" "));
          k += counts[i];
        }
      };
    })(),
    /** As setTextAt, but an element whose only child is a text node keeps that node and only
     *  its data changes (as writeMany writes texts): layout re-measures the text instead of
     *  dropping one node and building another. E.g. the cells of a table that a training run
     *  rewrote, all of them in one call. */
    setTextDataAt: function (handle, indices, texts) {
      var els = get(handle);
      for (var i = 0; i < indices.length; i++) {
        var el = els[indices[i]], t = el.firstChild, value = texts[i];
        if (value !== "" && t && t.nodeType === 3 && !t.nextSibling) t.data = value;
        else el.textContent = value;
      }
    },
    liveSets: function () { return sets.size; },
  };
})();
