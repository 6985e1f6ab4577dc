// One way to write a moment, the same as the server's ``when`` filter: "2 Des 2026, 08.08 WITA",
// in the signed-in person's zone (data-time-zone on <body>), whatever the phone's clock says.
(function () {
  "use strict";
  var body = document.body;
  var zone = body.getAttribute("data-time-zone") || "Asia/Jakarta";
  var label = body.getAttribute("data-time-zone-label") || "WIB";
  var months = (body.getAttribute("data-months") || "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec").split(",");
  var format = new Intl.DateTimeFormat("en-US", {
    timeZone: zone, year: "numeric", month: "numeric", day: "numeric",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23"
  });
  window.tumbuhWhen = function (iso) {
    var parts = {};
    format.formatToParts(new Date(iso)).forEach(function (p) { parts[p.type] = p.value; });
    var hour = parts.hour === "24" ? "00" : parts.hour;
    return parts.day + " " + months[parseInt(parts.month, 10) - 1] + " " + parts.year + ", " +
      hour + "." + parts.minute + " " + label;
  };
})();
