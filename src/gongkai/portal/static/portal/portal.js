// Portal column pages: the 打印 button. Progressive: hidden until this script shows it
// (no inline script: CSP). Printing works without it through the browser's own menu;
// the print styles are in site.css.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
// Wide tables in a document's body (名单, 统计表) scroll sideways inside their own box
// instead of widening the page (WCAG 1.4.10); the box takes keyboard focus so it can be
// scrolled without a mouse (axe: scrollable-region-focusable).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".doc-content table").forEach(function (table) {
      if (table.parentElement.classList.contains("table-scroll")) { return; }
      var box = document.createElement("div");
      box.className = "table-scroll";
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "表格(可左右滚动)");
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
  });
})();
