/* The score sheet (evaluations/scoring/score.html), on top of a page that works without it:
 * - the total of each rubric follows the scores as they are entered (the same rule as scoring.sheet_total:
 *   each answered criterion counts (value - min) / (max - min) times its weight, n/a criteria drop out and the
 *   other weights are rescaled, a criterion without a score leaves the total unknown); the server's total, shown
 *   once saved, stays the truth;
 * - leaving the page with changes that are not saved asks first (beforeunload);
 * - after saving, the page comes back where the evaluator was, the message beside the buttons.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-score-sheet]");
  if (!form) {
    return;
  }
  var lang = document.documentElement.lang || "id";
  var numberFormat = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var DASH = "\u2013";
  var SCROLL_KEY = "kotacerdas:score-sheet-scroll:" + location.pathname;

  // ---------------------------------------------------------------------------------------------- totals

  function scoreOf(criterion) {
    var checked = criterion.querySelector("input[type=radio]:checked");
    if (checked) {
      return parseInt(checked.value, 10);
    }
    var typed = criterion.querySelector("input[data-score]");
    if (typed && typed.value.trim() !== "") {
      var text = typed.value.trim();
      return /^\d+$/.test(text) ? parseInt(text, 10) : NaN;
    }
    return null;
  }

  function rubricTotal(part) {
    var used = [];
    var blanks = 0;
    var unreadable = false;
    part.querySelectorAll("[data-criterion]").forEach(function (criterion) {
      var na = criterion.querySelector("input[data-na]");
      if (na && na.checked) {
        return;
      }
      var low = parseInt(criterion.dataset.min, 10);
      var high = parseInt(criterion.dataset.max, 10);
      var value = scoreOf(criterion);
      if (value === null) {
        blanks += 1;
      } else if (isNaN(value) || value < low || value > high) {
        unreadable = true;
      } else {
        used.push([parseFloat(criterion.dataset.weight), low, high, value]);
      }
    });
    if (blanks || unreadable || !used.length) {
      return { total: null, blanks: blanks };
    }
    var weights = 0;
    var sum = 0;
    used.forEach(function (row) {
      weights += row[0];
      sum += (row[0] * (row[3] - row[1])) / (row[2] - row[1]);
    });
    return { total: (sum / weights) * 100, blanks: 0 };
  }

  function showTotals() {
    form.querySelectorAll("[data-rubric]").forEach(function (part) {
      var name = part.dataset.rubric;
      var result = rubricTotal(part);
      // Rounded half up to two places, as the server rounds (the epsilon absorbs binary fractions).
      var text = result.total === null ? DASH : numberFormat.format(Math.round(result.total * 100 + 1e-9) / 100);
      form.querySelectorAll('[data-total="' + name + '"], [data-total-copy="' + name + '"]').forEach(function (out) {
        out.textContent = text;
      });
      var blanks = form.querySelector('[data-blanks="' + name + '"]');
      if (blanks) {
        blanks.textContent = result.blanks ? blanks.dataset.template.replace("{count}", result.blanks) : "";
      }
    });
  }

  // ------------------------------------------------------------------------------------ unsaved changes

  function snapshot() {
    var parts = [];
    new FormData(form).forEach(function (value, key) {
      if (key !== "csrfmiddlewaretoken") {
        parts.push(key + "=" + value);
      }
    });
    return parts.join("&");
  }

  var saved = snapshot();
  // A sheet shown again after a refused save holds what was typed, not what is stored: unsaved from the start.
  var refused = form.hasAttribute("data-unsaved");
  var sending = false;
  var status = form.querySelector("[data-sheet-status]");
  var statusHtml = status ? status.innerHTML : "";
  var shownDirty = false;

  function isDirty() {
    return refused || snapshot() !== saved;
  }

  function showState() {
    var dirty = isDirty();
    form.classList.toggle("score-sheet--unsaved", dirty);
    if (!status || dirty === shownDirty) {
      return;
    }
    shownDirty = dirty;
    if (dirty && !refused) {
      var note = document.createElement("p");
      note.className = "message message--warning";
      note.textContent = status.dataset.unsavedText;
      status.replaceChildren(note);
    } else if (!dirty) {
      status.innerHTML = statusHtml;
    }
  }

  function changed() {
    showTotals();
    showState();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    sending = true;
    if (!event.submitter || event.submitter.value === "save") {
      sessionStorage.setItem(SCROLL_KEY, String(window.scrollY)); // this page comes back: keep the place
    }
  });
  window.addEventListener("pageshow", function () {
    sending = false; // back from the next page (bfcache): watch again
  });
  window.addEventListener("beforeunload", function (event) {
    if (!sending && isDirty()) {
      event.preventDefault();
      event.returnValue = ""; // older browsers need a value to ask
    }
  });

  // ------------------------------------------------------------------- back where the evaluator was

  var scroll = sessionStorage.getItem(SCROLL_KEY);
  sessionStorage.removeItem(SCROLL_KEY);
  if (scroll !== null && location.hash === "#sheet-bar") {
    // The page reopened after a save: the message is in the bar at the bottom of the screen, where the
    // buttons are; keep the sheet where it was rather than jumping to the end of the form (the browser
    // scrolls to the anchor once more while loading, hence the second time).
    var restore = function () {
      window.scrollTo(0, parseInt(scroll, 10) || 0);
    };
    restore();
    window.addEventListener("load", restore, { once: true });
  }

  showTotals();
  showState();
})();
