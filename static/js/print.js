// The visit report's Print button. Loaded with the CSP nonce; no inline handlers.
// Without JavaScript the button stays hidden and the page says to use the browser's Print.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
