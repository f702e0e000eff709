// A small calendar for Chumchon's date fields (core/dates.py): it writes dd/mm/พ.ศ. on Thai pages
// and d/m/yyyy on English ones, the same text a person would type. No CDN, no framework.
(function () {
  "use strict";
  var TH_MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
    "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
  var EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var TH_DAYS = ["อา", "จ", "อ", "พ", "พฤ", "ศ", "ส"];
  var EN_DAYS = ["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"];
  var THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";

  function arabic(text) {
    return text.replace(/[๐-๙]/g, function (d) { return String(THAI_DIGITS.indexOf(d)); });
  }

  function parse(text, be) {
    var m = /^\s*(\d{1,4})\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*(\d{1,4})\s*$/.exec(arabic(text || ""));
    if (!m) return null;
    var day = +m[1], year = m[3];
    if (m[1].length === 4) { year = m[1]; day = +m[3]; }
    var y = +year;
    if (year.length <= 2) y += be ? 2500 : 2000;
    if (be) y -= 543;
    var d = new Date(y, +m[2] - 1, day);
    return isNaN(d.getTime()) ? null : d;
  }

  function format(d, be) {
    var dd = d.getDate(), mm = d.getMonth() + 1;
    if (be) return (dd < 10 ? "0" : "") + dd + "/" + (mm < 10 ? "0" : "") + mm + "/" + (d.getFullYear() + 543);
    return dd + "/" + mm + "/" + d.getFullYear();
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function attach(input) {
    var be = input.getAttribute("data-era") !== "ce";
    var wrap = el("span", "thaidate");
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    var button = el("button", "thaidate-open", be ? "ปฏิทิน" : "Calendar");
    button.type = "button";
    button.setAttribute("aria-label", be ? "เลือกวันที่จากปฏิทิน" : "Pick a date from the calendar");
    button.setAttribute("aria-expanded", "false");
    wrap.appendChild(button);
    var panel = el("div", "thaidate-panel");
    panel.setAttribute("role", "dialog");
    panel.hidden = true;
    wrap.appendChild(panel);
    var shown = new Date();

    function close() { panel.hidden = true; button.setAttribute("aria-expanded", "false"); }

    function render() {
      panel.textContent = "";
      var head = el("div", "thaidate-head");
      var prev = el("button", "", "‹"), next = el("button", "", "›");
      prev.type = next.type = "button";
      prev.setAttribute("aria-label", be ? "เดือนก่อน" : "Previous month");
      next.setAttribute("aria-label", be ? "เดือนถัดไป" : "Next month");
      var year = shown.getFullYear() + (be ? 543 : 0);
      var title = el("span", "thaidate-title", (be ? TH_MONTHS : EN_MONTHS)[shown.getMonth()] + " " + year);
      prev.onclick = function () { shown = new Date(shown.getFullYear(), shown.getMonth() - 1, 1); render(); };
      next.onclick = function () { shown = new Date(shown.getFullYear(), shown.getMonth() + 1, 1); render(); };
      head.appendChild(prev); head.appendChild(title); head.appendChild(next);
      panel.appendChild(head);
      var grid = el("div", "thaidate-grid");
      (be ? TH_DAYS : EN_DAYS).forEach(function (name) { grid.appendChild(el("span", "thaidate-dow", name)); });
      var first = new Date(shown.getFullYear(), shown.getMonth(), 1);
      for (var i = 0; i < first.getDay(); i++) grid.appendChild(el("span"));
      var days = new Date(shown.getFullYear(), shown.getMonth() + 1, 0).getDate();
      var current = parse(input.value, be);
      for (var day = 1; day <= days; day++) {
        var b = el("button", "thaidate-day", String(day));
        b.type = "button";
        var date = new Date(shown.getFullYear(), shown.getMonth(), day);
        if (current && current.getTime() === date.getTime()) b.setAttribute("aria-current", "date");
        b.onclick = (function (d) {
          return function () { input.value = format(d, be); input.dispatchEvent(new Event("change")); close(); input.focus(); };
        })(date);
        grid.appendChild(b);
      }
      panel.appendChild(grid);
    }

    button.onclick = function () {
      if (!panel.hidden) { close(); return; }
      var current = parse(input.value, be);
      shown = current ? new Date(current.getFullYear(), current.getMonth(), 1) : new Date();
      render();
      panel.hidden = false;
      button.setAttribute("aria-expanded", "true");
    };
    panel.addEventListener("keydown", function (e) { if (e.key === "Escape") { close(); button.focus(); } });
    document.addEventListener("click", function (e) { if (!wrap.contains(e.target)) close(); });
  }

  function init(root) {
    (root || document).querySelectorAll("input[data-thaidate]:not([data-thaidate-ready])").forEach(function (input) {
      input.setAttribute("data-thaidate-ready", "");
      attach(input);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (e) { init(e.target); });
})();
