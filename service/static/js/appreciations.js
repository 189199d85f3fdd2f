// Appreciations grid: a live length counter under each textarea, and a warning
// before leaving with unsaved text. Progressive: without it, the counter shows the
// length at load, the browser's maxlength and the server's check still apply.
(function () {
  "use strict";

  function updateCounter(area) {
    var counter = document.getElementById(area.dataset.counter);
    if (!counter) {
      return;
    }
    var limit = Number(area.getAttribute("maxlength"));
    var length = area.value.length;
    counter.textContent = length + " / " + limit + " caractères";
    counter.classList.toggle("near-limit", length >= limit * 0.9);
  }

  function start() {
    var form = document.querySelector("form[data-unsaved-warning]");
    if (!form) {
      return;
    }
    var changed = false;
    var submitting = false;
    form.querySelectorAll("textarea[data-counter]").forEach(function (area) {
      updateCounter(area);
      area.addEventListener("input", function () {
        changed = true;
        area.classList.add("unsaved");
        updateCounter(area);
      });
    });
    form.addEventListener("submit", function () {
      submitting = true;
    });
    window.addEventListener("beforeunload", function (event) {
      if (changed && !submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
