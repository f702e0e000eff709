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
  // Phones: the menu button opens and closes the menu (a disclosure; Escape closes it too).
  function menuButton() {
    var button = document.getElementById("menu-toggle");
    var nav = document.getElementById("mainnav");
    if (!button || !nav) {
      return;
    }
    button.hidden = false;
    button.parentNode.classList.add("js-menu");
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("open", open);
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        set(false);
        button.focus();
      }
    });
  }
  // Wide tables scroll inside their box: say so, and let the keyboard scroll them.
  function markScrollable() {
    var hint = document.body.getAttribute("data-scroll-hint") || "";
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var wide = wrap.scrollWidth > wrap.clientWidth + 1;
      wrap.classList.toggle("is-scrollable", wide);
      if (wide && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var table = wrap.querySelector("table");
        var caption = table && (table.getAttribute("aria-label") || (table.caption && table.caption.textContent));
        wrap.setAttribute("aria-label", caption || hint);
      }
      var note = wrap.previousElementSibling;
      if (!(note && note.classList.contains("scroll-hint"))) {
        if (!wide || !hint) {
          return;
        }
        note = document.createElement("p");
        note.className = "scroll-hint";
        note.setAttribute("aria-hidden", "true");
        note.textContent = hint + " →";
        wrap.parentNode.insertBefore(note, wrap);
      }
      note.classList.toggle("shown", wide);
    });
  }
  function start() {
    markCurrent();
    menuButton();
    markScrollable();
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(markScrollable, 150);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
