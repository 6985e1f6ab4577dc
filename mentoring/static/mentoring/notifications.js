/* Live badges: the inbox bell and chat counts, updated over /ws/notifications/ (docs/notifications.md). */
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

  // The inbox bell: the server stores an item for most events; ask for the count (one cheap
  // request, coalesced when events arrive together) instead of guessing from the event.
  var inboxTimer = null;
  function showInbox(total) {
    var n = Number(total) || 0;
    document.querySelectorAll("[data-inbox-badge]").forEach(function (badge) {
      badge.textContent = n > 99 ? "99+" : String(n);
      badge.hidden = n === 0;
    });
  }
  function refreshInbox() {
    var link = document.querySelector("[data-inbox-count-url]");
    if (!link || !window.fetch) return;
    clearTimeout(inboxTimer);
    inboxTimer = setTimeout(function () {
      fetch(link.getAttribute("data-inbox-count-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && typeof data.unread === "number") showInbox(data.unread); })
        .catch(function () {});
    }, 300);
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
      if (data.type !== "typing") refreshInbox();
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
