/* Chumchon: tiny progressive enhancements; every page works without this file. */
(function () {
  "use strict";
  // Mark the menu entry of the section being viewed (longest matching prefix wins).
  function markCurrent() {
    var links = document.querySelectorAll(".mainnav a[href]");
    var path = window.location.pathname;
    var best = null;
    var bestLength = 0;
    links.forEach(function (link) {
      var href = link.getAttribute("href");
      var matches = href === "/" ? path === "/" : path.indexOf(href) === 0;
      if (matches && href.length > bestLength) {
        best = link;
        bestLength = href.length;
      }
    });
    if (best) {
      best.setAttribute("aria-current", "page");
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", markCurrent);
  } else {
    markCurrent();
  }
})();
