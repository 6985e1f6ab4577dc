/* Shared phones: signing out forgets what this browser kept for the person (unsent chat messages,
 * checklist ticks), i.e. every localStorage key of Tumbuh ("tumbuh." or "tumbuh-").
 * Runs when a form marked data-signout is submitted (the header's button, the sign-out page). */
(function () {
  "use strict";
  function forget() {
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var key = localStorage.key(i);
        if (key && (key.indexOf("tumbuh.") === 0 || key.indexOf("tumbuh-") === 0)) localStorage.removeItem(key);
      }
    } catch (e) { /* storage blocked: nothing was kept */ }
  }
  document.addEventListener("submit", function (event) {
    if (event.target.closest && event.target.closest("form[data-signout]")) forget();
  }, true);
})();
