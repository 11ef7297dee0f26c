// Accessibility toggles (适老化/无障碍): large text and high contrast, remembered per browser.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "gongkai-a11y";
  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function save(state) {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  function apply(state) {
    root.classList.toggle("a11y-large", !!state.large);
    root.classList.toggle("a11y-contrast", !!state.contrast);
    document.querySelectorAll(".a11y-toggle").forEach(function (btn) {
      btn.setAttribute("aria-pressed", state[btn.dataset.a11y] ? "true" : "false");
    });
  }
  var state = load();
  apply(state);
  document.addEventListener("DOMContentLoaded", function () {
    apply(state);
    document.querySelectorAll(".a11y-toggle").forEach(function (btn) {
      btn.addEventListener("click", function () {
        state[btn.dataset.a11y] = !state[btn.dataset.a11y];
        save(state);
        apply(state);
      });
    });
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        if (!window.confirm(form.dataset.confirm)) { ev.preventDefault(); }
      });
    });
  });
})();
