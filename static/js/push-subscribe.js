// Settings › Reminders: subscribe this browser to push notifications, or stop them.
// The service worker (registered by app.js, with static/js/sw-push.js inside) shows them.
(function () {
  "use strict";
  var box = document.querySelector("[data-push-device]");
  if (!box) return;
  var state = box.querySelector("[data-push-state]");
  var on = box.querySelector("[data-push-on]");
  var off = box.querySelector("[data-push-off]");
  var form = document.querySelector("form.reminder-times");
  var csrf = form && form.querySelector("input[name=csrfmiddlewaretoken]");

  function say(text) { state.textContent = text; }
  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function post(url, fields) {
    var body = new URLSearchParams(fields);
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf ? csrf.value : "" }
    }).then(function (r) {
      if (!r.ok) throw new Error("The server answered " + r.status);
      return r.json();
    });
  }
  function show(subscription) {
    on.hidden = !!subscription;
    off.hidden = !subscription;
    say(subscription
      ? "Notifications are on for this device. Choose which ones below."
      : "Notifications are off for this device.");
  }
  function registration() {
    // The app's service worker; give up after a few seconds when there is none.
    return Promise.race([
      navigator.serviceWorker.ready,
      new Promise(function (resolve) { setTimeout(function () { resolve(null); }, 4000); })
    ]);
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !window.Notification) {
    say("This browser can’t show notifications from skintrack. The calendar alarms still work.");
    return;
  }
  if (Notification.permission === "denied") {
    say("Notifications are blocked for skintrack in this browser’s settings.");
    return;
  }
  registration().then(function (reg) {
    if (!reg) {
      say("Notifications aren’t ready in this browser yet. Reload the page to try again.");
      return;
    }
    reg.pushManager.getSubscription().then(show);
    on.addEventListener("click", function () {
      on.disabled = true;
      say("Asking this browser…");
      Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") throw new Error("not allowed");
        return fetch(box.dataset.keyUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); });
      }).then(function (data) {
        return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(data.key) });
      }).then(function (subscription) {
        var json = subscription.toJSON();
        return post(box.dataset.subscribeUrl, {
          endpoint: json.endpoint, p256dh: json.keys.p256dh, auth: json.keys.auth
        }).then(function () { show(subscription); });
      }).catch(function (error) {
        say(error.message === "not allowed"
          ? "Notifications weren’t allowed, so none will come to this device."
          : "Couldn’t turn notifications on: " + error.message + ". Try again.");
      }).finally(function () { on.disabled = false; });
    });
    off.addEventListener("click", function () {
      off.disabled = true;
      reg.pushManager.getSubscription().then(function (subscription) {
        if (!subscription) return null;
        var endpoint = subscription.endpoint;
        return subscription.unsubscribe().then(function () {
          return post(box.dataset.unsubscribeUrl, { endpoint: endpoint });
        });
      }).then(function () { show(null); }).catch(function (error) {
        say("Couldn’t stop notifications: " + error.message + ". Try again.");
      }).finally(function () { off.disabled = false; });
    });
  });
})();
