/* The offline outbox: submissions kept in IndexedDB without signal and sent exactly once later (docs/offline-outbox.md). */
(function () {
  "use strict";
  var user = document.body.dataset.offlineKey;
  if (!user || !window.indexedDB) return;
  var badge = document.querySelector("[data-outbox-badge]");
  var STORE = "items", HEADER = "X-Tumbuh-Outbox", STALE_MS = 60000;
  var dbPromise;

  function db() {
    dbPromise = dbPromise || new Promise(function (resolve, reject) {
      var req = indexedDB.open("tumbuh-outbox", 1);
      req.onupgradeneeded = function () { req.result.createObjectStore(STORE, { keyPath: "id" }); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
    return dbPromise;
  }
  function tx(mode, work) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var t = d.transaction(STORE, mode), store = t.objectStore(STORE), out = work(store);
        t.oncomplete = function () { resolve(out && "result" in out ? out.result : out); };
        t.onerror = t.onabort = function () { reject(t.error); };
      });
    });
  }
  function mine() {
    return tx("readonly", function (s) { return s.getAll(); }).then(function (items) {
      return items.filter(function (i) { return i.user === user; }).sort(function (a, b) { return a.created - b.created; });
    });
  }
  function put(item) { return tx("readwrite", function (s) { s.put(item); }).then(changed); }
  function drop(id) { return tx("readwrite", function (s) { s.delete(id); }).then(changed); }
  function get(id) {
    return tx("readonly", function (s) { return s.get(id); }).then(function (i) { return i && i.user === user ? i : null; });
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return m ? decodeURIComponent(m[1]) : field ? field.value : "";
  }

  /* The same resize as the chat's photos: at most 1600 px, JPEG, through a canvas (drops EXIF/GPS). */
  function resize(file) {
    return new Promise(function (resolve) {
      var img = new Image(), url = URL.createObjectURL(file);
      img.onload = function () {
        var scale = Math.min(1, 1600 / Math.max(img.naturalWidth, img.naturalHeight));
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(img.naturalWidth * scale);
        canvas.height = Math.round(img.naturalHeight * scale);
        canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        canvas.toBlob(function (blob) { resolve(blob || file); }, "image/jpeg", 0.85);
      };
      img.onerror = function () { URL.revokeObjectURL(url); resolve(file); };  // the server says what is wrong
      img.src = url;
    });
  }

  function keyInput(form) { return form.querySelector("[data-form-key]"); }

  /* The whole submission: [{n: name, v: text}] and [{n, b: Blob, f: file name}] for files. */
  function capture(form, submitter) {
    var key = keyInput(form), id = form.dataset.outboxEditing || (key && key.value) || uuid();
    var fields = [], waits = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken") return;
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) return;
      if (el.type === "file") {
        Array.prototype.forEach.call(el.files, function (file, n) {
          var slot = { n: el.name, f: file.name };
          fields.push(slot);
          waits.push((/^image\//.test(file.type) ? resize(file) : Promise.resolve(file)).then(function (blob) {
            slot.b = blob;
            if (blob !== file) slot.f = "photo-" + (n + 1) + ".jpg";
          }));
        });
      } else if (el.type === "select-multiple") {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { fields.push({ n: el.name, v: o.value }); });
      } else if (el.type !== "submit" && el.type !== "button") {
        fields.push({ n: el.name, v: el === key ? id : el.value });
      }
    });
    if (!key) fields.push({ n: "form_key", v: id });
    if (submitter && submitter.name) fields.push({ n: submitter.name, v: submitter.value });
    return Promise.all(waits).then(function () {
      return {
        id: id, user: user, kind: form.dataset.offlineOutbox, title: form.dataset.outboxTitle || document.title,
        url: form.action, page: location.pathname + location.search, fields: fields,
        state: "waiting", message: "", created: Date.now(),
      };
    });
  }

  /* One replay. Resolves to {ok, url} | {refused, message} | {network} | {other}; never rejects. */
  function send(item) {
    var body = new FormData();
    item.fields.forEach(function (f) { if (f.b) body.append(f.n, f.b, f.f); else body.append(f.n, f.v); });
    var headers = { "X-CSRFToken": csrf() };
    headers[HEADER] = "1";
    return fetch(item.url, { method: "POST", body: body, headers: headers, credentials: "same-origin", redirect: "manual" })
      .then(function (r) {
        if ((r.headers.get("Content-Type") || "").indexOf("application/json") !== 0) return { other: true };
        return r.json().then(function (j) { return j.ok ? { ok: true, url: j.url } : { refused: true, message: String(j.message || "") }; });
      }, function () { return { network: true }; })
      .catch(function () { return { other: true }; });
  }

  /* One tab sends at a time (Web Locks); an item being sent is marked in IndexedDB for browsers without locks. */
  var flushing = null;
  function flush() {
    if (navigator.onLine === false) return Promise.resolve();
    if (flushing) return flushing;
    // Holding the lock, no other tab is sending: a "sending" mark left by a page closed mid-send is stale.
    var run = function (locked) {
      return mine().then(function (items) {
        return items.reduce(function (chain, item) {
          return chain.then(function () { return sendQueued(item.id, false, locked === true); });
        }, Promise.resolve());
      }).then(refresh);
    };
    flushing = (navigator.locks ? navigator.locks.request("tumbuh-outbox-" + user, function () { return run(true); }) : run())
      .catch(function () {}).then(function () { flushing = null; });
    return flushing;
  }
  /* Check and mark in one readwrite transaction: IndexedDB runs those one at a time, so of two
   * tabs only one finds the item still waiting. */
  function claim(id, force, locked) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var t = d.transaction(STORE, "readwrite"), s = t.objectStore(STORE), req = s.get(id), got = null;
        req.onsuccess = function () {
          var item = req.result, busy = item && item.state === "sending" && !locked && Date.now() - item.since < STALE_MS;
          if (!item || item.user !== user || busy || (item.state === "refused" && !force)) return;
          item.state = "sending"; item.since = Date.now(); item.message = "";
          s.put(item);
          got = item;
        };
        t.oncomplete = function () { resolve(got); };
        t.onerror = t.onabort = function () { reject(t.error); };
      });
    });
  }
  function sendQueued(id, force, locked) {
    return claim(id, force, locked).then(function (item) {
      if (!item) return;
      return changed().then(function () { return send(item); }).then(function (res) {
        if (res.ok) return drop(item.id);
        item.state = res.refused ? "refused" : "waiting";
        item.message = res.refused ? res.message : "";
        return put(item);
      });
    });
  }

  function askForSync() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.getRegistration().then(function (reg) {
      if (reg && reg.sync) reg.sync.register("tumbuh-outbox").catch(function () {});
    }).catch(function () {});
  }

  /* Every open tab's badge follows what any tab keeps, sends or discards. */
  var channel = window.BroadcastChannel ? new BroadcastChannel("tumbuh-outbox-" + user) : null;
  if (channel) channel.onmessage = function () { refresh(); };
  function changed() {
    if (channel) channel.postMessage("changed");
    return refresh();
  }
  function refresh() {
    return mine().then(function (items) {
      if (badge) {
        badge.hidden = !items.length;
        badge.querySelector("[data-outbox-count]").textContent = badge.dataset.label.replace("{n}", items.length);
        badge.classList.toggle("warn", items.some(function (i) { return i.state === "refused"; }));
      }
      document.dispatchEvent(new CustomEvent("tumbuh:outbox", { detail: items }));
      return items;
    });
  }

  /* ---- forms ---- */

  function notice(form, text, isError) {
    var box = form.querySelector("[data-outbox-notice]");
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("data-outbox-notice", "");
      form.insertBefore(box, form.firstChild);
    }
    box.className = isError ? "errorlist" : "message success";
    box.setAttribute("role", isError ? "alert" : "status");
    box.textContent = text;
    box.scrollIntoView({ block: "nearest" });
  }
  function go(url) {
    var target = new URL(url, location.href);
    var same = target.pathname + target.search === location.pathname + location.search;
    if (same && target.hash) {  // a change of hash alone would not load the page again
      history.replaceState(null, "", target.href);
      location.reload();
    } else {
      location.assign(target.href);
    }
  }
  function queue(item, form) {
    return put(item).then(function () {
      askForSync();
      form.reset();
      delete form.dataset.outboxEditing;
      var key = keyInput(form);
      if (key) key.value = uuid();
      if (badge) notice(form, badge.dataset.queued, false);
    });
  }

  function wire(form) {
    var key = keyInput(form);
    if (key) key.value = uuid();  // a page opened from the offline cache gets a key of its own
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (form.dataset.outboxBusy) return;  // a double tap while the first is on its way
      form.dataset.outboxBusy = "1";
      var buttons = form.querySelectorAll("button[type=submit], button:not([type])");
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
      capture(form, e.submitter).then(function (item) {
        if (navigator.onLine === false) return queue(item, form);
        return send(item).then(function (res) {
          if (res.network) return queue(item, form);
          if (res.ok) return drop(item.id).then(function () { go(res.url); });
          if (res.refused) return notice(form, res.message, true);
          HTMLFormElement.prototype.submit.call(form);  // signed out, or an error page: let the server answer
        });
      }).catch(function () { HTMLFormElement.prototype.submit.call(form); })
        .then(function () {
          delete form.dataset.outboxBusy;
          Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
        });
    });
  }

  /* Re-open a refused item in its form: the person's text, choices and photos, its key. */
  function edit(form, item) {
    var files = {};
    item.fields.forEach(function (f) {
      if (f.b) { (files[f.n] = files[f.n] || []).push(new File([f.b], f.f, { type: f.b.type })); return; }
      Array.prototype.forEach.call(form.querySelectorAll("[name='" + f.n + "']"), function (el) {
        if (el.type === "hidden" || el.type === "file") return;  // the page's own versions stay
        if (el.type === "checkbox" || el.type === "radio") el.checked = el.value === f.v || el.checked;
        else el.value = f.v;
      });
    });
    Object.keys(files).forEach(function (name) {
      var input = form.querySelector("input[type=file][name='" + name + "']");
      if (!input || !window.DataTransfer) return;
      var dt = new DataTransfer();
      files[name].forEach(function (file) { dt.items.add(file); });
      input.files = dt.files;
    });
    form.dataset.outboxEditing = item.id;
    var key = keyInput(form);
    if (key) key.value = item.id;
    if (item.message) notice(form, item.message, true);
  }

  /* ---- the outbox page ---- */

  function renderList(list, items) {
    var d = list.dataset;
    list.textContent = "";
    var empty = document.querySelector("[data-outbox-empty]");
    if (empty) empty.hidden = items.length > 0;
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "card stack outbox-item " + item.state;
      li.dataset.outboxItem = item.id;
      var h = document.createElement("h2");
      h.textContent = item.title;
      var state = document.createElement("p");
      state.className = item.state === "refused" ? "pill warn" : "pill";
      state.textContent = { waiting: d.waiting, sending: d.sending, refused: d.refused }[item.state] || d.waiting;
      var when = document.createElement("p");
      when.className = "muted";
      when.textContent = d.saved.replace("{when}", new Date(item.created).toLocaleString(document.documentElement.lang || undefined));
      li.append(h, state, when);
      if (item.message) {
        var msg = document.createElement("p");
        msg.className = "errorlist";
        msg.textContent = item.message;
        li.append(msg);
      }
      var actions = document.createElement("div");
      actions.className = "actions";
      if (item.state === "refused") {
        var a = document.createElement("a");
        a.className = "button";
        a.href = item.page + "#outbox-edit=" + item.id;
        a.textContent = d.edit;
        actions.append(a);
      }
      actions.append(button(d.resend, "resend", item.id), button(d.discard, "discard", item.id));
      li.append(actions);
      list.append(li);
    });
  }
  function button(text, action, id) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = action === "discard" ? "link danger" : "secondary";
    b.textContent = text;
    b.dataset.outboxAction = action;
    b.dataset.id = id;
    return b;
  }
  function wireList(list) {
    document.addEventListener("tumbuh:outbox", function (e) { renderList(list, e.detail); });
    list.addEventListener("click", function (e) {
      var b = e.target.closest("[data-outbox-action]");
      if (!b) return;
      if (b.dataset.outboxAction === "discard") {
        if (window.confirm(list.dataset.confirmDiscard)) drop(b.dataset.id);
      } else {
        sendQueued(b.dataset.id, true);
      }
    });
  }

  window.TumbuhOutbox = {
    count: function () { return mine().then(function (items) { return items.length; }); },
    clear: function () {
      return mine().then(function (items) {
        return tx("readwrite", function (s) { items.forEach(function (i) { s.delete(i.id); }); });
      }).then(changed).then(function () {});
    },
    flush: flush,
  };

  Array.prototype.forEach.call(document.querySelectorAll("form[data-offline-outbox]"), wire);
  var list = document.querySelector("[data-outbox-list]");
  if (list) wireList(list);
  var editing = /^#outbox-edit=([0-9a-f-]{36})$/.exec(location.hash);
  if (editing) {
    get(editing[1]).then(function (item) {
      var form = item && document.querySelector("form[data-offline-outbox='" + item.kind + "']");
      if (form) edit(form, item);
    });
  }
  window.addEventListener("online", flush);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (e) {
      if (e.data && e.data.type === "tumbuh.outbox.flush") flush();
    });
  }
  refresh().then(flush);
})();
