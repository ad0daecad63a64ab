// On a phone, a table whose rows hold forms shows one card per row (kotacerdas.css, "Phones"). This names each
// cell after its column ("Nilai", "Verifikasi") by copying the header's text into data-label, which the CSS shows
// above the value. Without JavaScript the cards show the same values without the names.
(function () {
  "use strict";

  function label(root) {
    var tables = root.nodeType === 1 && root.matches("table") ? [root] : root.querySelectorAll("table");
    Array.prototype.forEach.call(tables, function (table) {
      var head = table.tHead && table.tHead.rows[0];
      if (!head) {
        return;
      }
      var names = [];
      Array.prototype.forEach.call(head.cells, function (cell) {
        for (var i = 0; i < cell.colSpan; i += 1) {
          names.push(cell.textContent.trim());
        }
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var column = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            if (cell.colSpan === 1 && names[column] && !cell.hasAttribute("data-label")) {
              cell.setAttribute("data-label", names[column]);
            }
            column += cell.colSpan;
          });
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    label(document);
  });
  // Rows that htmx swaps in later get their names too.
  document.addEventListener("htmx:load", function (event) {
    label(event.target.closest("table") || event.target);
  });
})();
