/* Every page (templates/base.html, loaded in <head>): marks <html> as scripted, folds the menus behind
   their buttons on narrow screens, labels table cells for the card layout of phones and tells when a
   table is wider than its box. Without this script the menus stay open and tables scroll sideways. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function setupToggles() {
    document.querySelectorAll("[data-menu-toggle]").forEach(function (button) {
      var menu = document.getElementById(button.getAttribute("aria-controls"));
      if (!menu) { return; }
      function set(open) {
        button.setAttribute("aria-expanded", open ? "true" : "false");
        menu.classList.toggle("is-open", open);
      }
      button.addEventListener("click", function () { set(button.getAttribute("aria-expanded") !== "true"); });
      menu.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.classList.contains("is-open")) { set(false); button.focus(); }
      });
    });
  }

  /* The column titles of a table: its last header row that is not the grid's filter row, colspans spread. */
  function columnTitles(table) {
    var rows = Array.prototype.filter.call(table.querySelectorAll("thead tr"), function (tr) {
      return !tr.classList.contains("grid-filter-row");
    });
    var titles = [];
    if (!rows.length) { return titles; }
    Array.prototype.forEach.call(rows[rows.length - 1].cells, function (cell) {
      var text = cell.textContent.replace(/[▲▼]/g, "").replace(/\s+/g, " ").trim();
      for (var i = 0; i < cell.colSpan; i++) { titles.push(text); }
    });
    return titles;
  }

  function labelTable(table) {
    var titles = columnTitles(table);
    table.querySelectorAll("tbody tr, tfoot tr, thead tr.grid-filter-row").forEach(function (tr) {
      var column = 0;
      Array.prototype.forEach.call(tr.cells, function (cell) {
        if (cell.colSpan === 1 && titles[column] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", titles[column]);
        }
        if (!cell.querySelector("input, select, a, button") && !cell.textContent.trim()) {
          cell.classList.add("is-blank");
        }
        column += cell.colSpan;
      });
    });
    table.classList.add("is-labelled");
  }

  function markWideTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      wrap.classList.toggle("is-scrollable", wrap.scrollWidth > wrap.clientWidth + 1);
    });
  }

  ready(function () {
    setupToggles();
    document.querySelectorAll("table.data-table").forEach(labelTable);
    markWideTables();
    window.addEventListener("resize", markWideTables);
  });
})();
