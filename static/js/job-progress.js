// A background job's page (data-job-progress with data-status-url): polls the job's JSON status
// every 2 seconds, fills in the fields marked data-field, and reloads the page once the job has
// finished so that the server renders the result. Without JavaScript, reloading by hand works.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-progress][data-status-url]");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-status-url");
  function show(data) {
    box.querySelectorAll("[data-field]").forEach(function (node) {
      var name = node.getAttribute("data-field");
      if (!(name in data)) {
        return;
      }
      if (node.tagName === "PROGRESS") {
        node.value = data[name];
      } else {
        node.textContent = String(data[name]);
      }
    });
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) {
          return;
        }
        show(data);
        if (data.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 1000);
})();
