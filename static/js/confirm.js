// A form marked data-confirm="question" asks before it is sent (irreversible actions).
// With data-confirm-choice="field", the question depends on the chosen radio of that field: the form's
// data-confirm-<value> attribute (e.g. data-confirm-verify), else its data-confirm.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.getAttribute) return;
    var question = form.getAttribute("data-confirm");
    var choice = form.getAttribute("data-confirm-choice");
    if (choice) {
      var checked = form.querySelector("input[name='" + choice + "']:checked");
      if (checked && form.hasAttribute("data-confirm-" + checked.value)) {
        question = form.getAttribute("data-confirm-" + checked.value);
      }
    }
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);
})();
