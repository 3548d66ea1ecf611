// Sorting (a header click) and filtering (text, unit; also from the address's #unit=…&q=…
// &sort=KEY&dir=asc|desc) of the ranked tables. Reads the page only; fetches nothing.
(function () {
  "use strict";
  var root = document.documentElement;
  var tables = Array.prototype.slice.call(document.querySelectorAll("table.ranked"));
  var text = document.getElementById("filter-text");
  var unit = document.getElementById("filter-unit");
  var collator = new Intl.Collator(root.lang || "zh-CN", { numeric: true });

  function value(row, index, numeric) {
    var cell = row.cells[index];
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    raw = raw.trim();
    if (!numeric) return raw;
    return raw === "" ? null : parseFloat(raw);
  }

  function sort(table, key, dir) {
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var index = -1;
    heads.forEach(function (th, i) {
      if (th.getAttribute("data-key") === key) index = i;
      th.removeAttribute("aria-sort");
    });
    if (index < 0) return;
    var numeric = heads[index].getAttribute("data-type") === "number";
    var sign = dir === "desc" ? -1 : 1;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, index, numeric), y = value(b, index, numeric);
      var order;
      if (x === null || x === "" || y === null || y === "") {
        order = (x === null || x === "") - (y === null || y === "");  // empty cells last
      } else {
        order = sign * (numeric ? x - y : collator.compare(x, y));
      }
      return order || a.getAttribute("data-i") - b.getAttribute("data-i");
    });
    rows.forEach(function (row) { body.appendChild(row); });
    heads[index].setAttribute("aria-sort", dir === "desc" ? "descending" : "ascending");
  }

  function filter() {
    var words = text.value.trim().toLowerCase();
    var chosen = unit.value;
    tables.forEach(function (table) {
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var keep = (!chosen || row.getAttribute("data-unit") === chosen) &&
          (!words || row.textContent.toLowerCase().indexOf(words) >= 0);
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      table.querySelector("caption .shown").textContent = String(shown);
      var section = table.closest("section");
      section.querySelector(".empty").hidden = shown > 0;
      section.setAttribute("data-shown", String(shown));
    });
  }

  tables.forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.querySelector("button").addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? "desc" : "asc";
        sort(table, th.getAttribute("data-key"), dir);
      });
    });
  });
  text.addEventListener("input", filter);
  unit.addEventListener("change", filter);

  // #unit=城关镇&q=张&sort=score&dir=desc: a link to one unit's view, sorted
  var asked = {};
  location.hash.replace(/^#/, "").split("&").forEach(function (part) {
    var pair = part.split("=");
    if (pair.length === 2) asked[pair[0]] = decodeURIComponent(pair[1]);
  });
  if (asked.q) text.value = asked.q;
  if (asked.unit) unit.value = asked.unit;
  if (asked.sort) tables.forEach(function (t) { sort(t, asked.sort, asked.dir || "asc"); });
  filter();
  root.setAttribute("data-report", "ready");
})();
