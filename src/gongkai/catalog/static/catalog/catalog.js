// Catalog pages: "select all" checkboxes and the 打印 button. Progressive: both controls
// are hidden until this script shows them (no inline script; CSP).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-select-all]").forEach(function (box) {
      var form = box.closest("form");
      var name = box.dataset.selectAll;
      var targets = function () {
        return Array.prototype.filter.call(form.querySelectorAll('input[type=checkbox][name="' + name + '"]'),
          function (el) { return !el.disabled; });
      };
      var wrapper = box.closest(".select-all");
      if (wrapper) { wrapper.hidden = false; }
      box.addEventListener("change", function () {
        targets().forEach(function (el) { el.checked = box.checked; });
      });
      form.addEventListener("change", function (ev) {
        if (ev.target === box) { return; }
        var all = targets();
        box.checked = all.length > 0 && all.every(function (el) { return el.checked; });
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
