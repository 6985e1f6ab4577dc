/* Tumbuh service worker at /sw.js: lifecycle, push, notification click, offline, outbox sync (docs/offline.md). */
'use strict';

/* ---- 1. Lifecycle ------------------------------------------------------------------------- */

var SHELL = self.TUMBUH_SHELL || { version: 'dev', urls: [] };
var SHELL_CACHE = 'tumbuh-shell-' + SHELL.version;

self.addEventListener('install', function (event) {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then(function (cache) {
        return cache.addAll(SHELL.urls);
      })
      .then(function () {
        return self.skipWaiting();
      })
  );
});

/* Only this version's shell survives: an old worker's files are never mixed with the new ones. */
self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf('tumbuh-shell-') === 0 && name !== SHELL_CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
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

/* ---- 4. Offline ---------------------------------------------------------------------------- */
/* Navigations go to the network first; each person's pages are kept in their own cache (docs/offline.md). */

var META_CACHE = 'tumbuh-meta';
var CURRENT_PERSON = '/__tumbuh/current-person';
var PAGES = 'tumbuh-pages-';
var LESSONS = 'tumbuh-lessons-';
var SAVED_AT = 'X-Tumbuh-Saved-At';
/* Never kept: the admin, sign-in and account pages, the worker, the offline page itself. */
var NEVER_KEEP = /^\/(?:en\/)?(?:cms|django-admin|accounts|account|offline)(?:\/|$)|^\/sw\.js$/;

function offlineKeyIn(html) {
  var match = /data-offline-key="([0-9a-f]{8,64})"/.exec(String(html || ''));
  return match ? match[1] : '';
}

function markOffline(html, savedAt) {
  return String(html).replace(/<body\b/i, '<body data-offline-at="' + String(savedAt || '').replace(/[^0-9TZ:.+-]/g, '') + '"');
}

function personalCache(name) {
  return name.indexOf(PAGES) === 0 || name.indexOf(LESSONS) === 0;
}

/* caches.match with a cacheName never creates the cache: after sign-out nothing personal reappears. */
function currentKey() {
  return caches
    .match(CURRENT_PERSON, { cacheName: META_CACHE })
    .then(function (hit) {
      return hit ? hit.text() : '';
    });
}

/* Remember who is signed in here; when it is someone else, the previous person's caches go. */
function setCurrentKey(key) {
  if (!key) return caches.delete(META_CACHE);
  return caches.open(META_CACHE).then(function (meta) {
    return currentKey().then(function (previous) {
      if (previous === key) return null;
      return forgetOthers(key).then(function () {
        return meta.put(CURRENT_PERSON, new Response(key));
      });
    });
  });
}

function forgetOthers(key) {
  return caches.keys().then(function (names) {
    return Promise.all(
      names
        .filter(function (name) {
          return personalCache(name) && name !== PAGES + key && name !== LESSONS + key;
        })
        .map(function (name) {
          return caches.delete(name);
        })
    );
  });
}

function forgetEveryone() {
  return caches.delete(META_CACHE).then(function () {
    return forgetOthers('');
  });
}

function withoutHash(url) {
  return url.split('#')[0];
}

/* The admin has its own templates (no key on them): it says nothing about who is signed in. */
var ADMIN = /^\/(?:cms|django-admin)(?:\/|$)/;

function keepPage(request, response) {
  if (ADMIN.test(new URL(response.url || request.url).pathname)) return Promise.resolve();
  return response.text().then(function (html) {
    var key = offlineKeyIn(html);
    return setCurrentKey(key).then(function () {
      if (!key || NEVER_KEEP.test(new URL(response.url || request.url).pathname)) return null;
      return caches.open(PAGES + key).then(function (cache) {
        var headers = { 'Content-Type': 'text/html; charset=utf-8' };
        headers[SAVED_AT] = new Date().toISOString();
        var copies = [cache.put(withoutHash(request.url), new Response(html, { headers: headers }))];
        if (response.url && response.url !== request.url) {
          copies.push(cache.put(withoutHash(response.url), new Response(html, { headers: headers })));
        }
        return Promise.all(copies);
      });
    });
  });
}

function firstMatch(names, url) {
  if (!names.length) return Promise.resolve(null);
  return caches.open(names[0]).then(function (cache) {
    return cache.match(url).then(function (hit) {
      return hit || firstMatch(names.slice(1), url);
    });
  });
}

function offlinePage(url) {
  var path = url.pathname.indexOf('/en/') === 0 ? '/en/offline/' : '/offline/';
  return caches
    .open(SHELL_CACHE)
    .then(function (cache) {
      return cache.match(path);
    })
    .then(function (page) {
      return page || new Response('Offline', { status: 503, headers: { 'Content-Type': 'text/plain' } });
    });
}

/* Offline, the installed app's start_url (the role redirect) opens the person's kept home. */
var START = /^(\/en)?\/accounts\/home\/$/;
var HOMES = ['/portal/', '/mentor/'];

function offlineNavigation(request, url) {
  return currentKey().then(function (key) {
    var names = key ? [PAGES + key, LESSONS + key] : [];
    var start = START.exec(url.pathname);
    var lookup = start
      ? HOMES.reduce(function (chain, home) {
          return chain.then(function (hit) {
            return hit || firstMatch(names, self.location.origin + (start[1] || '') + home);
          });
        }, Promise.resolve(null))
      : firstMatch(names, withoutHash(request.url));
    return lookup.then(function (hit) {
      if (!hit) return offlinePage(url);
      return hit.text().then(function (html) {
        return new Response(markOffline(html, hit.headers.get(SAVED_AT)), {
          headers: { 'Content-Type': 'text/html; charset=utf-8' },
        });
      });
    });
  });
}

function navigate(event, url) {
  var request = event.request;
  return fetch(request)
    .then(function (response) {
      var type = response.headers.get('Content-Type') || '';
      if (response.ok && (response.type === 'basic' || response.type === 'default') && type.indexOf('text/html') === 0) {
        event.waitUntil(keepPage(request, response.clone()));
      }
      return response;
    })
    .catch(function () {
      return offlineNavigation(request, url);
    });
}

/* The shell from its cache; saved lesson images and pages from the person's cache when offline. */
function asset(request, url) {
  if (url.pathname.indexOf('/static/') === 0) {
    return caches
      .open(SHELL_CACHE)
      .then(function (cache) {
        return cache.match(request);
      })
      .then(function (hit) {
        return hit || fetch(request);
      });
  }
  return fetch(request).catch(function (error) {
    return currentKey().then(function (key) {
      return firstMatch(key ? [LESSONS + key, PAGES + key] : [], withoutHash(request.url)).then(function (hit) {
        if (hit) return hit;
        throw error;
      });
    });
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || NEVER_KEEP.test(url.pathname) && request.mode !== 'navigate') return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event, url));
  } else if (url.pathname.indexOf('/static/') === 0 || url.pathname.indexOf('/media/') === 0 || request.destination === 'image' || request.headers.get('X-Tumbuh-Offline') === 'lesson') {
    event.respondWith(asset(request, url));
  }
});

/* Sign-out (mentoring/static/mentoring/signout.js) and a different person's first page. */
self.addEventListener('message', function (event) {
  var data = event.data || {};
  if (data.type === 'tumbuh.signout') {
    event.waitUntil(forgetEveryone());
  } else if (data.type === 'tumbuh.person' && typeof data.key === 'string') {
    event.waitUntil(setCurrentKey(data.key));
  }
});

if (typeof module !== 'undefined' && module.exports) {
  module.exports = {
    readPayload: readPayload,
    targetUrl: targetUrl,
    offlineKeyIn: offlineKeyIn,
    markOffline: markOffline,
    NEVER_KEEP: NEVER_KEEP,
  };
}

// --- outbox: background sync ---
/* The page's outbox (static/js/outbox.js) registers the tag "tumbuh-outbox" when it keeps a submission without signal. */
self.addEventListener('sync', function (event) {
  if (event.tag !== 'tumbuh-outbox') return;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (clients) {
      /* The tabs send (they hold the CSRF token); with none open, failing makes the browser retry later. */
      if (!clients.length) throw new Error('no tab');
      clients.forEach(function (client) {
        client.postMessage({ type: 'tumbuh.outbox.flush' });
      });
    })
  );
});
