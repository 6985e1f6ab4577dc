// A button marked data-countdown="60" stays disabled for that many seconds, saying how long is left
// (data-countdown-label, "{seconds}" is the number: a placeholder without "%",
// because {% translate %} doubles "%" before the catalogue lookup). Without JavaScript the button simply works.
(function () {
  "use strict";
  document.querySelectorAll("button[data-countdown]").forEach(function (button) {
    var left = parseInt(button.getAttribute("data-countdown"), 10) || 0;
    var label = button.getAttribute("data-countdown-label") || "{seconds}";
    var text = button.textContent;
    function tick() {
      if (left <= 0) {
        button.disabled = false;
        button.textContent = text;
        return;
      }
      button.disabled = true;
      button.textContent = label.replace("{seconds}", String(left));
      left -= 1;
      window.setTimeout(tick, 1000);
    }
    tick();
  });
})();
