// Participant page: saves a choice as soon as it is picked, and follows the facilitator to the next
// activity. Without this script the page still works: each item has its own form and Save button.
(function () {
  "use strict";
  document.body.classList.add("js");
  var status = document.getElementById("status");
  var activity = document.body.getAttribute("data-activity");
  function say(text) { if (status) { status.textContent = text; } }

  function dotsUsed() {
    var total = 0;
    document.querySelectorAll("form.ballot input:checked").forEach(function (input) { total += parseInt(input.value, 10) || 0; });
    return total;
  }

  document.querySelectorAll("form.ballot").forEach(function (form) {
    var item = form.getAttribute("data-item");
    var title = form.getAttribute("data-title");
    var previous = form.querySelector("input:checked");
    form.addEventListener("change", function (event) {
      var input = event.target;
      if (!input || input.name !== "choice") { return; }
      say("Saving…");
      fetch("/api/ballot/" + encodeURIComponent(item), {
        method: "PUT",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ choice: input.value })
      }).then(function (response) {
        if (response.ok) {
          previous = input;
          var label = input.parentNode.textContent.trim();
          say("Saved: " + title + ", " + label + ".");
          var used = document.getElementById("dots-used");
          if (used) { used.textContent = String(dotsUsed()); }
          return;
        }
        return response.json().then(function (body) {
          if (previous) { previous.checked = true; } else { input.checked = false; }
          say("Not saved: " + ((body && body.error && body.error.message) || response.statusText));
        });
      }).catch(function () {
        if (previous) { previous.checked = true; } else { input.checked = false; }
        say("Not saved: the room's server could not be reached. Try again.");
      });
    });
  });

  if (window.EventSource) {
    var events = new EventSource("/api/events");
    events.addEventListener("activity", function (event) {
      if (event.data !== activity) { window.location.reload(); }
    });
  }
})();
