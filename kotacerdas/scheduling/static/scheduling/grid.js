// Dragging on the schedule grid. A session dropped on a slot sends the grid's move form (the server checks every
// rule and answers with the redrawn grid); an evaluator dropped on a session sends the seat form. Without
// JavaScript, each session's "Move to…" page does the same with plain forms.
(function () {
  "use strict";
  var moveForm = document.getElementById("grid-move-form");
  var seatForm = document.getElementById("grid-seat-form");
  if (!moveForm || !seatForm) return;
  var sent = false;

  // The element under the pointer: some browsers give a text node, which has no closest().
  function element(target) {
    return target && target.nodeType === 1 ? target : (target && target.parentElement) || null;
  }
  function near(e, selector) {
    var el = element(e.target);
    return el ? el.closest(selector) : null;
  }
  // Back to a page kept in the browser's cache after a drop: ready for the next one.
  window.addEventListener("pageshow", function (e) {
    if (e.persisted) {
      sent = false;
      document.body.classList.remove("is-saving");
    }
  });

  function send(form, values) {
    if (sent) return; // one change at a time: a second drop before the page answers is ignored
    sent = true;
    Object.keys(values).forEach(function (name) { form.elements[name].value = values[name]; });
    document.body.classList.add("is-saving");
    form.submit();
  }

  document.addEventListener("dragstart", function (e) {
    var card = near(e, "[data-session]");
    var chip = near(e, "[data-evaluator]");
    if (card) {
      e.dataTransfer.setData("text/plain", "session:" + card.dataset.session);
      e.dataTransfer.effectAllowed = "move";
      card.classList.add("is-dragging");
    } else if (chip) {
      e.dataTransfer.setData("text/plain", "evaluator:" + chip.dataset.evaluator);
      e.dataTransfer.effectAllowed = "copy";
    }
  });
  document.addEventListener("dragend", function (e) {
    var card = near(e, "[data-session]");
    if (card) card.classList.remove("is-dragging");
  });
  document.addEventListener("dragover", function (e) {
    var target = near(e, "[data-cell]") || near(e, "[data-session]");
    if (target) {
      e.preventDefault();
      target.classList.add("is-drop-target");
    }
  });
  document.addEventListener("dragleave", function (e) {
    var target = near(e, "[data-cell]") || near(e, "[data-session]");
    if (target) target.classList.remove("is-drop-target");
  });
  document.addEventListener("drop", function (e) {
    var data = (e.dataTransfer.getData("text/plain") || "").split(":");
    if (data.length !== 2 || (data[0] !== "evaluator" && data[0] !== "session")) return;
    // Ours: never let the browser drop the text "session:12" into the page instead.
    e.preventDefault();
    if (data[0] === "evaluator") {
      var card = near(e, "[data-session]");
      if (card) send(seatForm, { session: card.dataset.session, evaluator: data[1] });
    } else {
      var cell = near(e, "[data-cell]");
      if (cell) send(moveForm, { session: data[1], cell: cell.dataset.cell });
    }
  });
})();
