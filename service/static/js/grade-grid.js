/* The grade grid, progressively enhanced (the form works without this script).
 *
 * Arrows, Tab and Enter move between cells; typing replaces the value (the cell's
 * text is selected on focus); Escape restores it. A column pasted from a
 * spreadsheet fills the cells down (and right, for several columns). Each changed
 * cell is saved on its own with the version it was read at: the server decides
 * (range, lock, codes) and answers the refusal, or both values on a conflict.
 * The form names the keys it sends for a cell's column and row (data-column-key,
 * data-row-key: the trainer's assessment_id and student_id by default; the exam
 * grid's unit and registration_id).
 */
(function () {
  "use strict";

  var form = document.querySelector("form.grade-grid-form");
  if (!form) {
    return;
  }
  var url = form.getAttribute("data-cell-url");
  var columnKey = form.getAttribute("data-column-key") || "assessment_id";
  var rowKey = form.getAttribute("data-row-key") || "student_id";
  var token = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var status = document.getElementById("grid-status");
  var grid = Array.prototype.map.call(form.querySelectorAll("tbody tr"), function (tr) {
    return Array.prototype.slice.call(tr.querySelectorAll("input.cell"));
  });
  var queue = Promise.resolve();
  var pending = 0;

  function cells() {
    return Array.prototype.concat.apply([], grid);
  }

  function position(input) {
    for (var r = 0; r < grid.length; r += 1) {
      var c = grid[r].indexOf(input);
      if (c >= 0) {
        return { row: r, col: c };
      }
    }
    return null;
  }

  function cellAt(row, col) {
    return grid[row] ? grid[row][col] || null : null;
  }

  function move(input, rows, cols) {
    var at = position(input);
    var next = at && cellAt(at.row + rows, at.col + cols);
    if (next) {
      next.focus();
    }
  }

  function key(text) {
    return /^[0-9]+$/.test(text) ? Number(text) : text;
  }

  function say(text) {
    status.textContent = text;
  }

  function noteOf(input) {
    var id = "message-" + input.dataset.a + "-" + input.dataset.s;
    var note = document.getElementById(id);
    if (!note) {
      note = document.createElement("span");
      note.id = id;
      note.className = "cell-note";
      input.parentNode.appendChild(note);
      var described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", described ? described + " " + id : id);
    }
    return note;
  }

  function clearNote(input) {
    var note = document.getElementById("message-" + input.dataset.a + "-" + input.dataset.s);
    if (note) {
      note.remove();
      var rest = (input.getAttribute("aria-describedby") || "")
        .split(" ").filter(function (id) { return id && id !== note.id; });
      if (rest.length) {
        input.setAttribute("aria-describedby", rest.join(" "));
      } else {
        input.removeAttribute("aria-describedby");
      }
    }
    input.removeAttribute("aria-invalid");
    input.parentNode.classList.remove("cell-refused", "cell-conflict");
  }

  function mark(input) {
    var dirty = input.value.trim() !== input.dataset.saved;
    input.parentNode.classList.toggle("unsaved", dirty);
    return dirty;
  }

  function count(state) {
    return cells().filter(function (input) {
      return input.parentNode.classList.contains(state);
    }).length;
  }

  function unsavedCount() {
    return count("unsaved");
  }

  function plural(n, one, many) {
    return n + " " + (n > 1 ? many : one);
  }

  function summary() {
    if (pending > 0) {
      return;
    }
    var parts = [];
    var conflicts = count("cell-conflict");
    var refusals = count("cell-refused");
    if (conflicts) {
      parts.push(plural(conflicts, "case modifiée", "cases modifiées") +
        " entre-temps : choisissez la note à garder.");
    }
    if (refusals) {
      parts.push(plural(refusals, "note refusée", "notes refusées") +
        " : voyez le message sous la case.");
    }
    var left = unsavedCount();
    if (!parts.length) {
      parts.push(left ? plural(left, "case non enregistrée.", "cases non enregistrées.")
        : "Toutes les notes sont enregistrées.");
    }
    say(parts.join(" "));
  }

  function showFigures(input, data) {
    Object.keys(data.column || {}).forEach(function (name) {
      var cell = form.querySelector(
        'td[data-figure="' + name + '"][data-a="' + input.dataset.a + '"]'
      );
      if (cell) {
        cell.textContent = data.column[name];
      }
    });
    var mean = form.querySelector('td.row-mean[data-s="' + input.dataset.s + '"]');
    if (mean) {
      mean.textContent = data.row_mean;
    }
  }

  function saved(input, sent, data) {
    input.dataset.v = data.version === null ? "" : String(data.version);
    input.dataset.saved = data.value;
    if (input.value === sent) {
      input.value = data.value;
      if (document.activeElement === input) {
        input.select();
      }
    }
    var before = form.querySelector(
      'input[name="avant-' + input.dataset.a + "-" + input.dataset.s + '"]'
    );
    if (before) {
      before.value = input.dataset.v + ":" + data.value;
    }
    clearNote(input);
    mark(input);
    showFigures(input, data);
  }

  function refused(input, message) {
    clearNote(input);
    input.setAttribute("aria-invalid", "true");
    input.parentNode.classList.add("cell-refused");
    noteOf(input).textContent = message;
    say(message);
  }

  function conflicted(input, data) {
    var found = data.conflict;
    clearNote(input);
    input.setAttribute("aria-invalid", "true");
    input.parentNode.classList.add("cell-conflict");
    var note = noteOf(input);
    var text = document.createElement("span");
    text.className = "conflict-values";
    text.textContent = "Votre saisie : " + (found.mine || "(vide)") +
      " · enregistrée " + (found.by ? "par " + found.by : "entre-temps") +
      " : " + (found.theirs || "(vide)");
    note.appendChild(text);
    note.appendChild(choice("Garder " + (found.mine || "la vide"), function () {
      input.dataset.v = found.version === null ? "" : String(found.version);
      clearNote(input);
      save(input);
    }));
    note.appendChild(choice("Prendre " + (found.theirs || "la vide"), function () {
      input.dataset.v = found.version === null ? "" : String(found.version);
      input.dataset.saved = found.theirs;
      input.value = found.theirs;
      clearNote(input);
      mark(input);
      summary();
    }));
    say(data.error);
  }

  function choice(label, action) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "choice";
    button.textContent = label;
    button.addEventListener("click", action);
    return button;
  }

  function send(input) {
    if (!mark(input)) {
      return Promise.resolve(); // saved meanwhile by an earlier request
    }
    var sent = input.value;
    var body = {
      version: input.dataset.v ? Number(input.dataset.v) : null,
      value: sent
    };
    body[columnKey] = key(input.dataset.a);
    body[rowKey] = key(input.dataset.s);
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "error",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRF-Token": token
      },
      body: JSON.stringify(body)
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("json") < 0) {
        throw new Error("réponse inattendue " + response.status);
      }
      return response.json().then(function (data) {
        if (response.ok) {
          saved(input, sent, data);
        } else if (data.conflict) {
          conflicted(input, data);
        } else {
          refused(input, data.reason || data.error || "Note refusée.");
        }
      });
    }).catch(function () {
      refused(input, "Note non enregistrée : connexion perdue ou session expirée, " +
        "rechargez la page.");
    });
  }

  function save(input) {
    if (!mark(input) || input.readOnly) {
      return queue;
    }
    pending += 1;
    say("Enregistrement…");
    queue = queue.then(function () {
      return send(input);
    }).then(function () {
      pending -= 1;
      summary();
    });
    return queue;
  }

  function paste(input, event) {
    var text = (event.clipboardData || window.clipboardData).getData("text");
    var lines = text.replace(/\r/g, "").split("\n");
    if (lines.length && lines[lines.length - 1] === "") {
      lines.pop();
    }
    if (lines.length < 2 && lines.join("").indexOf("\t") < 0) {
      return;
    }
    event.preventDefault();
    var at = position(input);
    var filled = [];
    lines.forEach(function (line, r) {
      line.split("\t").forEach(function (value, c) {
        var target = cellAt(at.row + r, at.col + c);
        if (target && !target.readOnly) {
          target.value = value.trim();
          filled.push(target);
        }
      });
    });
    filled.forEach(save);
    say(plural(filled.length, "case collée", "cases collées") + ", enregistrement…");
  }

  var MOVES = {
    ArrowUp: [-1, 0],
    ArrowDown: [1, 0],
    ArrowLeft: [0, -1],
    ArrowRight: [0, 1]
  };

  function keydown(input, event) {
    if (event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var step = MOVES[event.key];
    if (event.key === "Enter") {
      step = event.shiftKey ? [-1, 0] : [1, 0];
    }
    if (step) {
      event.preventDefault();
      move(input, step[0], step[1]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      input.value = input.dataset.before;
      mark(input);
      summary();
      input.select();
    } else if (input.readOnly && event.key.length === 1) {
      var reason = document.getElementById(input.getAttribute("aria-describedby"));
      say(reason ? reason.textContent : "Colonne verrouillée.");
    }
  }

  cells().forEach(function (input) {
    input.dataset.saved = input.value.trim();
    var justFocused = false;
    input.addEventListener("focus", function () {
      input.dataset.before = input.value;
      input.select();
      justFocused = true;
    });
    input.addEventListener("mouseup", function (event) {
      if (justFocused) {
        event.preventDefault(); // the click that focused keeps the selection
        justFocused = false;
      }
    });
    input.addEventListener("keydown", function (event) {
      keydown(input, event);
    });
    input.addEventListener("input", function () {
      mark(input);
      summary();
    });
    input.addEventListener("change", function () {
      save(input);
    });
    input.addEventListener("paste", function (event) {
      paste(input, event);
    });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    cells().forEach(save);
    queue.then(summary);
  });

  window.addEventListener("beforeunload", function (event) {
    if (pending > 0 || unsavedCount() > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
}());
