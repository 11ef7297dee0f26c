// Small progressive enhancements shared by the portal and the console.
// (The 适老化/无障碍 toggles live in a11y.js, loaded earlier so they apply before paint.)
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        if (!window.confirm(form.dataset.confirm)) { ev.preventDefault(); }
      });
    });
  });
})();
