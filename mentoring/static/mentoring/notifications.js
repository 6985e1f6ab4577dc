/* Live badges: the /ws/notifications/ stream (docs/chat-protocol.md). Loaded on every page of a
 * signed-in person. Updates [data-unread-badge], reveals [data-unread-link], and tells other
 * scripts through a "tumbuh:notification" event on document. Reconnects with jittered backoff. */
(function () {
  "use strict";
  if (!("WebSocket" in window)) return;
  var attempt = 0, stopped = false;

  function showUnread(total) {
    var n = Number(total) || 0;
    document.querySelectorAll("[data-unread-badge]").forEach(function (badge) {
      badge.textContent = n > 99 ? "99+" : String(n);
      badge.hidden = n === 0;
    });
    document.querySelectorAll("[data-unread-link]").forEach(function (link) { link.hidden = false; });
  }

  function connect() {
    if (stopped) return;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/ws/notifications/");
    socket.onopen = function () { attempt = 0; };
    socket.onmessage = function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (typeof data.unread_total === "number") showUnread(data.unread_total);
      document.dispatchEvent(new CustomEvent("tumbuh:notification", { detail: data }));
    };
    socket.onclose = function (event) {
      if (event.code === 4401) { stopped = true; return; }  // signed out: nothing more to hear
      var delay = Math.min(60000, 1000 * Math.pow(2, attempt++));
      setTimeout(connect, delay / 2 + Math.random() * delay / 2);
    };
  }
  window.addEventListener("online", function () { attempt = 0; });
  connect();
})();
