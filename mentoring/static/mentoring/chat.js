/* Tumbuh chat client (docs/chat-protocol.md). */
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root) return;
  var T = JSON.parse(document.getElementById("chat-i18n").textContent);
  var log = root.querySelector("[data-log]");
  var tpl = document.getElementById("chat-msg-template");
  var statusEl = root.querySelector("[data-connection]");
  var typingEl = root.querySelector("[data-typing]");
  var form = root.querySelector("[data-form]");
  var me = Number(root.dataset.me);
  var meName = root.dataset.meName;
  var lang = document.documentElement.lang || "id";
  // Keyed by person too: on a shared phone nobody else's unsent messages are shown or sent as theirs
  // (signout.js also clears every tumbuh.* key when someone signs out).
  var outboxKey = "tumbuh.outbox." + me + "." + root.dataset.conversation;
  var otherRead = Number(root.dataset.otherRead || 0);
  var ws = null, attempt = 0, retryTimer = null, typingHide = null, lastTypingSent = 0, readSent = 0;
  var stopped = false;
  var IDLE_SYNC_MS = 60000;
  var syncing = false, flushAfterSync = false, lastFrameAt = Date.now();

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function loadOutbox() {
    try { return JSON.parse(localStorage.getItem(outboxKey)) || []; } catch (e) { return []; }
  }
  function saveOutbox(items) {
    try { localStorage.setItem(outboxKey, JSON.stringify(items)); } catch (e) { /* private mode: memory only */ }
  }
  var outbox = loadOutbox();
  function dropFromOutbox(clientId) {
    outbox = outbox.filter(function (i) { return i.client_id !== clientId; });
    saveOutbox(outbox);
  }

  function lastId() {
    var ids = log.querySelectorAll("[data-id]"), max = 0;
    for (var i = 0; i < ids.length; i++) max = Math.max(max, Number(ids[i].dataset.id));
    return max;
  }
  function firstId() {
    var first = log.querySelector("[data-id]");
    return first ? Number(first.dataset.id) : 0;
  }
  function byClientId(cid) {
    var items = log.querySelectorAll("[data-client-id]");
    for (var i = 0; i < items.length; i++) if (items[i].dataset.clientId === cid) return items[i];
    return null;
  }
  /* The contiguous head of what the page holds: the highest data-seq rendered by the server. */
  var seqs = (function () {
    var items = log.querySelectorAll("[data-seq]"), seq = 0, id = 0;
    for (var i = 0; i < items.length; i++) {
      var s = Number(items[i].dataset.seq);
      if (s > seq) { seq = s; id = Number(items[i].dataset.id); }
    }
    return window.TumbuhChatSeq.create(seq, id);
  })();
  function syncFrom() { return window.TumbuhChatSeq.syncAfter(seqs, lastId()); }
  function nearBottom() { return window.innerHeight + window.scrollY >= document.body.scrollHeight - 120; }
  function scrollDown() { window.scrollTo(0, document.body.scrollHeight); }

  function setState(li, state) {
    li.dataset.stateName = state;
    li.classList.toggle("failed", state === "failed");
    li.classList.toggle("pending", state === "pending");
    var el = li.querySelector("[data-state]");
    if (el) el.textContent = state ? T[state] || "" : "";
  }
  function fill(li, msg) {
    li.querySelector(".chat-sender").textContent = msg.sender.name;
    var time = li.querySelector("time");
    var when = new Date(msg.created_at);
    time.dateTime = msg.created_at;
    time.textContent = window.tumbuhWhen ? window.tumbuhWhen(msg.created_at) : when.toLocaleString(lang);
    var body = li.querySelector(".chat-body");
    body.textContent = msg.body;
    body.hidden = !msg.body;
    if (msg.attachment && !li.querySelector(".chat-photo")) {
      var a = document.createElement("a"), img = document.createElement("img");
      a.className = "chat-photo"; a.href = msg.attachment.url;
      img.src = msg.attachment.thumbnail_url; img.alt = T.photo; img.loading = "lazy";
      a.appendChild(img);
      li.insertBefore(a, body);
    }
  }
  function place(li, id) {
    if (!id) { log.appendChild(li); return; }
    var items = log.children;
    for (var i = 0; i < items.length; i++) {
      var other = items[i];
      if (!other.dataset.id || Number(other.dataset.id) > id) { log.insertBefore(li, other); return; }
    }
    log.appendChild(li);
  }
  /* "Report this message" on a received message (complaints/_report_message.html gives the link). */
  var reportTpl = document.getElementById("chat-report-template");
  function addReportLink(li, id) {
    if (!reportTpl || li.querySelector("[data-report]")) return;
    var a = reportTpl.content.firstElementChild.cloneNode(true);
    a.href = a.getAttribute("href").replace(/\/0\/$/, "/" + id + "/");
    var meta = li.querySelector(".chat-meta");
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(a);
  }
  /* Insert or update one message; never twice (matched by id, then by client_id). */
  function render(msg, state) {
    var empty = log.querySelector("[data-empty]");
    if (empty) empty.remove();
    var li = (msg.id && document.getElementById("m" + msg.id)) || byClientId(msg.client_id);
    var fresh = !li;
    if (fresh) {
      li = tpl.content.firstElementChild.cloneNode(true);
      li.dataset.clientId = msg.client_id;
    }
    var mine = msg.sender.id === me;
    li.classList.add(mine ? "mine" : "theirs");
    fill(li, msg);
    if (msg.id && li.dataset.id !== String(msg.id)) {
      li.id = "m" + msg.id; li.dataset.id = msg.id;
      if (msg.seq) li.dataset.seq = msg.seq;
      li.remove(); place(li, msg.id);
    } else if (fresh) { place(li, msg.id); }
    setState(li, mine ? state || (msg.id && msg.id <= otherRead ? "read" : "sent") : "");
    if (!mine && msg.id) addReportLink(li, msg.id);
    return li;
  }

  function received(msg) {
    var follow = nearBottom();
    render(msg);
    var missedAfter = window.TumbuhChatSeq.receive(seqs, msg);
    if (missedAfter !== null) requestSync(missedAfter);
    if (msg.sender.id === me) dropFromOutbox(msg.client_id);
    else markRead();
    if (follow) scrollDown();
  }

  function status(text) { if (statusEl) statusEl.textContent = text || ""; }
  function isOpen() { return ws && ws.readyState === WebSocket.OPEN; }
  function send(frame) { if (isOpen()) ws.send(JSON.stringify(frame)); }
  function flush() { outbox.forEach(function (item) { send({ type: "send", client_id: item.client_id, body: item.body }); }); }
  /* One sync at a time; its answer pages on from its own last message (has_more). */
  function requestSync(after) {
    if (syncing || !isOpen()) return;
    syncing = true;
    send({ type: "sync", after: after });
  }
  function markRead() {
    var upTo = lastId();
    if (document.visibilityState === "visible" && upTo > readSent && isOpen()) {
      readSent = upTo;
      send({ type: "read", up_to: upTo });
    }
  }

  function onFrame(frame) {
    switch (frame.type) {
      case "ack": received(frame.message); break;
      case "message":
        // C9: the other person's message has arrived, so they are no longer typing it.
        if (frame.message.sender.id !== me) { clearTimeout(typingHide); typingEl.hidden = true; }
        received(frame.message);
        break;
      case "messages":
        frame.messages.forEach(received);
        if (frame.has_more && frame.messages.length) {
          send({ type: "sync", after: frame.messages[frame.messages.length - 1].id });
          break;
        }
        syncing = false;
        window.TumbuhChatSeq.settle(seqs);
        if (flushAfterSync) { flushAfterSync = false; flush(); }
        break;
      case "typing":
        typingEl.hidden = false;
        clearTimeout(typingHide);
        typingHide = setTimeout(function () { typingEl.hidden = true; }, 4000);
        break;
      case "read":
        otherRead = Math.max(otherRead, frame.up_to);
        log.querySelectorAll(".mine[data-id]").forEach(function (li) {
          if (Number(li.dataset.id) <= otherRead && li.dataset.stateName === "sent") setState(li, "read");
        });
        break;
      case "error":
        if (!frame.client_id) { syncing = false; break; } // e.g. a refused sync: allow the next one
        var li = byClientId(frame.client_id);
        if (frame.code === "rate_limited" || frame.code === "unavailable") { setTimeout(flush, 5000); break; }
        dropFromOutbox(frame.client_id);
        if (li) { setState(li, "failed"); li.title = frame.message; }
        break;
    }
  }

  function connect() {
    if (stopped || !root.hasAttribute("data-live")) return;
    clearTimeout(retryTimer);
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + root.dataset.ws);
    ws = socket;
    socket.onopen = function () {
      attempt = 0;
      status(T.online);
      syncing = false;
      flushAfterSync = true;
      lastFrameAt = Date.now();
      requestSync(syncFrom());
      markRead();
    };
    socket.onmessage = function (event) {
      lastFrameAt = Date.now();
      try { onFrame(JSON.parse(event.data)); } catch (e) { /* a frame we do not understand */ }
    };
    socket.onclose = function (event) {
      if (ws !== socket) return;
      ws = null;
      if (event.code === 4401) { stopped = true; status(T.signedOut); return; }
      if (event.code === 4403 || event.code === 4404) { stopped = true; status(T.closed); return; }
      status(T.offline);
      // Jittered exponential backoff: 1 s, 2 s, 4 s … up to 30 s, each between half and all of it.
      var delay = Math.min(30000, 1000 * Math.pow(2, attempt++));
      retryTimer = setTimeout(connect, delay / 2 + Math.random() * delay / 2);
    };
  }

  function queue(body) {
    var item = { client_id: uuid(), body: body };
    outbox.push(item);
    saveOutbox(outbox);
    render({ id: null, client_id: item.client_id, sender: { id: me, name: meName }, body: body, attachment: null,
      created_at: new Date().toISOString() }, "pending");
    scrollDown();
    send({ type: "send", client_id: item.client_id, body: body });
  }

  /* Photos go over HTTP (same send_message service), resized in the browser first. */
  function resize(file) {
    return new Promise(function (resolve, reject) {
      var img = new Image(), url = URL.createObjectURL(file);
      img.onload = function () {
        var scale = Math.min(1, 1600 / Math.max(img.naturalWidth, img.naturalHeight));
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(img.naturalWidth * scale);
        canvas.height = Math.round(img.naturalHeight * scale);
        canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        canvas.toBlob(function (blob) { blob ? resolve(blob) : reject(); }, "image/jpeg", 0.85);
      };
      img.onerror = function () { URL.revokeObjectURL(url); reject(); };
      img.src = url;
    });
  }
  function uploadPhoto(file, body, clientId) {
    var li = render({ id: null, client_id: clientId, sender: { id: me, name: meName }, body: body, attachment: null,
      created_at: new Date().toISOString() }, "pending");
    scrollDown();
    li.onclick = null;
    resize(file).then(function (blob) {
      var data = new FormData(form);
      data.set("client_id", clientId);
      data.set("body", body);
      data.set("image", blob, "photo.jpg");
      return fetch(root.dataset.sendUrl, { method: "POST", body: data, credentials: "same-origin",
        headers: { Accept: "application/json" } });
    }).then(function (response) { return response.json(); }).then(function (frame) {
      if (frame.type === "ack") received(frame.message); else throw new Error(frame.message);
    }).catch(function (err) {
      setState(li, "failed");
      li.title = (err && err.message) || T.photoFailed;
      li.onclick = function () { if (li.dataset.stateName === "failed") uploadPhoto(file, body, clientId); };
    });
  }

  if (form) {
    var bodyEl = form.querySelector("[data-body]"), imageEl = form.querySelector("[data-image]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = bodyEl.value, file = imageEl.files && imageEl.files[0];
      if (file) uploadPhoto(file, body, uuid());
      else if (body.trim()) queue(body);
      else return;
      bodyEl.value = ""; imageEl.value = "";
      imageEl.dispatchEvent(new Event("change")); // clears the photo preview
      bodyEl.focus();
    });
    bodyEl.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); form.requestSubmit(); }
    });
    bodyEl.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastTypingSent > 2500) { lastTypingSent = now; send({ type: "typing" }); }
    });
  }
  // A failed text message: tap to try again with the same client_id.
  log.addEventListener("click", function (event) {
    var li = event.target.closest(".chat-msg.failed");
    if (!li || li.onclick) return;
    var body = li.querySelector(".chat-body").textContent;
    outbox.push({ client_id: li.dataset.clientId, body: body });
    saveOutbox(outbox);
    setState(li, "pending");
    send({ type: "send", client_id: li.dataset.clientId, body: body });
  });

  var older = root.querySelector("[data-older]");
  if (older) {
    older.addEventListener("click", function (event) {
      event.preventDefault();
      fetch(root.dataset.messagesUrl + "?before=" + firstId(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (page) {
          page.messages.forEach(function (msg) { render(msg); });
          if (!page.has_more) older.parentNode.hidden = true;
        });
    });
  }

  outbox.forEach(function (item) {
    render({ id: null, client_id: item.client_id, sender: { id: me, name: meName }, body: item.body,
      attachment: null, created_at: new Date().toISOString() }, "pending");
  });
  document.addEventListener("visibilitychange", markRead);
  // Safety net for a dropped broadcast that no later message reveals: an idle socket syncs.
  setInterval(function () {
    if (isOpen() && Date.now() - lastFrameAt >= IDLE_SYNC_MS) {
      lastFrameAt = Date.now();
      requestSync(syncFrom());
    }
  }, 5000);
  window.addEventListener("online", function () { if (!ws && !stopped) { attempt = 0; connect(); } });
  scrollDown();
  if (!root.hasAttribute("data-live")) status("");
  connect();
})();
