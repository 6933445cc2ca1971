/* Convenor: one script for every page. Tables with class "sortable" sort by any column (click or
   Enter on a heading; again to reverse); a cell's data-sort value, when it has one, is the key, so
   "£1,200" and "<5" sort by number without showing the number. A page may add filters: selects and
   a search box with data-filter-table="ID" (data-filter="KEY" matches each row's data-KEY, several
   values split by the unit separator), and buttons with data-filter-value that set the first select. */
(function () {
  function key(row, column, numeric) {
    var cell = row.cells[column];
    if (!cell) { return numeric ? 0 : ""; }
    var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    return numeric ? (parseFloat(v) || 0) : v.toLowerCase();
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, column) {
      th.tabIndex = 0;
      function sort() {
        var numeric = th.getAttribute("data-type") === "number";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        Array.prototype.slice.call(body.rows).sort(function (a, b) {
          var x = key(a, column, numeric), y = key(b, column, numeric);
          var c = numeric ? x - y : x.localeCompare(y, "en-GB");
          return ascending ? c : -c;
        }).forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  });
  var controls = document.querySelectorAll("[data-filter-table]");
  var tables = {};
  controls.forEach(function (c) { tables[c.getAttribute("data-filter-table")] = true; });
  Object.keys(tables).forEach(function (id) {
    var table = document.getElementById(id);
    if (!table) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var mine = Array.prototype.filter.call(controls, function (c) { return c.getAttribute("data-filter-table") === id; });
    var selects = mine.filter(function (c) { return c.tagName === "SELECT"; });
    var search = mine.filter(function (c) { return c.tagName === "INPUT"; })[0];
    var buttons = document.querySelectorAll("[data-filter-value]");
    var shown = document.querySelector("[data-filter-count='" + id + "']");
    function apply() {
      var text = search ? search.value.toLowerCase() : "", n = 0;
      rows.forEach(function (row) {
        var ok = selects.every(function (s) {
          var v = s.value, have = row.getAttribute("data-" + s.getAttribute("data-filter")) || "";
          return !v || have.split("\u001f").indexOf(v) >= 0;
        }) && (!text || row.textContent.toLowerCase().indexOf(text) >= 0);
        row.hidden = !ok;
        if (ok) { n++; }
      });
      if (shown) { shown.textContent = n + " of " + rows.length + " shown"; }
      var first = selects[0];
      buttons.forEach(function (b) { b.classList.toggle("active", !!first && first.value === b.getAttribute("data-filter-value")); });
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    if (search) { search.addEventListener("input", apply); }
    buttons.forEach(function (b) {
      b.addEventListener("click", function () {
        var first = selects[0];
        if (!first) { return; }
        first.value = first.value === b.getAttribute("data-filter-value") ? "" : b.getAttribute("data-filter-value");
        apply();
      });
    });
    apply();
  });
})();
