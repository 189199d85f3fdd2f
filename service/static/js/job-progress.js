// Job page: polls the job's JSON status and moves the progress bar; once the job
// is over (done or failed), reloads the page, which then offers the file or shows
// why it failed. Progressive: without it, the page's « Actualiser » link does it.
(function () {
  "use strict";

  var POLL_MS = 1000;
  var OVER = ["done", "failed"];

  function show(section, status) {
    var bar = document.getElementById("job-progress");
    var text = document.getElementById("job-progress-text");
    bar.value = status.percent;
    bar.textContent = status.percent + " %";
    text.textContent = status.progress;
    section.dataset.state = status.state;
  }

  function poll(section) {
    fetch(section.dataset.statusUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (status) {
        show(section, status);
        if (OVER.indexOf(status.state) >= 0) {
          window.location.reload();
        } else {
          window.setTimeout(poll, POLL_MS, section);
        }
      })
      .catch(function () {
        // A lost answer: try again a little later (the link still works).
        window.setTimeout(poll, POLL_MS * 3, section);
      });
  }

  function start() {
    var section = document.getElementById("job");
    if (!section || OVER.indexOf(section.dataset.state) >= 0) {
      return;
    }
    window.setTimeout(poll, POLL_MS, section);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
