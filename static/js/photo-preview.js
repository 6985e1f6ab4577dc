// Photo previews before sending: every file input that accepts images shows small thumbnails of the
// chosen photos right after it (URL.createObjectURL, nothing is uploaded until the form is sent).
(function () {
  "use strict";
  if (!window.URL || !URL.createObjectURL) return;
  document.querySelectorAll("input[type=file][accept*='image']").forEach(function (input) {
    var box = document.createElement("div");
    box.className = "photo-preview";
    box.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", box);
    input.addEventListener("change", function () {
      box.querySelectorAll("img").forEach(function (img) { URL.revokeObjectURL(img.src); });
      box.textContent = "";
      Array.prototype.forEach.call(input.files || [], function (file) {
        if (!/^image\//.test(file.type)) return;
        var img = document.createElement("img");
        img.src = URL.createObjectURL(file);
        img.alt = file.name;
        img.width = 96;
        box.appendChild(img);
      });
    });
  });
})();
