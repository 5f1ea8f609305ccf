// Moving students between groups. The page works without this script: each student has a select naming
// their group, and saving posts the selects. With it, a student can also be dragged to another group (the
// select follows), and choosing a group in a select (by keyboard) moves the student's row to that group.
(function () {
  "use strict";
  function setUp(form) {
    var dragged = null;
    function listFor(value) {
      return form.querySelector('[data-group-list="' + value + '"]');
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
        if (list) { list.appendChild(item); select.focus(); }
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
        if (list) { list.appendChild(dragged); }
        dragged = null;
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-group-move]").forEach(setUp);
  });
})();
