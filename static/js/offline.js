/* Offline reading, "save offline" and Hemat data in the page; the worker is /sw.js (docs/offline.md). */
(function () {
  "use strict";
  var PAGES = "tumbuh-pages-", LESSONS = "tumbuh-lessons-", SAVED_AT = "X-Tumbuh-Saved-At";
  var body = document.body, key = body.getAttribute("data-offline-key") || "";
  var hasCaches = "caches" in window;

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    if (key) navigator.serviceWorker.ready.then(function (reg) {
      if (reg.active) reg.active.postMessage({ type: "tumbuh.person", key: key });
    });
  }

  function when(iso) {
    var date = new Date(iso);
    if (isNaN(date)) return "";
    try {
      return date.toLocaleString(document.documentElement.lang === "en" ? "en-GB" : "id-ID",
        { timeZone: body.getAttribute("data-time-zone") || undefined, dateStyle: "medium", timeStyle: "short" });
    } catch (e) { return date.toLocaleString(); }
  }

  var savedAt = body.getAttribute("data-offline-at");
  var banner = document.querySelector("[data-offline-banner]");
  if (savedAt !== null && banner) {
    var time = banner.querySelector("time");
    time.setAttribute("datetime", savedAt);
    time.textContent = when(savedAt);
    banner.hidden = false;
  }

  if (!hasCaches) return;

  if (key && savedAt === null) caches.keys().then(function (names) {
    names.forEach(function (name) {
      if ((name.indexOf(PAGES) === 0 || name.indexOf(LESSONS) === 0) && name !== PAGES + key && name !== LESSONS + key) caches.delete(name);
    });
  });

  function currentKey() {
    if (key) return Promise.resolve(key);
    return caches.match("/__tumbuh/current-person", { cacheName: "tumbuh-meta" })
      .then(function (hit) { return hit ? hit.text() : ""; });
  }
  function absolute(url) { return new URL(url, location.href).href.split("#")[0]; }
  function parse(html) { return new DOMParser().parseFromString(html, "text/html"); }
  function imagesIn(doc, base) {
    var urls = [];
    doc.querySelectorAll("main img[src], main [data-src]").forEach(function (el) {
      var src = el.getAttribute("data-src") || el.getAttribute("src");
      var url = new URL(src, base);
      if (url.origin === location.origin) urls.push(url.href);
    });
    return urls;
  }
  function megabytes(bytes) { return (bytes / 1048576).toFixed(1) + " MB"; }

  /* The offline page: what this person can open without signal. */
  var list = document.querySelector("[data-saved-pages]");
  if (list) currentKey().then(function (person) {
    if (!person) return [];
    return Promise.all([PAGES + person, LESSONS + person].map(function (name) {
      return caches.open(name).then(function (cache) {
        return cache.keys().then(function (requests) {
          return Promise.all(requests.map(function (request) {
            return cache.match(request).then(function (hit) {
              var type = hit && hit.headers.get("Content-Type") || "";
              if (type.indexOf("text/html") !== 0) return null;
              return hit.text().then(function (html) {
                var title = parse(html).title || request.url;
                return { url: request.url, title: title };
              });
            });
          }));
        });
      });
    })).then(function (groups) { return [].concat.apply([], groups); });
  }).then(function (pages) {
    var ul = list.querySelector("ul"), seen = {};
    pages.forEach(function (page) {
      if (!page || seen[page.url] || new URL(page.url).search) return;
      seen[page.url] = true;
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = page.url;
      a.textContent = page.title;
      li.appendChild(a);
      ul.appendChild(li);
    });
    if (!ul.children.length) {
      var p = document.createElement("p");
      p.textContent = list.getAttribute("data-empty");
      list.appendChild(p);
    }
  });
  var again = document.querySelector("[data-reload]");
  if (again) again.addEventListener("click", function () { location.reload(); });

  /* Saved lessons and courses, within the stated budget. */
  function cacheSize(cache) {
    return cache.keys().then(function (requests) {
      return Promise.all(requests.map(function (r) {
        return cache.match(r).then(function (hit) { return hit ? hit.clone().blob() : new Blob(); })
          .then(function (blob) { return blob.size; });
      }));
    }).then(function (sizes) { return sizes.reduce(function (a, b) { return a + b; }, 0); });
  }
  function stamp(response, blob) {
    var headers = { "Content-Type": response.headers.get("Content-Type") || "application/octet-stream" };
    headers[SAVED_AT] = new Date().toISOString();
    return new Response(blob, { headers: headers });
  }

  document.querySelectorAll("[data-save-offline]").forEach(function (box) {
    if (!key) return;
    var urls = (box.getAttribute("data-urls") || "").split(" ").filter(Boolean).map(absolute);
    var budget = parseInt(box.getAttribute("data-budget"), 10) || 20971520;
    var save = box.querySelector("[data-save]"), remove = box.querySelector("[data-remove]");
    var status = box.querySelector("[data-status]");
    function say(template, size) {
      status.textContent = (box.getAttribute(template) || "").replace("{size}", megabytes(size || 0)).replace("{budget}", megabytes(budget));
    }
    function refresh() {
      return caches.open(LESSONS + key).then(function (cache) {
        return Promise.all(urls.map(function (u) { return cache.match(u); })).then(function (hits) {
          var saved = hits.every(Boolean);
          save.hidden = saved;
          remove.hidden = !saved;
          return cacheSize(cache).then(function (size) {
            if (saved) say("data-msg-saved", size);
            return size;
          });
        });
      });
    }
    box.hidden = false;
    refresh();
    save.addEventListener("click", function () {
      save.disabled = true;
      say("data-msg-saving");
      caches.open(LESSONS + key).then(function (cache) {
        return cacheSize(cache).then(function (used) {
          return urls.reduce(function (chain, url) {
            return chain.then(function () {
              return fetch(url, { credentials: "same-origin" }).then(function (response) {
                if (!response.ok) throw new Error("status");
                return response.blob().then(function (blob) {
                  used += blob.size;
                  if (used > budget) throw new Error("budget");
                  return blob.text().then(function (html) {
                    var images = imagesIn(parse(html), url);
                    return cache.put(url, stamp(response, blob)).then(function () {
                      return Promise.all(images.map(function (src) {
                        return fetch(src, { credentials: "same-origin" }).then(function (img) {
                          if (!img.ok) return null;
                          return img.blob().then(function (b) {
                            used += b.size;
                            if (used > budget) throw new Error("budget");
                            return cache.put(src, stamp(img, b));
                          });
                        });
                      }));
                    });
                  });
                });
              });
            });
          }, Promise.resolve());
        });
      }).then(refresh, function (error) {
        say(error && error.message === "budget" ? "data-msg-full" : "data-msg-failed");
      }).then(function () { save.disabled = false; });
    });
    remove.addEventListener("click", function () {
      caches.open(LESSONS + key).then(function (cache) {
        return Promise.all(urls.map(function (url) {
          return cache.match(url).then(function (hit) {
            if (!hit) return null;
            return hit.text().then(function (html) {
              return Promise.all(imagesIn(parse(html), url).map(function (src) { return cache.delete(src); }));
            }).then(function () { return cache.delete(url); });
          });
        }));
      }).then(refresh).then(function () { say("data-msg-removed"); });
    });
  });

  if (key) {
    var marks = document.querySelectorAll("[data-offline-mark]");
    if (marks.length) caches.open(LESSONS + key).then(function (cache) {
      marks.forEach(function (mark) {
        cache.match(absolute(mark.getAttribute("data-offline-mark"))).then(function (hit) { mark.hidden = !hit; });
      });
    });
  }
})();

/* "Hemat data": an image is fetched only when its placeholder is tapped. */
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button[data-src]");
  if (!button) return;
  var img = document.createElement("img");
  img.src = button.getAttribute("data-src");
  img.alt = button.getAttribute("data-alt") || "";
  if (button.getAttribute("data-class")) img.className = button.getAttribute("data-class");
  button.replaceWith(img);
});
