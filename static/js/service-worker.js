// CampaignSafe service worker.
// Static files: cache-first. Pages: network-first, with the offline page when there is no network.
// Only /offline and files under /static/ are ever cached: every other page may hold personal data.
"use strict";

// The server replaces this with a hash of the static files, so any change to them makes a new cache.
const VERSION = "__STATIC_VERSION__";
const CACHE_PREFIX = "campaignsafe-static-";
const CACHE = CACHE_PREFIX + VERSION;
const OFFLINE_URL = "/offline";
const PRECACHE = [
  OFFLINE_URL,
  "/manifest.webmanifest",
  "/static/css/app.css",
  "/static/js/app.js",
  "/static/js/sessions.js",
  "/static/css/sessions.css",
  "/static/vendor/htmx-2.0.11.min.js",
  "/static/icons/icon.svg",
  "/static/icons/icon-192.png",
  "/static/icons/icon-512.png",
  "/static/icons/icon-maskable-192.png",
  "/static/icons/icon-maskable-512.png",
];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE)
      // credentials "omit": the cached offline page must never be one rendered for a signed-in user.
      .then(function (cache) {
        return cache.addAll(PRECACHE.map(function (url) {
          return new Request(url, { cache: "reload", credentials: "omit" });
        }));
      })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf(CACHE_PREFIX) === 0 && name !== CACHE;
        }).map(function (name) { return caches.delete(name); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function offlinePage() {
  return caches.match(OFFLINE_URL, { cacheName: CACHE });
}

function cacheFirst(request) {
  return caches.match(request, { cacheName: CACHE }).then(function (cached) {
    if (cached) { return cached; }
    return fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

// An htmx request (a form, a filter) that cannot be sent: leave the page and what was typed alone,
// and put a notice at the top instead (HX-Retarget/HX-Reswap tell htmx where it goes).
var OFFLINE_NOTICE = '<div class="flash flash-error" role="alert"><p>You are offline, so that was not sent. ' +
  'Nothing you typed is lost: try again when you have signal. In danger? Call <a href="tel:999">999</a>.</p></div>';

function offlineNotice() {
  return new Response(OFFLINE_NOTICE, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "HX-Retarget": "#main", "HX-Reswap": "afterbegin" },
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }

  // A page (a real navigation, or a link htmx boosted): always from the network; offline page if none.
  var boostedLink = request.method === "GET" && request.headers.get("HX-Boosted") === "true";
  if (request.mode === "navigate" || boostedLink) {
    event.respondWith(fetch(request).catch(offlinePage));
    return;
  }
  if (request.headers.get("HX-Request") === "true") {
    event.respondWith(fetch(request).catch(offlineNotice));
    return;
  }
  if (request.method !== "GET") { return; }
  if (url.pathname.indexOf("/static/") === 0 || url.pathname === "/manifest.webmanifest") {
    event.respondWith(cacheFirst(request));
  }
  // Anything else (htmx fragments, JSON) goes to the network untouched and is never cached.
});
