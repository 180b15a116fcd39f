// The month calendar: arrow keys move between days (a week up or down), Home and End go to
// the week's ends, Page Up and Page Down open the previous and next month. Tab still works.
(function () {
  "use strict";
  var grid = document.querySelector("[data-month-grid]");
  if (!grid) return;
  function linkFor(iso) { return grid.querySelector('a[data-day="' + iso + '"]'); }
  function shift(iso, days) {
    var d = new Date(iso + "T12:00:00Z");
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }
  grid.addEventListener("keydown", function (event) {
    var link = event.target.closest("a[data-day]");
    if (!link || event.altKey || event.ctrlKey || event.metaKey) return;
    var weekday = (new Date(link.dataset.day + "T12:00:00Z").getUTCDay() + 6) % 7;
    var moves = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7, Home: -weekday, End: 6 - weekday };
    if (event.key in moves) {
      var target = linkFor(shift(link.dataset.day, moves[event.key]));
      if (target) target.focus();
      event.preventDefault();
    } else if (event.key === "PageUp" || event.key === "PageDown") {
      var other = document.querySelector(event.key === "PageUp" ? "[data-month-previous]" : "[data-month-next]");
      if (other) window.location.assign(other.href);
      event.preventDefault();
    }
  });
})();
