// "Log milia": preview a chosen photo with the area's last photo faintly over it, to check the
// framing before saving. Without JavaScript the last photo still shows beside the file input.
// The compare page: a before/after slider (a range input, so arrows, Home and End work).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-photo-row]").forEach(function (row) {
      var input = row.querySelector("input[type=file]");
      var preview = row.querySelector("[data-preview]");
      var ghost = row.querySelector("[data-ghost] img");
      if (!input || !preview) return;
      input.addEventListener("change", function () {
        var file = input.files && input.files[0];
        var img = preview.querySelector("[data-preview-new]");
        if (img.src) URL.revokeObjectURL(img.src);
        if (!file) { preview.hidden = true; return; }
        img.src = URL.createObjectURL(file);
        var overlay = preview.querySelector(".ghost-overlay");
        if (ghost && !overlay) {
          overlay = document.createElement("img");
          overlay.className = "ghost-overlay";
          overlay.alt = "";
          overlay.src = ghost.src;
          preview.insertBefore(overlay, img.nextSibling);
        }
        preview.hidden = false;
      });
    });
    document.querySelectorAll("[data-slider]").forEach(function (slider) {
      var range = slider.querySelector("input[type=range]");
      var frame = slider.querySelector(".slider-frame");
      if (!range || !frame) return;
      function show() {
        frame.style.setProperty("--split", range.value + "%");
        range.setAttribute("aria-valuetext", range.value + "% of the earlier photo");
      }
      range.addEventListener("input", show);
      slider.classList.add("is-live");
      show();
    });
  });
})();
