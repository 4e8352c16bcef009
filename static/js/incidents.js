// The printable incident record: a Print button (no inline scripts: the CSP forbids them).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
  });
})();
