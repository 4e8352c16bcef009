// Safety sessions: countdown, location with check-ins, press-and-hold SOS, and an offline queue.
// No inline scripts (CSP); everything hangs off ids and data- attributes in the session templates.
(function () {
  "use strict";

  var QUEUE_KEY = "campaignsafe-queue";
  var HOLD_MS = 2000;
  var lastPosition = null;

  function csrfToken() {
    var page = document.getElementById("page");
    try { return JSON.parse(page.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  // The cached offline page carries no token (it is the same for everyone): ask for one when online.
  function withToken() {
    var token = csrfToken();
    if (token) { return Promise.resolve(token); }
    return fetch("/sessions/csrf-token", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) {
        if (r.status === 401) { throw new Error("signed-out"); }
        return r.json();
      })
      .then(function (data) { return data.csrf_token; });
  }

  // ---- countdown to the next check-in (server time offset so a wrong phone clock does not matter)
  var offsetMs = 0;
  function syncOffset() {
    var el = document.getElementById("countdown");
    if (el && el.dataset.now && !el.dataset.synced) {
      offsetMs = new Date(el.dataset.now).getTime() - Date.now();
      el.dataset.synced = "1";
    }
  }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    syncOffset();
    var el = document.getElementById("countdown");
    if (!el) { return; }
    var left = Math.round((new Date(el.dataset.deadline).getTime() - (Date.now() + offsetMs)) / 1000);
    var late = left < 0;
    var s = Math.abs(left);
    var text = (s >= 3600 ? Math.floor(s / 3600) + ":" + two(Math.floor(s % 3600 / 60)) : Math.floor(s / 60)) + ":" + two(s % 60);
    el.textContent = late ? "overdue by " + text : text + " left";
    el.classList.toggle("is-late", late);
  }
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);

  // ---- location, only when the session shares it
  function sharing() {
    var form = document.getElementById("check-in-form");
    return form && form.dataset.shareLocation === "true";
  }
  function watchLocation() {
    if (!sharing() || !navigator.geolocation || window.__csWatching) { return; }
    window.__csWatching = true;
    navigator.geolocation.watchPosition(function (p) {
      lastPosition = { latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy };
    }, function () {}, { enableHighAccuracy: true, maximumAge: 60000 });
  }
  document.addEventListener("DOMContentLoaded", watchLocation);
  document.addEventListener("htmx:afterSwap", watchLocation);
  function withPosition(params) {
    if (lastPosition && sharing()) {
      params.latitude = lastPosition.latitude;
      params.longitude = lastPosition.longitude;
      params.accuracy = lastPosition.accuracy;
    }
    return params;
  }
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.target.closest && event.target.closest(".js-with-location")) { withPosition(event.detail.parameters); }
  });

  // ---- the offline queue: POSTs kept in localStorage and sent when the connection returns
  function readQueue() { try { return JSON.parse(localStorage.getItem(QUEUE_KEY)) || []; } catch (e) { return []; } }
  function writeQueue(items) { localStorage.setItem(QUEUE_KEY, JSON.stringify(items)); }
  function enqueue(url, params, kind) {
    var items = readQueue();
    items.push({ url: url, params: params, kind: kind, at: new Date().toISOString() });
    writeQueue(items);
  }
  function post(url, params) {
    var body = new URLSearchParams();
    Object.keys(params).forEach(function (k) { if (params[k] !== undefined && params[k] !== null) { body.append(k, params[k]); } });
    return withToken().then(function (token) {
      return fetch(url, { method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": token, "Accept": "application/json" } });
    }).then(function (r) {
      // Signed out: 401, or the sign-in page after a redirect (a check-in's own answer is a redirect).
      if (r.status === 401 || (r.redirected && new URL(r.url).pathname === "/sign-in")) { throw new Error("signed-out"); }
      if (!r.ok && r.status >= 500) { throw new Error("server " + r.status); }
      return r;
    });
  }
  var flushing = false;
  function flush() {
    if (flushing || !navigator.onLine) { return; }
    var items = readQueue();
    if (!items.length) { return; }
    flushing = true;
    var item = items[0];
    post(item.url, item.params).then(function (r) {
      writeQueue(readQueue().slice(1));  // sent, or refused for good (the session ended): not sent again
      flushing = false;
      delivered(item, r.ok);
      flush();
    }).catch(function (error) {
      flushing = false;
      if (error && error.message === "signed-out") { notSignedIn(item); }  // kept: sent once they sign in
    });
  }
  var SIGNED_OUT_SOS = "You are not signed in on this phone, so we cannot alert your contacts. Call 999 if you are in danger.";
  function notSignedIn(item) {
    var status = document.getElementById("sos-status");
    if (item.kind === "sos" && status) { status.textContent = SIGNED_OUT_SOS; }
    var queued = document.getElementById("check-in-queued");
    if (item.kind === "check-in" && queued) {
      queued.textContent = "You are signed out, so your check-in has not been sent. Sign in, then tap \u201cI\u2019m safe\u201d again.";
    }
  }
  function delivered(item, ok) {
    var queued = document.getElementById("check-in-queued");
    if (item.kind === "check-in" && queued) { queued.hidden = true; }
    var status = document.getElementById("sos-status");
    if (item.kind === "sos" && status) { status.textContent = ok ? "Your contacts have been alerted." : "Could not send the alert. Call 999."; }
    var panel = document.getElementById("session-status");
    if (panel && window.htmx) {
      window.htmx.ajax("GET", panel.dataset.statusUrl, { target: "#session-status", swap: "outerHTML" });
    }
  }
  window.addEventListener("online", flush);
  document.addEventListener("DOMContentLoaded", flush);

  // "I'm safe" with no signal: queue it instead of failing, and say so.
  function queueCheckIn(form) {
    var params = withPosition({});
    enqueue(form.getAttribute("action"), params, "check-in");
    var queued = document.getElementById("check-in-queued");
    if (queued) { queued.hidden = false; }
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.target;
    if (form.id === "check-in-form" && !navigator.onLine) {
      event.preventDefault();
      queueCheckIn(form);
    }
  });
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.target;
    if (form.id === "check-in-form") { queueCheckIn(form); }
  });

  // ---- SOS: press and hold (pointer, or Space/Enter held), then the full-screen 999 view
  function showSosScreen() {
    var screen = document.getElementById("sos-screen");
    if (!screen) { return; }
    screen.hidden = false;
    var call = document.getElementById("sos-call");
    if (call) { call.focus(); }
  }
  function sendSos(button) {
    showSosScreen();
    var status = document.getElementById("sos-status");
    var url = button.dataset.sosUrl;
    var params = withPosition({});
    if (!navigator.onLine) {
      enqueue(url, params, "sos");
      if (status) { status.textContent = "No signal: your SOS alert is queued and will be sent the moment your phone is back online. Call 999 now if you are in danger."; }
      return;
    }
    post(url, params).then(function (r) {
      if (status) { status.textContent = r.ok ? "Your contacts have been alerted." : "Could not send the alert. Call 999."; }
    }).catch(function (error) {
      if (error && error.message === "signed-out") {
        if (status) { status.textContent = SIGNED_OUT_SOS; }
        return;
      }
      enqueue(url, params, "sos");
      if (status) { status.textContent = "No signal: your SOS alert is queued and will be sent the moment your phone is back online. Call 999 now if you are in danger."; }
    });
  }
  function setUpSos() {
    var button = document.getElementById("sos-button");
    if (!button || button.dataset.ready) { return; }
    button.dataset.ready = "1";
    var timer = null;
    function start(event) {
      if (event) { event.preventDefault(); }
      if (timer) { return; }
      button.classList.add("is-holding");
      timer = setTimeout(function () { timer = null; button.classList.remove("is-holding"); sendSos(button); }, HOLD_MS);
    }
    function cancel() {
      if (timer) { clearTimeout(timer); timer = null; }
      button.classList.remove("is-holding");
    }
    button.addEventListener("pointerdown", start);
    ["pointerup", "pointerleave", "pointercancel"].forEach(function (name) { button.addEventListener(name, cancel); });
    button.addEventListener("keydown", function (event) {
      if ((event.key === " " || event.key === "Enter") && !event.repeat) { start(event); }
      else if (event.key === " " || event.key === "Enter") { event.preventDefault(); }
    });
    button.addEventListener("keyup", cancel);
    button.addEventListener("click", function (event) { event.preventDefault(); }); // a tap is not enough
    button.addEventListener("contextmenu", function (event) { event.preventDefault(); });
    var close = document.getElementById("sos-close");
    if (close) { close.addEventListener("click", function () { document.getElementById("sos-screen").hidden = true; }); }
  }
  document.addEventListener("DOMContentLoaded", setUpSos);
  document.addEventListener("htmx:load", setUpSos);
})();
