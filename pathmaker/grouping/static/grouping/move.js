// Moving students between groups. The page works without this script: each student has a select naming
// their group, and saving posts the selects. With it, a student can also be dragged to another group (the
// select follows), and choosing a group in a select (by keyboard) moves the student's row to that group,
// keeps the focus on that select, and says where the student now is in the form's status line (read out by
// screen readers, which do not see the row move).
(function () {
  "use strict";
  function setUp(form) {
    var dragged = null;
    var status = form.querySelector("[data-move-status]");
    var words = form.getAttribute("data-moved-words") || "";
    function announce(item, select) {
      if (!status || !words) { return; }
      var name = item.querySelector("strong");
      var option = select.options[select.selectedIndex];
      status.textContent = words
        .replace("%(name)s", name ? name.textContent : "")
        .replace("%(group)s", option ? option.textContent : "");
    }
    function listFor(value) {
      var list = form.querySelector('[data-group-list="' + value + '"]');
      // A group that was empty says "Nobody in this group": not once someone joins it.
      if (list) { list.querySelectorAll("li:not([data-member])").forEach(function (li) { li.remove(); }); }
      return list;
    }
    form.querySelectorAll("[data-member]").forEach(function (item) {
      var select = item.querySelector("select");
      if (!select) { return; }
      item.addEventListener("dragstart", function (event) {
        dragged = item;
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", select.name);
      });
      item.addEventListener("dragend", function () { dragged = null; });
      select.addEventListener("change", function () {
        var list = listFor(select.value);
        if (list) { list.appendChild(item); select.focus(); announce(item, select); }
      });
    });
    form.querySelectorAll("[data-group]").forEach(function (box) {
      box.addEventListener("dragover", function (event) {
        if (dragged) { event.preventDefault(); }
      });
      box.addEventListener("drop", function (event) {
        if (!dragged) { return; }
        event.preventDefault();
        var value = box.getAttribute("data-group");
        var select = dragged.querySelector("select");
        select.value = value;
        var list = listFor(value);
        if (list) { list.appendChild(dragged); announce(dragged, select); }
        dragged = null;
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-group-move]").forEach(setUp);
  });
})();
