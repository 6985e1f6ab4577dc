// A select marked data-submit-on-change sends its form as soon as a choice is made (the language
// switcher, E19); its form's [data-submit-fallback] button is then not needed. Without JavaScript
// the button stays and works.
(function () {
  "use strict";
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    var form = select.form;
    if (!form) return;
    form.querySelectorAll("[data-submit-fallback]").forEach(function (button) {
      button.hidden = true;
    });
    select.addEventListener("change", function () {
      form.requestSubmit ? form.requestSubmit() : form.submit();
    });
  });
})();
