/*
 * Schoolprivacy's one script for every page: progressive enhancement only. Every page works
 * without it; it is served by the app itself (CSP script-src 'self', no inline code).
 *
 * 1. Tables become stacked cards on a phone (app.css, "Tables on a phone"). CSS display rules
 *    drop a table's meaning for screen readers, so the roles are given back explicitly, and each
 *    cell gets its column's heading as a label (shown before the value on a narrow screen).
 * 2. Long choice lists get a search box (select[data-search], fieldset[data-search]).
 */
(function () {
  "use strict";

  function labelTable(table) {
    var headings = [];
    var headRow = table.tHead && table.tHead.rows[0];
    if (headRow) {
      Array.prototype.forEach.call(headRow.cells, function (cell) {
        var span = cell.colSpan || 1;
        for (var i = 0; i < span; i += 1) headings.push(cell.textContent.trim());
      });
    }
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot"), function (group) {
      group.setAttribute("role", "rowgroup");
    });
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        var inHead = row.parentNode && row.parentNode.tagName === "THEAD";
        if (cell.tagName === "TH") {
          cell.setAttribute("role", inHead ? "columnheader" : "rowheader");
        } else {
          cell.setAttribute("role", "cell");
        }
        var heading = headings[column];
        if (!inHead && heading && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", heading);
        }
        column += cell.colSpan || 1;
      });
    });
    table.classList.add("table-labelled");
  }

  function normalise(text) {
    // Search ignores case and accents: "celik" finds "Çelik".
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function addSearch(container, items, labelText) {
    var wrapper = document.createElement("div");
    wrapper.className = "picker-search";
    var id = (container.id || "picker") + "-search";
    var label = document.createElement("label");
    label.setAttribute("for", id);
    label.textContent = labelText;
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "help picker-status";
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(label);
    wrapper.appendChild(input);
    wrapper.appendChild(status);
    container.parentNode.insertBefore(wrapper, container);
    input.addEventListener("input", function () {
      var wanted = normalise(input.value.trim());
      var shown = 0;
      items().forEach(function (item) {
        var match = !wanted || normalise(item.text).indexOf(wanted) !== -1 || item.keep;
        item.show(match);
        if (match && !item.keep) shown += 1;
      });
      status.textContent = wanted ? (container.getAttribute("data-search-count") || "%s")
        .replace("%s", String(shown)) : "";
    });
  }

  function enhanceSelect(select) {
    addSearch(select, function () {
      return Array.prototype.map.call(select.options, function (option) {
        return {
          text: option.textContent,
          // The empty choice and chosen names stay visible while searching.
          keep: option.value === "" || option.selected,
          show: function (visible) {
            option.hidden = !visible;
          },
        };
      });
    }, select.getAttribute("data-search"));
  }

  function enhanceFieldset(fieldset) {
    addSearch(fieldset, function () {
      return Array.prototype.map.call(fieldset.querySelectorAll("input"), function (input) {
        var row = input.closest("li, .choice, label") || input.parentNode;
        return {
          text: row.textContent,
          keep: input.checked,
          show: function (visible) {
            row.hidden = !visible;
          },
        };
      });
    }, fieldset.getAttribute("data-search"));
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("main table"), labelTable);
    Array.prototype.forEach.call(document.querySelectorAll("select[data-search]"), enhanceSelect);
    Array.prototype.forEach.call(
      document.querySelectorAll("fieldset[data-search], div[data-search]"),
      enhanceFieldset
    );
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
