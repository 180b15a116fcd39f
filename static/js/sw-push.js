// Push notifications, imported by the service worker (importScripts). The message is the
// JSON of skintrack/push/payloads.py: {title, body, tag, url}.
/* global self, clients */
(function () {
  "use strict";
  self.addEventListener("push", function (event) {
    var data = {};
    try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
    var title = data.title || "skintrack";
    event.waitUntil(self.registration.showNotification(title, {
      body: data.body || "",
      tag: data.tag || "skintrack",
      renotify: false,
      icon: "/static/img/icon.svg",
      badge: "/static/img/icon.svg",
      lang: "en",
      data: { url: data.url || "/today/" }
    }));
  });

  // A tap opens the page the notification is about: an open skintrack tab if there is one.
  self.addEventListener("notificationclick", function (event) {
    event.notification.close();
    var target = new URL((event.notification.data && event.notification.data.url) || "/today/", self.location.origin);
    if (target.origin !== self.location.origin) target = new URL("/today/", self.location.origin);
    event.waitUntil(clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        var win = windows[i];
        if (new URL(win.url).origin === target.origin && "focus" in win) {
          return win.navigate(target.href).then(function (w) { return (w || win).focus(); });
        }
      }
      return clients.openWindow(target.href);
    }));
  });
})();
