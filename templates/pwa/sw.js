{% load static %}// skintrack's service worker, static files version {{ version }}.
// Keeps the static files and an offline page; pages and taps always go to the network
// (taps that fail are kept by the page itself, in IndexedDB: see static/js/sync.js).
"use strict";
importScripts("{% static 'js/sw-push.js' %}");

var CACHE = "skintrack-{{ version }}";
var PRECACHE = {{ precache|safe }};
var OFFLINE_URL = "{{ offline_url }}";
var STATIC_URL = "{{ static_url }}";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll(PRECACHE);
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("skintrack-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Pages hold a person's log: never kept here. Without a network, the offline page.
    event.respondWith(fetch(request).catch(function () {
      return caches.match(OFFLINE_URL, { ignoreVary: true });
    }));
  } else if (url.pathname.indexOf(STATIC_URL) === 0) {
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(request, { ignoreVary: true }).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          if (response.ok) cache.put(request, response.clone());
          return response;
        });
      });
    }));
  }
});
