/* Shared phones: sign-out forgets this person's chat outbox, drafts and offline caches first (docs/offline.md). */
(function () {
  "use strict";
  if (window.tumbuhSignout) return; // loaded twice on the sign-out page (header and page): one listener
  window.tumbuhSignout = true;
  function forget() {
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var key = localStorage.key(i);
        if (key && (key.indexOf("tumbuh.") === 0 || key.indexOf("tumbuh-") === 0)) localStorage.removeItem(key);
      }
    } catch (e) { /* storage blocked: nothing was kept */ }
  }
  function forgetCaches() {
    var nav = window.navigator;
    if (nav && nav.serviceWorker && nav.serviceWorker.controller) {
      nav.serviceWorker.controller.postMessage({ type: "tumbuh.signout" });
    }
    if (!("caches" in window)) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name === "tumbuh-meta" || name.indexOf("tumbuh-pages-") === 0 || name.indexOf("tumbuh-lessons-") === 0;
      }).map(function (name) { return caches.delete(name); }));
    });
  }
  function waiting() {
    try {
      if (window.TumbuhOutbox && typeof window.TumbuhOutbox.count === "function") {
        return Promise.resolve(window.TumbuhOutbox.count()).catch(function () { return 0; });
      }
    } catch (e) { /* no outbox */ }
    return Promise.resolve(0);
  }
  document.addEventListener("submit", function (event) {
    var form = event.target.closest && event.target.closest("form[data-signout]");
    if (!form || form.getAttribute("data-signout") === "ready") return;
    event.preventDefault();
    waiting().then(function (count) {
      if (count > 0 && !window.confirm((form.getAttribute("data-drafts-waiting") || "").replace("{count}", count))) return;
      forget();
      // Never keep someone on a shared phone signed in because a cache would not answer.
      var timeout = new Promise(function (resolve) { setTimeout(resolve, 3000); });
      // The person agreed to lose what was still waiting to be sent: the outbox goes with the caches.
      var drafts = window.TumbuhOutbox && typeof window.TumbuhOutbox.clear === "function"
        ? Promise.resolve().then(function () { return window.TumbuhOutbox.clear(); }).catch(function () {})
        : Promise.resolve();
      Promise.race([Promise.all([forgetCaches().catch(function () {}), drafts]), timeout]).then(function () {
        form.setAttribute("data-signout", "ready");
        form.submit();
      });
    });
  }, true);
})();
