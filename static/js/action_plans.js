// The actions board (plans/plan_board.html) and an action's comments. Switched on by data
// attributes: the Content-Security-Policy forbids inline handlers.

// Dragging a card to another column (or another place in its column) posts the move; the
// server answers with the board, which htmx swaps in. The card's "Move to" menu does the same
// from the keyboard, without any script.
let dragged = null;

function cardsOf(zone) {
  return [...zone.querySelectorAll("[data-action]")].filter((card) => card !== dragged);
}

function dropPosition(zone, y) {
  // The number of cards (the dragged one left out) whose middle is above the pointer.
  return cardsOf(zone).filter((card) => {
    const box = card.getBoundingClientRect();
    return box.top + box.height / 2 < y;
  }).length;
}

document.addEventListener("dragstart", (event) => {
  const card = event.target.closest && event.target.closest("[data-move-url]");
  if (!card) return;
  dragged = card;
  event.dataTransfer.effectAllowed = "move";
  event.dataTransfer.setData("text/plain", card.dataset.action);
  card.classList.add("is-dragging");
});

document.addEventListener("dragend", () => {
  if (dragged) dragged.classList.remove("is-dragging");
  dragged = null;
  document.querySelectorAll("[data-dropzone].is-over").forEach((zone) => zone.classList.remove("is-over"));
});

document.addEventListener("dragover", (event) => {
  const zone = event.target.closest && event.target.closest("[data-dropzone]");
  if (!zone || !dragged) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = "move";
  zone.classList.add("is-over");
});

document.addEventListener("dragleave", (event) => {
  const zone = event.target.closest && event.target.closest("[data-dropzone]");
  if (zone && !zone.contains(event.relatedTarget)) zone.classList.remove("is-over");
});

document.addEventListener("drop", (event) => {
  const zone = event.target.closest && event.target.closest("[data-dropzone]");
  if (!zone || !dragged) return;
  event.preventDefault();
  zone.classList.remove("is-over");
  const card = dragged;
  const token = card.querySelector("input[name=csrfmiddlewaretoken]");
  htmx.ajax("POST", card.dataset.moveUrl, {
    source: card,
    target: "#plan-board",
    swap: "innerHTML",
    values: { status: zone.dataset.status, position: dropPosition(zone, event.clientY) },
    headers: token ? { "X-CSRFToken": token.value } : {},
  });
});

// A refused move or comment (a transition not allowed, a missing reason, an empty comment):
// htmx swaps no error response by default; inside [data-swap-errors] the server's answer,
// which says why, is shown.
document.addEventListener("htmx:beforeSwap", (event) => {
  const source = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (event.detail.xhr.status !== 400 || !source || !source.closest("[data-swap-errors]")) return;
  event.detail.shouldSwap = true;
  event.detail.isError = false;
});

// After the board is swapped, the keyboard stays where the person was: on the card just moved
// (or on the reason asked for it). The move itself is announced by the #board-status region.
document.addEventListener("htmx:afterSwap", (event) => {
  if (event.detail.target.id !== "plan-board") return;
  const card = event.detail.target.querySelector("[data-focus-after-swap]");
  if (!card) return;
  const reason = card.querySelector("textarea[name=reason]");
  (reason || card).focus();
});

// <form data-reset-on-success>: a comment posted with htmx empties its field.
document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.detail.elt;
  if (!form.matches || !form.matches("form[data-reset-on-success]")) return;
  const errors = form.querySelector("#comment-error");
  if (event.detail.successful) {
    form.reset();
    if (errors) errors.replaceChildren();
  }
});
