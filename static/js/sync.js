// Taps that are never lost. A tick, an untick or a day note is first written to this
// device (IndexedDB), then sent; it leaves the device only once the server has taken it.
// Offline or on a failing network it waits, shown on its step, and is sent in order when
// the network returns, after a reload or when the app is opened again. Each change carries
// the moment it was made (`at`), so the server never lets an older change undo a newer
// one. Without IndexedDB, htmx sends the forms; without JavaScript, they are plain forms.
(function () {
  "use strict";

  // --- what to send, and in which order (pure; tests call these) ---------------------------

  // The person's changes, oldest first. Changes made by someone else who used this browser
  // wait for them to log in again.
  function plan(entries, owner) {
    return entries
      .filter(function (entry) { return entry.owner === owner; })
      .sort(function (a, b) { return a.seq - b.seq; });
  }

  // A change to a step (or a note) replaces that person's change still waiting for it: it
  // says the whole intended state, so only the latest counts, and it goes to the back.
  function supersedes(entries, entry) {
    return entries.filter(function (old) {
      return old.key === entry.key && old.owner === entry.owner;
    });
  }

  function field(entry, name) {
    for (var i = 0; i < entry.fields.length; i++) {
      if (entry.fields[i][0] === name) return entry.fields[i][1];
    }
    return null;
  }

  function entryFromForm(form, kind, owner, at) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") fields.push([name, value]);
    });
    var url = form.getAttribute("action");
    return { key: kind + " " + url, kind: kind, url: url, owner: owner, at: at, fields: fields };
  }


  // --- the store ---------------------------------------------------------------------------

  var STORE = "outbox";
  var db = null;

  function openDb() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
      var request = indexedDB.open("skintrack", 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function transact(mode, work) {
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(STORE, mode);
      var result = work(tx.objectStore(STORE));
      tx.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
      tx.onerror = function () { reject(tx.error); };
      tx.onabort = function () { reject(tx.error); };
    });
  }

  function readAll() {
    return transact("readonly", function (store) { return store.getAll(); });
  }

  function enqueue(entry) {
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(STORE, "readwrite");
      var store = tx.objectStore(STORE);
      var all = store.getAll();
      all.onsuccess = function () {
        supersedes(all.result, entry).forEach(function (old) { store.delete(old.seq); });
        store.add(entry);
      };
      tx.oncomplete = resolve;
      tx.onerror = function () { reject(tx.error); };
    });
  }

  function remove(seq) {
    return transact("readwrite", function (store) { store.delete(seq); });
  }

  // --- what the person sees ----------------------------------------------------------------

  var person = document.body ? document.body.dataset.person || "" : "";
  var status = {}; // entry key -> "sending" | "waiting" | "offline" | "error"
  var MESSAGES = {
    sending: "Saving…",
    waiting: "Waiting to sync.",
    offline: "Waiting to sync: no connection. Kept on this device.",
    error: "Not saved yet: something went wrong on our side. Kept on this device.",
  };

  function formFor(entry) {
    var forms = document.querySelectorAll("form[action]");
    for (var i = 0; i < forms.length; i++) {
      if (forms[i].getAttribute("action") === entry.url) return forms[i];
    }
    return null;
  }

  function holderOf(form) {
    return form.closest("li") || form;
  }

  // Show the change as made: the step ticked (or not), the note as written.
  function showIntent(entry, form) {
    if (entry.kind === "tick") {
      var done = field(entry, "done") === "1";
      var button = form.querySelector("button.tick");
      if (button) button.setAttribute("aria-pressed", done ? "true" : "false");
      if (form.elements.done) form.elements.done.value = done ? "0" : "1";
    } else if (entry.kind === "note" && form.dataset.shows !== String(entry.seq)) {
      form.dataset.shows = String(entry.seq);
      Array.prototype.forEach.call(form.elements, function (control) {
        if (!control.name || control.name === "csrfmiddlewaretoken") return;
        if (control.type === "checkbox") control.checked = field(entry, control.name) !== null;
        else if (control.tagName === "TEXTAREA" || control.type === "text") control.value = field(entry, control.name) || "";
      });
    }
  }

  function showStatus(entry, form, state, text) {
    var holder = holderOf(form);
    holder.dataset.syncState = state;
    var note = document.createElement("p");
    note.className = "sync-note";
    note.setAttribute("role", state === "error" ? "alert" : "status");
    var words = document.createElement("span");
    words.textContent = text || MESSAGES[state];
    if (state === "sending") words.className = "visually-hidden";
    note.appendChild(words);
    if (state === "offline" || state === "error") {
      var retry = document.createElement("button");
      retry.type = "button";
      retry.className = "link sync-retry";
      retry.textContent = state === "error" ? "Try again" : "Try now";
      retry.addEventListener("click", function () { backoff = FIRST_WAIT; flush(); });
      note.appendChild(document.createTextNode(" "));
      note.appendChild(retry);
    }
    holder.appendChild(note);
  }

  function clearMarks() {
    document.querySelectorAll("[data-sync-state]").forEach(function (holder) {
      delete holder.dataset.syncState;
    });
    document.querySelectorAll(".sync-note:not(.refused)").forEach(function (note) { note.remove(); });
  }

  function paint(entries) {
    clearMarks();
    entries.forEach(function (entry) {
      var form = formFor(entry);
      if (!form) return;
      showIntent(entry, form);
      showStatus(entry, form, status[entry.key] || "waiting");
    });
    var count = document.getElementById("offline-pending");
    if (count) {
      count.textContent = entries.length === 1 ? "1 change is waiting to sync on this device." :
        entries.length ? entries.length + " changes are waiting to sync on this device." : "";
    }
  }

  function refresh() {
    if (!db) return Promise.resolve();
    return readAll().then(function (all) {
      paint(document.body.hasAttribute("data-offline-page") ? all : plan(all, person));
    });
  }

  // A change the server refused (a day out of range, a step not in the routine then): it
  // would never be taken, so it is dropped, and the reason stays on the step.
  function showRefused(entry, text) {
    var form = formFor(entry);
    if (!form) return;
    if (entry.kind === "tick") {
      var done = field(entry, "done") === "1";
      var button = form.querySelector("button.tick");
      if (button) button.setAttribute("aria-pressed", done ? "false" : "true");
      if (form.elements.done) form.elements.done.value = done ? "1" : "0";
    }
    var note = document.createElement("p");
    note.className = "sync-note refused";
    note.setAttribute("role", "alert");
    note.textContent = "Not saved: " + text;
    holderOf(form).appendChild(note);
  }

  // The server's answer replaces the checklist (or the note) and, out of band, everything
  // on the page that depends on it, as an htmx tap would.
  function swapIn(entry, html) {
    var form = formFor(entry);
    if (!form || !window.htmx) return;
    var target = entry.kind === "tick" ? form.closest(".checklist-wrap") || form : form;
    window.htmx.swap(target, html, { swapStyle: "outerHTML" });
  }

  // --- sending -----------------------------------------------------------------------------

  var FIRST_WAIT = 5000;
  var backoff = FIRST_WAIT;
  var retryTimer = null;
  var running = null;
  var again = false;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function later() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, backoff);
    backoff = Math.min(backoff * 2, 60000);
  }

  function send(entry) {
    status[entry.key] = "sending";
    return refresh().then(function () {
      var body = new URLSearchParams();
      entry.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
      body.append("at", String(entry.at));
      return fetch(entry.url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "HX-Request": "true", "HX-Current-URL": location.href, "X-CSRFToken": csrfToken() },
      });
    }).then(function (response) {
      var redirect = response.headers.get("HX-Redirect");
      if (redirect) {
        // The session has ended: log in again, then come back here; the change waits.
        status[entry.key] = "waiting";
        location.assign(redirect);
        return "stop";
      }
      if (response.ok) {
        return response.text().then(function (html) {
          return remove(entry.seq).then(function () {
            delete status[entry.key];
            backoff = FIRST_WAIT;
            swapIn(entry, html);
            return "next";
          });
        });
      }
      if (response.status >= 500 || [403, 408, 429].indexOf(response.status) !== -1) {
        status[entry.key] = "error";
        later();
        return "stop";
      }
      return response.text().then(function (text) {
        return remove(entry.seq).then(function () {
          delete status[entry.key];
          if (entry.kind === "note" && response.status === 400) swapIn(entry, text); // its errors
          else showRefused(entry, text.slice(0, 300));
          return "next";
        });
      });
    }, function () {
      status[entry.key] = "offline";
      later();
      return "stop";
    });
  }

  function sendAll() {
    return readAll().then(function (all) {
      var entries = plan(all, person);
      if (!entries.length) return null;
      return send(entries[0]).then(function (outcome) {
        if (outcome === "next") return sendAll();
        // The rest wait behind it, in order; without a network, say so on each.
        var first = status[entries[0].key];
        entries.slice(1).forEach(function (entry) {
          if (status[entry.key] !== "error") status[entry.key] = first === "offline" ? "offline" : "waiting";
        });
        return null;
      });
    });
  }

  // One sender at a time, also across tabs (Web Locks where the browser has them).
  function flush() {
    if (!db || !person) return Promise.resolve();
    if (running) { again = true; return running; }
    clearTimeout(retryTimer);
    var work = navigator.locks ? navigator.locks.request("skintrack-outbox", sendAll) : sendAll();
    running = work.catch(function () { later(); }).then(function () {
      running = null;
      return refresh();
    }).then(function () {
      if (again) { again = false; return flush(); }
    });
    return running;
  }

  window.skintrackSync = {
    plan: plan, supersedes: supersedes, entryFromForm: entryFromForm,
    flush: flush, // resolves once everything waiting was sent, or had to wait again
  };

  // --- wiring ------------------------------------------------------------------------------

  function kindOf(form) {
    if (form.classList.contains("tick-form")) return "tick";
    if (form.id === "note-form") return "note";
    return null;
  }

  // Before htmx (capture): the change is kept first, then sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var kind = kindOf(form);
    if (!kind || !db || !person) return;
    event.preventDefault();
    event.stopPropagation();
    var entry = entryFromForm(form, kind, person, Date.now());
    showIntent(entry, form);
    if (kind === "note") form.dataset.shows = "";
    enqueue(entry).then(function () {
      status[entry.key] = "waiting";
      return flush();
    }, function () {
      form.submit(); // the device would not keep it: send the plain form
    });
  }, true);

  // Without IndexedDB htmx sends the forms: a failure is said on the step, with a retry.
  function htmxFailed(event, text) {
    var form = event.detail.elt;
    if (!form || form.tagName !== "FORM" || !kindOf(form)) return;
    var holder = holderOf(form);
    var old = holder.querySelector(".sync-note");
    if (old) old.remove();
    var note = document.createElement("p");
    note.className = "sync-note refused";
    note.setAttribute("role", "alert");
    note.textContent = text + " ";
    var retry = document.createElement("button");
    retry.type = "button";
    retry.className = "link sync-retry";
    retry.textContent = "Try again";
    retry.addEventListener("click", function () { note.remove(); window.htmx.trigger(form, "submit"); });
    note.appendChild(retry);
    holder.appendChild(note);
  }
  document.addEventListener("htmx:sendError", function (event) {
    htmxFailed(event, "Not saved: no connection.");
  });
  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.xhr.status >= 500) htmxFailed(event, "Not saved: something went wrong on our side.");
  });

  window.addEventListener("online", function () { backoff = FIRST_WAIT; flush(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") flush();
  });

  function start() {
    var offlinePage = document.body.hasAttribute("data-offline-page");
    if (offlinePage) {
      var retry = document.getElementById("offline-retry");
      if (retry) retry.addEventListener("click", function () { location.reload(); });
      // Reload once the page can really be reached: "online" can come before the network
      // does, or never (the server was down, not the phone's connection).
      var probe = function () {
        fetch(location.href, { method: "HEAD", cache: "no-store" }).then(function () {
          location.reload();
        }, function () {});
      };
      window.addEventListener("online", function () { probe(); setTimeout(probe, 1000); });
      setInterval(probe, 5000);
    } else if (navigator.serviceWorker && document.body.dataset.sw) {
      navigator.serviceWorker.register(document.body.dataset.sw).catch(function () {});
    }
    openDb().then(function (opened) {
      db = opened;
      return refresh();
    }).then(function () {
      if (!offlinePage) return flush();
    }).catch(function () { db = null; });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
