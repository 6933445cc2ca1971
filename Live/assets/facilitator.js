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
    var fresh = document.createDocumentFragment();
    d.items.forEach(function (item) {
      var li = el("li", "result");
      li.appendChild(el("h3", null, item.title));
      li.appendChild(el("p", "voters", item.voters + (item.voters === 1 ? " vote" : " votes")));
      if (item.shown) {
        // Bars and the spread line are computed by the server, once, for this script and the page alike.
        var dl = el("dl", "bars");
        item.bars.forEach(function (bar) {
          var row = el("div", "bar-row");
          row.appendChild(el("dt", null, bar.label));
          var dd = el("dd");
          dd.appendChild(el("span", "bar w" + bar.percent));
          dd.appendChild(el("span", "count", String(bar.count)));
          row.appendChild(dd);
          dl.appendChild(row);
        });
        li.appendChild(dl);
        if (item.summary) { li.appendChild(el("p", "spread", item.summary)); }
      } else {
        li.appendChild(el("p", "note", item.note));
      }
      fresh.appendChild(li);
    });
    list.replaceChildren(fresh);
    var count = d.commentCount === 1 ? "1 comment" : d.commentCount + " comments";
    document.getElementById("comment-count").textContent = count + (d.commentsShown ? "" : ", shown when you reveal the votes");
    var comments = document.createDocumentFragment();
    d.comments.forEach(function (c) {
      var li = el("li");
      if (c.item) { li.appendChild(el("strong", null, c.item)); li.appendChild(document.createTextNode(": ")); }
      li.appendChild(document.createTextNode(c.text));
      comments.appendChild(li);
    });
    document.getElementById("comments").replaceChildren(comments);
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
