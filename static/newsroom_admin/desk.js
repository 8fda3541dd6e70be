// The article form's safety nets, so that nothing a person types is lost:
// - autosave: while the form differs from what was loaded, its text fields go to the server every few seconds
//   and when the tab is hidden (articles/workflow/autosave.py), and to this browser's localStorage at once, so
//   a dropped connection or an ended session loses nothing; a copy the server never got is offered back;
// - leaving the page with unsaved changes asks first (saving or pressing a step does not);
// - presence: a heartbeat says who else has the article open (articles/workflow/presence.py);
// - workflow buttons ask for confirmation; publication times get their separators as digits are typed.
// No inline script: settings come from data- attributes and json_script, so a Content-Security-Policy can forbid it.
(function () {
  "use strict";

  // -- everywhere in the admin: confirmation of workflow steps, and the dd/mm/yyyy HH:MM time box --

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });

  // Enter in a step's time box means that step (with its confirmation), not the form's default button, Save.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.matches || !event.target.matches(".workflow-step input")) return;
    var button = event.target.closest(".workflow-step").querySelector("button[type=submit]");
    if (!button) return;
    event.preventDefault();
    button.click();
  });

  var SEPARATORS = { 2: "/", 4: "/", 8: " ", 10: ":" };
  function canonicalTime(digits) {
    var out = "";
    for (var i = 0; i < digits.length; i++) out += (SEPARATORS[i] || "") + digits[i];
    return out;
  }
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("input[data-publish-time]")) return;
    if (event.inputType && event.inputType.indexOf("delete") === 0) return;
    var digits = box.value.replace(/\D/g, "").slice(0, 12);
    var shaped = canonicalTime(digits);
    // Only when every separator typed so far sits where ours go: "8/9/2026 9:05" is left as typed (the server reads it).
    for (var i = 0; i < box.value.length; i++) {
      var ch = box.value[i];
      if (!/\d/.test(ch) && shaped[i] !== ch) return;
    }
    if (shaped !== box.value) box.value = shaped;
  });

  // -- the article form --

  function start() {
    // Copies this browser kept of forms that have since been saved (the server says so once, on the next page).
    var saved = document.getElementById("desk-forget");
    if (saved) {
      JSON.parse(saved.textContent).forEach(function (key) {
        try { window.localStorage.removeItem(key); } catch (error) { /* nothing to forget */ }
      });
    }
    var desk = document.getElementById("desk");
    var form = desk && document.getElementById(desk.dataset.form);
    if (!form) return;
    var text = JSON.parse(document.getElementById("desk-messages").textContent);
    var statusLine = desk.querySelector("[data-autosave-status]");
    var offerBox = desk.querySelector("[data-autosave-offer]");
    var storageKey = desk.dataset.storageKey;
    var autosaveMs = (parseFloat(desk.dataset.autosaveSeconds) || 20) * 1000;
    var presenceMs = (parseFloat(desk.dataset.presenceSeconds) || 30) * 1000;
    var submitting = false;
    // A form shown again after a refused save holds text that is not saved, though nothing was typed since.
    var unsavedOnLoad = desk.dataset.unsaved === "1";
    var lastSent = null;
    var proseEditor = null;

    document.addEventListener("prose-editor:ready", function (event) {
      if (event.detail && event.detail.textarea && event.detail.textarea.form === form) proseEditor = event.detail.editor;
    });
    function bodyEditor() {
      if (proseEditor) return proseEditor;
      var view = form.querySelector(".ProseMirror[contenteditable]");
      return (view && view.editor) || null;
    }

    // Never kept: the token, the buttons, files, the empty row templates, the formsets' bookkeeping.
    // (The same the server drops, articles/workflow/autosave.py, so that copies compare equal.)
    var SKIP = /^(csrfmiddlewaretoken|_save|_continue|_addanother|_saveasnew|_workflow_step)$|__prefix__|-(INITIAL|MIN_NUM|MAX_NUM)_FORMS$|-(article|image-clear)$/;

    function collect() {
      // The body's editor writes its HTML into the hidden textarea #id_body on every change, synchronously.
      var fields = {};
      var labels = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || SKIP.test(el.name) || el.disabled) return;
        if (el.type === "file" || el.type === "submit" || el.type === "button" || el.type === "reset") return;
        if (el.type === "checkbox") fields[el.name] = el.checked ? "on" : "";
        else if (el.type === "radio") { if (el.checked) fields[el.name] = el.value; }
        else if (el.tagName === "SELECT") {
          fields[el.name] = el.value;
          if (el.selectedOptions && el.selectedOptions[0]) labels[el.name] = el.selectedOptions[0].text;
        } else fields[el.name] = el.value;
      });
      return { fields: fields, labels: labels };
    }
    function photosChosen() {
      return Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
        return input.files && input.files.length > 0;
      });
    }
    function same(a, b) {
      // Key order aside: PostgreSQL's jsonb gives a copy's keys back in its own order.
      var keys = Object.keys(a || {});
      if (keys.length !== Object.keys(b || {}).length) return false;
      return keys.every(function (key) { return b[key] === a[key]; });
    }

    var loaded = collect().fields;
    function isDirty() {
      return unsavedOnLoad || photosChosen() || !same(collect().fields, loaded);
    }

    // -- the copy in this browser --

    function readLocal(key) {
      try {
        return JSON.parse(window.localStorage.getItem(key || storageKey) || "null");
      } catch (error) {
        return null;
      }
    }
    function writeLocal(pending) {
      var snapshot = collect();
      var entry = {
        fields: snapshot.fields,
        labels: snapshot.labels,
        typedAt: Date.now(),
        baseVersion: desk.dataset.baseVersion,
        photosPending: photosChosen(),
        pending: pending,
      };
      try {
        window.localStorage.setItem(storageKey, JSON.stringify(entry));
      } catch (error) {
        /* storage full or forbidden: the server copy is the other net */
      }
      return entry;
    }
    function forgetLocal(key) {
      try {
        window.localStorage.removeItem(key || storageKey);
      } catch (error) {
        /* nothing to forget */
      }
    }

    // -- talking to the server --

    function csrfToken() {
      // The cookie first: logging in again (in another tab) changes it, and the page's copy goes stale.
      var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
      if (match) return decodeURIComponent(match[1]);
      var input = form.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    }
    function say(kind, time) {
      var message = text[kind] || "";
      statusLine.textContent = message.replace("%(time)s", time || "");
      statusLine.dataset.state = kind;
      statusLine.hidden = !message;
      if (kind === "expired") {
        var link = document.createElement("a");
        link.href = desk.dataset.loginUrl;
        link.textContent = text.login;
        statusLine.append(" ", link);
      }
    }

    function post(url, body, options) {
      return fetch(url, Object.assign({
        method: "POST",
        body: body,
        credentials: "same-origin",
        redirect: "manual", // an ended session answers with a redirect to the login page: that is news, not data
        headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest" },
      }, options || {}));
    }

    function sendAutosave(entry, options) {
      options = options || {};
      var payload = JSON.stringify({
        fields: entry.fields,
        labels: entry.labels,
        base_version: entry.baseVersion,
        photos_pending: entry.photosPending,
        typed_at: entry.typedAt,
        offer: !!options.offer,
      });
      // A keepalive request may outlive the page but carries at most 64 KB; a longer text stays in localStorage.
      var keepalive = !!options.keepalive && payload.length < 60000;
      return post(desk.dataset.autosaveUrl, payload, { keepalive: keepalive, headers: {
        "X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest", "Content-Type": "application/json",
      } }).then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 401) { say("expired"); return null; }
        if (response.status === 403) { say("refused"); return null; }
        if (!response.ok) { say("failed"); return null; }
        return response.json().then(function (answer) {
          var stored = readLocal();
          if (stored && same(stored.fields, entry.fields)) {
            stored.pending = false; // the server has exactly this: the browser's copy is only a spare now
            try { window.localStorage.setItem(storageKey, JSON.stringify(stored)); } catch (error) { /* spare */ }
          }
          say("saved", answer.saved_at_label);
          return answer;
        });
      }).catch(function () {
        say(navigator.onLine === false ? "offline" : "failed");
        return null;
      });
    }

    function autosaveNow(options) {
      if (submitting || !isDirty()) return;
      var entry = writeLocal(true);
      var key = JSON.stringify(entry.fields) + entry.photosPending;
      if (key === lastSent && !(options && options.retry)) return;
      lastSent = key;
      sendAutosave(entry, options).then(function (answer) {
        if (!answer) lastSent = null; // not acknowledged: try again at the next tick or when back online
      });
    }

    // -- offering a kept copy back --

    function restore(fields, labels) {
      labels = labels || {};
      ["photos", "bylines"].forEach(function (prefix) {
        var total = form.elements.namedItem(prefix + "-TOTAL_FORMS");
        var wanted = parseInt(fields[prefix + "-TOTAL_FORMS"] || "0", 10);
        var add = document.querySelector("#" + prefix + "-group .add-row a");
        for (var n = total ? parseInt(total.value, 10) : wanted; total && add && n < wanted; n++) add.click();
      });
      Object.keys(fields).forEach(function (name) {
        if (/-TOTAL_FORMS$/.test(name) || name === "loaded_version" || name === "body") return;
        var field = form.elements.namedItem(name);
        if (!field) return;
        var value = fields[name];
        if (field instanceof RadioNodeList) {
          Array.prototype.forEach.call(field, function (radio) { radio.checked = radio.value === value; });
          return;
        }
        if (field.type === "checkbox") field.checked = value === "on";
        else if (field.tagName === "SELECT") {
          var known = Array.prototype.some.call(field.options, function (option) { return option.value === value; });
          if (!known && value) field.add(new Option(labels[name] || value, value, true, true));
          field.value = value;
        } else field.value = value;
        field.dispatchEvent(new Event("input", { bubbles: true }));
        field.dispatchEvent(new Event("change", { bubbles: true }));
      });
      if ("body" in fields) {
        var editor = bodyEditor();
        var textarea = form.querySelector("#id_body");
        if (editor) editor.commands.setContent(fields.body || ""); // writes #id_body back through its update
        if (textarea) textarea.value = fields.body || "";
      }
      unsavedOnLoad = true; // the form now holds text that is not saved, even if it equals what was loaded
      writeLocal(true);
    }

    function wireOffer() {
      var box = offerBox.querySelector("[data-autosave-offer-box]");
      if (!box) return;
      var fields = JSON.parse(box.querySelector("#autosave-fields").textContent);
      var labels = JSON.parse(box.querySelector("#autosave-labels").textContent);
      box.querySelector("[data-autosave-restore]").addEventListener("click", function () {
        restore(fields, labels);
        box.remove();
        say("restored");
      });
      box.querySelector("[data-autosave-discard]").addEventListener("click", function () {
        if (!window.confirm(text.discard)) return;
        var body = new FormData();
        body.append("csrfmiddlewaretoken", csrfToken());
        post(desk.dataset.discardUrl, body);
        forgetLocal();
        box.remove();
      });
    }

    function differsFromForm(fields) {
      var current = collect().fields;
      return Object.keys(fields).some(function (name) {
        if (/-TOTAL_FORMS$/.test(name) || name === "loaded_version" || /^step-/.test(name)) return false;
        return name in current ? current[name] !== fields[name] : fields[name] !== "";
      });
    }

    function offerLocalCopy() {
      // After adding an article, the add form's copy is this article: the save got it, it is not to be offered.
      var newKey = desk.dataset.newStorageKey;
      if (newKey !== storageKey) {
        var added = readLocal(newKey);
        if (added && !differsFromForm({ title: added.fields.title || "", body: added.fields.body || "" })) forgetLocal(newKey);
      }
      var local = readLocal();
      if (!local || !local.fields) return;
      if (unsavedOnLoad || !differsFromForm(local.fields)) {
        if (!unsavedOnLoad) forgetLocal(); // the form holds it already (it was saved, or shown again)
        return;
      }
      var serverCopy = offerBox.querySelector("#autosave-fields");
      if (serverCopy && same(JSON.parse(serverCopy.textContent), local.fields)) return; // already offered
      if (!local.pending) { forgetLocal(); return; } // the server had it; it was saved or discarded since
      // Typed offline or while signed out: the server never got it. Hand it over, and offer it back with a diff.
      sendAutosave(local, { offer: true }).then(function (answer) {
        statusLine.hidden = true;
        if (!answer) return; // not delivered: kept here, offered again next time
        if (!answer.offer_html) { forgetLocal(); return; } // the article already says the same, or was added
        offerBox.innerHTML = answer.offer_html;
        wireOffer();
        var offered = offerBox.querySelector("#autosave-fields");
        // The server kept a copy typed later (another tab or device): that one is offered, this one has had its day.
        if (offered && !same(JSON.parse(offered.textContent), local.fields)) forgetLocal();
      });
    }

    wireOffer();
    offerLocalCopy();

    // -- when to keep a copy --

    function typed(event) {
      var target = event.target;
      if (!target || target.form !== form) return;
      // At once, not after a pause: a tab closed mid-sentence sends nothing more (a few ms for a long article).
      if (isDirty()) writeLocal(true);
    }
    document.addEventListener("input", typed, true);
    document.addEventListener("change", typed, true);
    window.setInterval(autosaveNow, autosaveMs);
    window.addEventListener("online", function () { autosaveNow({ retry: true }); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") autosaveNow({ keepalive: true });
    });
    window.addEventListener("pagehide", function () {
      if (!submitting && isDirty()) autosaveNow({ keepalive: true });
    });

    form.addEventListener("submit", function () {
      submitting = true;
      if (isDirty()) writeLocal(true); // until the next page shows it saved, this browser keeps it
      var token = form.querySelector("input[name=csrfmiddlewaretoken]");
      var fresh = csrfToken();
      if (token && fresh) token.value = fresh;
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) submitting = false; // back from the browser's cache: the form is live again
    });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || !isDirty()) return;
      event.preventDefault();
      event.returnValue = ""; // the browser shows its own question; the text is kept in this browser anyway
    });

    // -- presence --

    var presenceUrl = desk.dataset.presenceUrl;
    var presenceLine = desk.querySelector("[data-presence]");
    if (presenceUrl) {
      var beat = function () {
        var body = new FormData();
        body.append("csrfmiddlewaretoken", csrfToken());
        post(presenceUrl, body).then(function (response) {
          return response.ok ? response.json() : null;
        }).then(function (answer) {
          if (!answer) return;
          presenceLine.textContent = answer.label;
          presenceLine.hidden = !answer.label;
        }).catch(function () { /* the next beat will tell */ });
      };
      window.setInterval(beat, presenceMs);
      // The page's own load was a beat, but the previous page's goodbye (a reload, a save) may land after it.
      window.setTimeout(beat, 1500);
      window.addEventListener("pageshow", function (event) { if (event.persisted) beat(); });
      window.addEventListener("pagehide", function () {
        var body = new FormData();
        body.append("csrfmiddlewaretoken", csrfToken());
        body.append("leave", "1");
        if (navigator.sendBeacon) navigator.sendBeacon(presenceUrl, body);
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
