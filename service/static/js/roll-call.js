/* The roll call, progressively enhanced (the form saves without this script).
 *
 * The keyboard works as in the grade grid: Up, Down and Enter (Shift+Enter up)
 * move to the same column of another row, Left and Right between the columns
 * (presence, minutes late, minutes left early). P and A mark the focused row
 * present or absent, T (or the « Tous présents » button) marks everyone present;
 * nothing is saved until « Enregistrer l'appel ». Marking a row absent clears its
 * minutes. Rows changed since the page was read are highlighted, and leaving the
 * page with such rows asks first.
 */
(function () {
  "use strict";

  var form = document.querySelector("form.roll-call-form");
  if (!form || form.querySelector("fieldset:disabled")) {
    return;
  }
  var status = document.getElementById("roll-call-status");
  var allPresent = document.getElementById("all-present");
  var rows = Array.prototype.slice.call(form.querySelectorAll("tbody tr[data-s]"));
  var submitting = false;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function radios(tr) {
    return Array.prototype.slice.call(tr.querySelectorAll('input[type="radio"]'));
  }

  /* The row's focusable cells: its presence (the checked radio, else the first),
   * then its two minute fields. */
  function columns(tr) {
    var group = radios(tr);
    var checked = group.filter(function (radio) { return radio.checked; })[0];
    return [checked || group[0]].concat(
      Array.prototype.slice.call(tr.querySelectorAll("input.minutes"))
    );
  }

  function place(input) {
    var tr = input.closest("tr");
    var row = rows.indexOf(tr);
    if (row < 0) {
      return null;
    }
    var col = input.type === "radio" ? 0 : columns(tr).indexOf(input);
    return { row: row, col: col };
  }

  function focusCell(row, col) {
    if (row < 0 || row >= rows.length) {
      return;
    }
    var cells = columns(rows[row]);
    var target = cells[Math.max(0, Math.min(col, cells.length - 1))];
    target.focus();
    if (target.type !== "radio") {
      target.select();
    }
  }

  function current(tr) {
    var checked = radios(tr).filter(function (radio) { return radio.checked; })[0];
    var minutes = Array.prototype.map.call(tr.querySelectorAll("input.minutes"),
      function (input) { return input.value.trim().replace(/^0+$/, ""); });
    return [checked ? checked.value : ""].concat(minutes).join(":");
  }

  function before(tr) {
    var saved = form.querySelector('input[name="avant-' + tr.dataset.s + '"]').value;
    return saved ? saved.split(":").slice(1).join(":") : "::";
  }

  function unsaved() {
    return rows.filter(function (tr) { return tr.classList.contains("unsaved"); });
  }

  function update(tr) {
    tr.classList.toggle("unsaved", current(tr) !== before(tr));
    var left = unsaved().length;
    say(left ? left + (left > 1 ? " lignes modifiées" : " ligne modifiée") +
      " : enregistrez l'appel pour les garder." : "");
  }

  function mark(tr, presence) {
    radios(tr).forEach(function (radio) {
      radio.checked = radio.value === presence;
    });
    if (presence === "absent") {
      Array.prototype.forEach.call(tr.querySelectorAll("input.minutes"), function (input) {
        input.value = "";
      });
    }
    update(tr);
  }

  function everyonePresent() {
    rows.forEach(function (tr) { mark(tr, "present"); });
    say("Tout le monde est marqué présent : marquez les absences, puis enregistrez l'appel.");
  }

  var MOVES = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  var LETTERS = { p: "present", a: "absent" };

  function keydown(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var input = event.target;
    var at = input.tagName === "INPUT" ? place(input) : null;
    var letter = event.key.length === 1 ? event.key.toLowerCase() : "";
    if (letter === "t" && (at || !input.closest("input, textarea, select"))) {
      event.preventDefault();
      everyonePresent();
      return;
    }
    if (!at) {
      return;
    }
    var step = MOVES[event.key];
    if (event.key === "Enter") {
      step = event.shiftKey ? [-1, 0] : [1, 0];
    }
    if (step) {
      event.preventDefault();
      focusCell(at.row + step[0], at.col + step[1]);
    } else if (LETTERS[letter]) {
      event.preventDefault();
      mark(rows[at.row], LETTERS[letter]);
      if (at.col === 0) {
        focusCell(at.row, 0);
      }
    }
  }

  document.addEventListener("keydown", keydown);
  form.addEventListener("change", function (event) {
    var tr = event.target.closest("tr");
    if (tr && rows.indexOf(tr) >= 0) {
      if (event.target.value === "absent") {
        mark(tr, "absent");
      }
      update(tr);
    }
  });
  form.addEventListener("input", function (event) {
    var tr = event.target.closest("tr");
    if (tr && rows.indexOf(tr) >= 0) {
      update(tr);
    }
  });
  if (allPresent) {
    allPresent.addEventListener("click", function (event) {
      event.preventDefault();
      everyonePresent();
      focusCell(0, 0);
    });
  }
  form.addEventListener("submit", function () {
    submitting = true;
  });
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && unsaved().length > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
}());
