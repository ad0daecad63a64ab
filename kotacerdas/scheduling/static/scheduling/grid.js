// Dragging on the schedule grid. A session dropped on a slot sends the grid's move form (the server checks every
// rule and answers with the redrawn grid); an evaluator dropped on a session sends the seat form. Without
// JavaScript, each session's "Move to…" page does the same with plain forms.
(function () {
  "use strict";
  var moveForm = document.getElementById("grid-move-form");
  var seatForm = document.getElementById("grid-seat-form");
  if (!moveForm || !seatForm) return;
  var sent = false;

  function send(form, values) {
    if (sent) return; // one change at a time: a second drop before the page answers is ignored
    sent = true;
    Object.keys(values).forEach(function (name) { form.elements[name].value = values[name]; });
    document.body.classList.add("is-saving");
    form.submit();
  }

  document.addEventListener("dragstart", function (e) {
    var card = e.target.closest && e.target.closest("[data-session]");
    var chip = e.target.closest && e.target.closest("[data-evaluator]");
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
    var card = e.target.closest && e.target.closest("[data-session]");
    if (card) card.classList.remove("is-dragging");
  });
  document.addEventListener("dragover", function (e) {
    var target = e.target.closest && (e.target.closest("[data-cell]") || e.target.closest("[data-session]"));
    if (target) {
      e.preventDefault();
      target.classList.add("is-drop-target");
    }
  });
  document.addEventListener("dragleave", function (e) {
    var target = e.target.closest && (e.target.closest("[data-cell]") || e.target.closest("[data-session]"));
    if (target) target.classList.remove("is-drop-target");
  });
  document.addEventListener("drop", function (e) {
    var data = (e.dataTransfer.getData("text/plain") || "").split(":");
    if (data.length !== 2) return;
    if (data[0] === "evaluator") {
      var card = e.target.closest("[data-session]");
      if (!card) return;
      e.preventDefault();
      send(seatForm, { session: card.dataset.session, evaluator: data[1] });
    } else if (data[0] === "session") {
      var cell = e.target.closest("[data-cell]");
      if (!cell) return;
      e.preventDefault();
      send(moveForm, { session: data[1], cell: cell.dataset.cell });
    }
  });
})();
