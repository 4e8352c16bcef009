// CampaignSafe page behaviour. No inline scripts anywhere: the CSP forbids them.
(function () {
  "use strict";

  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/service-worker.js", { scope: "/" }).catch(function () {});
    });
  }

  // After htmx swaps in a form with errors (422), move focus to the summary so screen readers hear it.
  // (With an outerHTML swap the event's target is the old, detached form, so look in the document.)
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.detail.xhr || event.detail.xhr.status !== 422) { return; }
    var summary = document.querySelector("#main .error-summary");
    if (summary) { summary.focus(); }
  });

  // Buttons marked data-confirm ask first (destructive actions); works for htmx and plain forms.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); event.stopImmediatePropagation(); }
  }, true);
  document.addEventListener("htmx:confirm", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && event.target.tagName !== "FORM") {
      event.preventDefault();
      if (window.confirm(message)) { event.detail.issueRequest(true); }
    }
  });
})();
