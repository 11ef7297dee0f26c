// Publishing console: the live example of an index-number pattern (索引号规则). Without
// this script the "预览示例" button shows the same example after a round trip.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-pattern-preview]");
    if (!form) { return; }
    var input = form.querySelector("#id_pattern");
    var output = document.getElementById("pattern-example");
    if (!input || !output) { return; }
    var timer = null;
    var seq = 0;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var mine = ++seq;
        var url = form.dataset.patternPreview + "?pattern=" + encodeURIComponent(input.value);
        fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
          .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
          .then(function (html) {
            if (mine !== seq) { return; }
            var doc = new DOMParser().parseFromString(html, "text/html");
            var fresh = doc.getElementById("pattern-example");
            if (fresh) { output.innerHTML = fresh.innerHTML; }
          })
          .catch(function () { /* keep the last example; the button still works */ });
      }, 300);
    });
  });
})();
