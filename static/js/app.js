// skintrack's only script of its own. Loaded with the CSP nonce; no inline handlers.
(function () {
  "use strict";
  // The time-zone picker: a select with the common zones (server-rendered), completed here
  // with every canonical zone, grouped by region, from a cached static file; the browser's
  // own zone comes first. On sign-up the browser's zone is preselected.
  var zoneData = null;
  function loadZones(url) {
    if (!zoneData) {
      zoneData = fetch(url).then(function (r) {
        if (!r.ok) throw new Error("time zones: " + r.status);
        return r.json();
      });
    }
    return zoneData;
  }
  function browserZone(aliases) {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* old browser */ }
    return (aliases && aliases[zone]) || zone;
  }
  function zoneLabel(name) {
    var place = name.indexOf("/") === -1 ? name : name.slice(name.indexOf("/") + 1);
    return place.replace(/_/g, " ").replace(/\//g, " / ");
  }
  function zoneGroup(label, names, selected) {
    var group = document.createElement("optgroup");
    group.label = label;
    names.forEach(function (name) {
      var option = new Option(zoneLabel(name), name, false, name === selected);
      group.appendChild(option);
    });
    return group;
  }
  function fillZones(select, data, preselect) {
    var device = browserZone(data.aliases);
    var selected = preselect && device ? device : select.value;
    var fragment = document.createDocumentFragment();
    var known = {};
    data.groups.forEach(function (g) { g[1].forEach(function (n) { known[n] = true; }); });
    if (device && known[device]) fragment.appendChild(zoneGroup("This device", [device], selected));
    if (!known[select.value] && select.value) fragment.appendChild(zoneGroup("Current", [select.value], selected));
    data.groups.forEach(function (g) {
      fragment.appendChild(zoneGroup(g[0], g[1].filter(function (n) { return n !== device; }), selected));
    });
    select.replaceChildren(fragment);
    select.value = selected;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.querySelector("select[data-zones-url]");
    if (!select || !window.fetch) return;
    var form = select.form;
    var preselect = select.hasAttribute("data-preselect-browser") && select.value === "UTC" &&
      !(form && form.querySelector(".form-errors"));
    if (preselect) {
      var device = browserZone(null);
      if (device && device !== "UTC") {
        select.prepend(zoneGroup("This device", [device], device));
        select.value = device;  // checked against the known zones (aliases mapped) on save
      }
    }
    loadZones(select.dataset.zonesUrl).then(function (data) {
      fillZones(select, data, preselect);
    }).catch(function () { zoneData = null; });  // the common zones stay
  });
  // Today page: when the profile's zone is not this device's, say so and offer to switch.
  document.addEventListener("DOMContentLoaded", function () {
    var prompt = document.getElementById("zone-prompt");
    if (!prompt) return;
    var device = browserZone(null);
    var profile = prompt.dataset.profileZones.split(" ");
    if (!device || profile.indexOf(device) !== -1) return;
    var kept = "skintrack.zone-kept";
    var pair = profile[0] + "|" + device;
    try { if (window.localStorage.getItem(kept) === pair) return; } catch (e) { /* private mode */ }
    prompt.querySelectorAll("[data-device-zone]").forEach(function (el) {
      el.textContent = zoneLabel(device);
    });
    prompt.querySelector("input[name=time_zone]").value = device;  // aliases mapped on save
    // Say so when the date differs too: in Tokyo it may already be tomorrow.
    var parts = {};
    new Intl.DateTimeFormat("en-CA", { timeZone: device, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    if (parts.year + "-" + parts.month + "-" + parts.day !== prompt.dataset.profileDate) {
      prompt.querySelector("[data-device-date]").textContent = ", where it is " +
        new Intl.DateTimeFormat("en-GB", { timeZone: device, weekday: "long", day: "numeric", month: "long" }).format(new Date());
    }
    prompt.hidden = false;
    prompt.querySelector("[data-keep-zone]").addEventListener("click", function () {
      try { window.localStorage.setItem(kept, pair); } catch (e) { /* private mode */ }
      prompt.hidden = true;
    });
  });
  // Show or hide fields that only matter for some choices: data-show-when="field=value1,value2".
  function syncConditional(root) {
    (root || document).querySelectorAll("[data-show-when]").forEach(function (el) {
      var parts = el.dataset.showWhen.split("=");
      var form = el.closest("form");
      if (!form) return;
      var control = form.elements[parts[0]];
      if (!control) return;
      var value = control.value;
      if (control instanceof RadioNodeList) value = control.value;
      el.hidden = parts[1].split(",").indexOf(value) === -1;
    });
  }
  document.addEventListener("DOMContentLoaded", function () { syncConditional(); });
  document.addEventListener("change", function () { syncConditional(); });
  document.addEventListener("htmx:afterSwap", function (e) { syncConditional(e.target); });
})();
