// 适老化/无障碍: large text and high contrast, remembered per browser (localStorage).
//
// Loaded synchronously in <head>, not deferred: the remembered mode is applied to <html>
// before the first paint, so a reader who needs large text never sees the page jump.
// The toggles are plain <button aria-pressed> elements: keyboard (Tab, Enter, Space) and
// screen readers work without extra code. A change in one tab reaches the others through
// the "storage" event.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "gongkai-a11y";
  var MODES = { large: "a11y-large", contrast: "a11y-contrast" };

  function load() {
    var state = {};
    try {
      var saved = JSON.parse(window.localStorage.getItem(KEY)) || {};
      Object.keys(MODES).forEach(function (mode) { state[mode] = saved[mode] === true; });
    } catch (e) { /* storage disabled or corrupt: defaults */ }
    return state;
  }

  function save(state) {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }

  function apply(state) {
    Object.keys(MODES).forEach(function (mode) {
      if (state[mode]) { root.classList.add(MODES[mode]); } else { root.classList.remove(MODES[mode]); }
    });
    var buttons = document.querySelectorAll(".a11y-toggle[data-a11y]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", state[buttons[i].getAttribute("data-a11y")] ? "true" : "false");
    }
  }

  apply(load());

  document.addEventListener("DOMContentLoaded", function () { apply(load()); });

  document.addEventListener("click", function (ev) {
    var btn = ev.target && ev.target.closest ? ev.target.closest(".a11y-toggle[data-a11y]") : null;
    if (!btn) { return; }
    var mode = btn.getAttribute("data-a11y");
    if (!Object.prototype.hasOwnProperty.call(MODES, mode)) { return; }
    var state = load();
    state[mode] = !state[mode];
    save(state);
    apply(state);
  });

  window.addEventListener("storage", function (ev) {
    if (ev.key === KEY) { apply(load()); }
  });
})();
