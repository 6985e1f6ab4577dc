// The compact phone header: the navigation folds behind one "Menu" button on narrow screens.
// Without JavaScript the button stays hidden and the navigation is simply shown.
(function () {
  "use strict";
  var button = document.querySelector("[data-menu-button]");
  var nav = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!nav) return;
  document.documentElement.classList.add("menu-js");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("open", open);
  });
})();
