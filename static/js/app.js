// skintrack's only script of its own. Loaded with the CSP nonce; no inline handlers.
(function () {
  "use strict";
  // On sign-up, preselect the browser's time zone when the list has it.
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.querySelector("input[data-browser-time-zone]");
    if (!input) return;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var form = input.form;
    var bound = form && form.querySelector(".form-errors");
    if (zone && !bound && input.value === "UTC") {
      input.value = zone;  // checked against the known zones when the form is sent
    }
    // The full list of zones, fetched once (a cached static file) when the field is used.
    input.addEventListener("focus", function () {
      var list = document.getElementById(input.getAttribute("list"));
      if (!list || list.dataset.full || !input.dataset.zonesUrl || !window.fetch) return;
      list.dataset.full = "1";
      fetch(input.dataset.zonesUrl).then(function (r) { return r.json(); }).then(function (zones) {
        var fragment = document.createDocumentFragment();
        zones.forEach(function (name) {
          var option = document.createElement("option");
          option.value = name;
          fragment.appendChild(option);
        });
        list.replaceChildren(fragment);
      }).catch(function () { delete list.dataset.full; });
    }, { once: false });
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
