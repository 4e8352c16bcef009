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

  // A new page swapped into the body (hx_redirect's HX-Location after a form is saved) starts at its top,
  // as a page load would: "I'm safe", 999 and SOS, and the "saved" message, in the first screen.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target === document.body) { window.scrollTo(0, 0); }
  });

  // A polling fragment carries the ETag of what it shows: ask with it, and an unchanged answer is a
  // bodiless 304 that htmx leaves alone (see responseHandling in webapp/templating.py).
  document.addEventListener("htmx:configRequest", function (event) {
    var etag = event.detail.elt.getAttribute("data-etag");
    if (etag && event.detail.verb === "get") { event.detail.headers["If-None-Match"] = "\"" + etag + "\""; }
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

  // File fields marked data-max-bytes refuse a file over the limit before anything is uploaded: the
  // file is taken off the field, a message appears beside it, and everything else typed stays put.
  // (Without JavaScript the server answers 413, saying nothing was saved and that Back keeps the form.)
  function megabytes(bytes) { return Math.round(bytes / (1024 * 1024) * 10) / 10 + " MB"; }
  function fileLimitMessage(input) {
    var each = parseInt(input.getAttribute("data-max-bytes"), 10);
    var total = parseInt(input.getAttribute("data-max-total") || "0", 10);
    var sum = 0;
    for (var i = 0; i < input.files.length; i++) {
      var file = input.files[i];
      sum += file.size;
      if (each && file.size > each) {
        return "\u201c" + file.name + "\u201d is " + megabytes(file.size) + ": the limit is " + megabytes(each) +
          " a file. Choose a smaller file, for example a screenshot or the photo at a smaller size. Nothing else you typed is lost.";
      }
    }
    if (total && sum > total) {
      return "These files come to " + megabytes(sum) + ": the limit is " + megabytes(total) +
        " at once. Choose fewer files (you can add more to the incident after saving it). Nothing else you typed is lost.";
    }
    return "";
  }
  function showFileLimit(input, message) {
    var id = input.id + "-size-error";
    var old = document.getElementById(id);
    if (old) { old.parentNode.removeChild(old); }
    var field = input.closest(".field");
    if (field) { field.classList.toggle("field-error", !!message); }
    if (!message) { return; }
    var p = document.createElement("p");
    p.className = "error-message";
    p.id = id;
    p.setAttribute("role", "alert");
    p.textContent = message;
    input.parentNode.insertBefore(p, input);
    input.value = "";
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input[type=file][data-max-bytes]")) { showFileLimit(input, fileLimitMessage(input)); }
  });
  document.addEventListener("submit", function (event) {
    var inputs = event.target.querySelectorAll ? event.target.querySelectorAll("input[type=file][data-max-bytes]") : [];
    for (var i = 0; i < inputs.length; i++) {
      var message = fileLimitMessage(inputs[i]);
      if (message) { showFileLimit(inputs[i], message); event.preventDefault(); event.stopImmediatePropagation(); }
    }
  }, true);

  // Copy buttons: <button data-copy="input-id" hidden> is shown only when the browser can copy.
  function showCopyButtons() {
    var buttons = document.querySelectorAll("button[data-copy]");
    for (var i = 0; i < buttons.length; i++) { if (navigator.clipboard) { buttons[i].hidden = false; } }
  }
  document.addEventListener("DOMContentLoaded", showCopyButtons);
  document.addEventListener("htmx:afterSettle", showCopyButtons);
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy]");
    if (!button) { return; }
    var input = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy") + "-copied");
    navigator.clipboard.writeText(input.value).then(function () {
      if (status) { status.textContent = "Copied. Paste it into your calendar app."; }
    }, function () {
      input.select();
      if (status) { status.textContent = "Select the address above and copy it."; }
    });
  });

  // The phone menu's "More" (a <details>, so it works without this): close it on a tap elsewhere or on Escape.
  document.addEventListener("click", function (event) {
    var open = document.querySelectorAll(".nav-more details[open]");
    for (var i = 0; i < open.length; i++) { if (!open[i].contains(event.target)) { open[i].open = false; } }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = document.querySelector(".nav-more details[open]");
    if (open) { open.open = false; open.querySelector("summary").focus(); }
  });
})();
