// skintrack's only script of its own. Loaded with the CSP nonce; no inline handlers.
(function () {
  "use strict";
  // On sign-up, preselect the browser's time zone when the list has it.
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.querySelector("select[data-browser-time-zone]");
    if (!select || select.dataset.touched) return;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var form = select.form;
    var bound = form && form.querySelector(".form-errors");
    if (zone && !bound && select.value === "UTC" &&
        Array.prototype.some.call(select.options, function (o) { return o.value === zone; })) {
      select.value = zone;
    }
  });
  // Show or hide fields that only matter for some choices: data-show-when="field=value1,value2".
  function syncConditional(root) {
    (root || document).querySelectorAll("[data-show-when]").forEach(function (el) {
      var parts = el.dataset.showWhen.split("=");
      var form = el.closest("form");
      if (!form) return;
      var control = form.elements[parts[0]];
      if (!control) return;
      var value = control.value;
      if (control instanceof RadioNodeList) value = control.value;
      el.hidden = parts[1].split(",").indexOf(value) === -1;
    });
  }
  document.addEventListener("DOMContentLoaded", function () { syncConditional(); });
  document.addEventListener("change", function () { syncConditional(); });
  document.addEventListener("htmx:afterSwap", function (e) { syncConditional(e.target); });
})();
