// Pathmaker's only script: live progress for background jobs. Pages work without it (they refresh on reload).
(function () {
  "use strict";
  function watch(box) {
    var url = box.getAttribute("data-progress-url");
    var bar = box.querySelector("progress");
    var label = box.querySelector("[data-progress-label]");
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (p) {
          bar.value = p.percent;
          bar.textContent = p.percent + "%";
          label.textContent = p.stage + " (" + p.percent + "%)";
          if (p.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    poll();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-progress-url]").forEach(watch);
  });
})();
// Gradebook "Set all": fills every student's select in the column at once. Without this script the
// button posts the form and the server sends it back filled in (nothing is saved either way).
(function () {
  "use strict";
  function columnOf(sourceName, name) {
    if (sourceName === "all-score") { return /^score-\d+$/.test(name); }
    var criterion = sourceName.slice(4);
    return new RegExp("^level-\\d+-" + criterion + "$").test(name);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-set-all]").forEach(function (box) {
      var button = box.querySelector("[data-set-all-button]");
      var status = box.querySelector("[data-set-all-status]");
      button.addEventListener("click", function (event) {
        var form = box.closest("form");
        var changed = 0;
        box.querySelectorAll("[data-set-all-source]").forEach(function (source) {
          if (!source.value) { return; }
          form.querySelectorAll("select").forEach(function (select) {
            if (columnOf(source.name, select.name)) { select.value = source.value; changed += 1; }
          });
        });
        event.preventDefault();
        if (status) { status.textContent = changed ? button.getAttribute("data-done") : button.getAttribute("data-none"); }
      });
    });
  });
})();
