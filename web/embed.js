/* nnviz embed helper for course pages: keeps each nnviz iframe as tall as its content.
 *
 *   <iframe data-nnviz src="YOUR-NNVIZ-ADDRESS/?embed=1#/trainer" title="Digit trainer"
 *           style="width:100%;border:0" loading="lazy"></iframe>
 *   <script src="YOUR-NNVIZ-ADDRESS/embed.js"></script>
 *
 * (YOUR-NNVIZ-ADDRESS: where your copy of nnviz is published.)
 * The chapter posts {type: "nnviz:height", height, route} to its parent. A sandboxed frame
 * has the origin "null", so messages are matched by their source window, not their origin,
 * and checked for shape before use.
 */
(function () {
  "use strict";
  function frameFor(source) {
    var frames = document.querySelectorAll("iframe[data-nnviz]");
    for (var i = 0; i < frames.length; i++) if (frames[i].contentWindow === source) return frames[i];
    return null;
  }
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== "nnviz:height") return;
    var height = data.height;
    if (typeof height !== "number" || !isFinite(height) || height < 50 || height > 20000) return;
    var frame = frameFor(event.source);
    if (frame) {
      frame.style.height = Math.ceil(height) + "px";
      frame.dataset.nnvizRoute = typeof data.route === "string" ? data.route.slice(0, 40) : "";
    }
  });
})();
