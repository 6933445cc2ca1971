// Facilitator screen: redraws turnout and results from the server's live feed, without a reload.
// The server decides what may be shown (hidden until revealed, no breakdown under five votes,
// frozen while paused); this script only draws it, always as text, never as HTML.
(function () {
  "use strict";
  if (!window.EventSource) { return; }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function stateText(d) {
    var parts = [];
    if (d.activity.kind !== "decisions") { parts.push(d.revealed ? "Votes revealed." : "Votes hidden until you reveal them."); }
    if (d.paused) { parts.push("Live results paused."); }
    return parts.join(" ");
  }
  function render(d) {
    document.getElementById("voted").textContent = String(d.voted);
    document.getElementById("participants").textContent = String(d.participants);
    document.getElementById("state").textContent = stateText(d);
    var list = document.getElementById("results");
    var labels = {};
    d.choices.forEach(function (c) { labels[c.id] = c.label; });
    var fresh = document.createDocumentFragment();
    d.items.forEach(function (item) {
      var li = el("li", "result");
      li.appendChild(el("h3", null, item.title));
      li.appendChild(el("p", "voters", item.voters + (item.voters === 1 ? " vote" : " votes")));
      if (item.shown) {
        var dl = el("dl", "bars");
        var keys = d.activity.kind === "dot-vote" ? ["dots"] : d.choices.map(function (c) { return c.id; });
        var max = 0;
        keys.forEach(function (k) { max = Math.max(max, item.counts[k] || 0); });
        var total = 0;
        keys.forEach(function (k) { total += item.counts[k] || 0; });
        keys.forEach(function (k) {
          var n = item.counts[k] || 0;
          var row = el("div", "bar-row");
          row.appendChild(el("dt", null, labels[k] || "Dots"));
          var dd = el("dd");
          var percent = d.activity.kind === "dot-vote" ? Math.min(100, n * 10) : (total ? Math.round(100 * n / total) : 0);
          dd.appendChild(el("span", "bar w" + percent));
          dd.appendChild(el("span", "count", String(n)));
          row.appendChild(dd);
          dl.appendChild(row);
        });
        li.appendChild(dl);
        if (d.activity.kind === "card-sort" && total > 0) {
          var top = keys.reduce(function (a, b) { return (item.counts[b] || 0) > (item.counts[a] || 0) ? b : a; });
          li.appendChild(el("p", "spread", "Most chose " + labels[top] + " (" + Math.round(100 * (item.counts[top] || 0) / total) + "%)"));
        }
      } else {
        li.appendChild(el("p", "note", item.note));
      }
      fresh.appendChild(li);
    });
    list.replaceChildren(fresh);
    if (document.getElementById("activity-title").getAttribute("data-id") !== null &&
        document.getElementById("activity-title").getAttribute("data-id") !== d.activity.id) {
      window.location.reload();
    }
  }
  var events = new EventSource("/api/events");
  events.addEventListener("display", function (event) {
    try { render(JSON.parse(event.data)); } catch (e) { /* keep the last good picture */ }
  });
})();
