/* Tumbuh service worker, served at /sw.js (root scope) by notifications.views.service_worker.
 *
 * One file for the whole site, in separate sections:
 *   1. lifecycle            (install / activate)
 *   2. push                 (web push: show the notification)        - notifications app
 *   3. notification click   (open or focus the item's page)          - notifications app
 *   4. offline              (reserved: the offline-first PWA adds its fetch and caching handlers here)
 *
 * The pure helpers (readPayload, targetUrl) are exported under Node for unit tests.
 */
'use strict';

/* ---- 1. Lifecycle ------------------------------------------------------------------------- */

self.addEventListener('install', function () {
  self.skipWaiting();
});

self.addEventListener('activate', function (event) {
  event.waitUntil(self.clients.claim());
});

/* ---- 2. Push ------------------------------------------------------------------------------- */

var DEFAULT_TITLE = 'Tumbuh';
var INBOX = '/notifications/';

/* The JSON the server sends ({title, body, url, tag}); a push without a usable body still shows. */
function readPayload(text) {
  var data = {};
  try {
    data = JSON.parse(text || '{}') || {};
  } catch (e) {
    data = { body: String(text || '') };
  }
  return {
    title: String(data.title || DEFAULT_TITLE),
    body: String(data.body || ''),
    url: String(data.url || INBOX),
    tag: String(data.tag || 'tumbuh'),
  };
}

self.addEventListener('push', function (event) {
  var payload = readPayload(event.data ? event.data.text() : '');
  event.waitUntil(
    self.registration
      .showNotification(payload.title, {
        body: payload.body,
        tag: payload.tag,
        data: { url: payload.url },
      })
      .then(function () {
        return self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      })
      .then(function (clients) {
        clients.forEach(function (client) {
          client.postMessage({ type: 'tumbuh.push', payload: payload });
        });
      })
  );
});

/* ---- 3. Notification click ----------------------------------------------------------------- */

/* Where a click leads: the item's path on this site; anything off-site falls back to the inbox. */
function targetUrl(data, origin) {
  var fallback = origin + INBOX;
  try {
    var url = new URL((data && data.url) || INBOX, origin);
    return url.origin === origin ? url.href : fallback;
  } catch (e) {
    return fallback;
  }
}

self.addEventListener('notificationclick', function (event) {
  event.notification.close();
  var url = targetUrl(event.notification.data, self.location.origin);
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (clients) {
      for (var i = 0; i < clients.length; i++) {
        if (clients[i].url === url && 'focus' in clients[i]) {
          return clients[i].focus();
        }
      }
      return self.clients.openWindow(url);
    })
  );
});

/* ---- 4. Offline (reserved for the PWA) ------------------------------------------------------ */

if (typeof module !== 'undefined' && module.exports) {
  module.exports = { readPayload: readPayload, targetUrl: targetUrl };
}

// --- outbox: background sync ---
/* The page's outbox (static/js/outbox.js) registers the tag "tumbuh-outbox" when it keeps a
 * submission without signal. When the browser sees the connection again it wakes this worker,
 * which asks every open Tumbuh tab to send (the tabs hold the CSRF token and the person's key;
 * the server's idempotency keys make two tabs answering harmless). */
self.addEventListener('sync', function (event) {
  if (event.tag !== 'tumbuh-outbox') return;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (clients) {
      clients.forEach(function (client) {
        client.postMessage({ type: 'tumbuh.outbox.flush' });
      });
    })
  );
});
