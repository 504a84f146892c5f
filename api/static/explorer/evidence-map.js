// The evidence map's cells open their studies and quotes in place; without this script each
// cell is a link to the same list rendered by the server.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cell-data").textContent || "{}");
  var panel = document.getElementById("cell-detail");
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function show(id, link) {
    var cell = data[id];
    if (!cell) return false;
    panel.replaceChildren();
    panel.appendChild(el("h2", cell.theme + " × " + cell.type));
    panel.appendChild(el("h3", "Studies (" + cell.studies.length + ")"));
    var studies = el("ul", null, { "class": "cell-studies" });
    cell.studies.forEach(function (s) {
      var li = el("li");
      li.appendChild(el("a", s.label, { href: s.href }));
      if (s.country) li.appendChild(document.createTextNode(" (" + s.country + ")"));
      studies.appendChild(li);
    });
    panel.appendChild(studies);
    panel.appendChild(el("h3", "Quotes (" + cell.quotes.length + ")"));
    var quotes = el("ul", null, { "class": "quotes" });
    cell.quotes.forEach(function (q) {
      var li = el("li", null, { "class": "quote" });
      li.appendChild(el("blockquote", q.text));
      var meta = el("p", q.record + " · ", { "class": "meta" });
      meta.appendChild(el("a", "quote", { href: q.href }));
      li.appendChild(meta);
      quotes.appendChild(li);
    });
    panel.appendChild(quotes);
    document.querySelectorAll("#evidence-map td[aria-current]").forEach(function (td) {
      td.removeAttribute("aria-current");
    });
    link.parentElement.setAttribute("aria-current", "true");
    history.replaceState(null, "", link.getAttribute("href"));
    panel.focus();
    return true;
  }
  document.getElementById("evidence-map").addEventListener("click", function (event) {
    var link = event.target.closest("a[data-cell]");
    if (link && show(link.dataset.cell, link)) event.preventDefault();
  });
})();
