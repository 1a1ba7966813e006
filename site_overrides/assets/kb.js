// Progressive enhancement for generated pages. Without JavaScript every page still works.
(function () {
  "use strict";

  // Sortable index tables: each heading becomes a button; a click sorts by that column.
  function cellValue(row, index) {
    var text = row.cells[index] ? row.cells[index].textContent.trim() : "";
    var number = Number(text);
    return text !== "" && !isNaN(number) ? number : text.toLowerCase();
  }

  function sortBy(table, index, button) {
    var body = table.tBodies[0];
    var th = button.parentElement;
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function enhanceTables(root) {
    root.querySelectorAll("table.kb-sortable, .kb-sortable table").forEach(function (table) {
      if (!table.tHead || !table.tBodies.length || table.dataset.kbSortable) return;
      table.dataset.kbSortable = "1";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "kb-sort";
        button.textContent = th.textContent;
        button.title = "Sort by " + th.textContent;
        th.textContent = "";
        th.appendChild(button);
        button.addEventListener("click", function () { sortBy(table, index, button); });
      });
    });
  }

  function enhance() { enhanceTables(document); }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);  // Material's page-load stream (also after instant loads)
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
