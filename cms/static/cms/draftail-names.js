/* Wagtail's rich-text editor (Draftail) renders its editable box (role="textbox") without an
 * accessible name, so screen readers announce only "edit text". Name each box after its field:
 * the field's <label> (aria-labelledby), else the stream block's type, else the panel heading.
 * Runs on every editor page and on boxes added later (new stream blocks). */
(function () {
  "use strict";

  function text(node) {
    return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function labelOf(box) {
    var editor = box.closest(".Draftail-Editor");
    var scope = editor && editor.parentElement;
    while (scope && scope !== document.body) {
      var input = scope.querySelector("input[type=hidden][id], textarea[id]");
      if (input) {
        var label = document.querySelector('label[for="' + input.id + '"]');
        if (label && text(label)) {
          return { label: label };
        }
      }
      var block = scope.matches(".c-sf-block, [data-streamfield-child]") ? scope : null;
      if (block) {
        var type = block.querySelector(".c-sf-block__type, .c-sf-block__header__title");
        if (text(type)) {
          return { text: text(type) };
        }
      }
      var heading = scope.querySelector(":scope > .w-panel__header .w-panel__heading, :scope > h2, :scope > h3");
      if (text(heading)) {
        return { text: text(heading) };
      }
      scope = scope.parentElement;
    }
    return null;
  }

  var counter = 0;

  function nameAll() {
    var boxes = document.querySelectorAll(
      '.Draftail-Editor [role="textbox"]:not([aria-label]):not([aria-labelledby])'
    );
    Array.prototype.forEach.call(boxes, function (box) {
      var found = labelOf(box);
      if (!found) {
        return;
      }
      if (found.label) {
        if (!found.label.id) {
          counter += 1;
          found.label.id = "draftail-label-" + counter;
        }
        box.setAttribute("aria-labelledby", found.label.id);
      } else {
        box.setAttribute("aria-label", found.text);
      }
    });
  }

  function start() {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
