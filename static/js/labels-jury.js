// The juror's pages (labels/jury/). Switched on by data attributes: the Content-Security-Policy
// forbids inline handlers. Without this file every form still works by a plain submission.

// "Save this part" buttons save one part through htmx; without a script they stay hidden (the
// form's "Save the draft" saves every part).
function showPartButtons(root) {
  root.querySelectorAll("[data-jury-part-save][hidden]").forEach((button) => {
    button.hidden = false;
  });
}
showPartButtons(document);
document.addEventListener("htmx:load", (event) => showPartButtons(event.detail.elt));

// A part refused (a score out of range, a save over another window's): htmx swaps no error
// response by default; here the server's answer, which says why, replaces the part.
document.addEventListener("htmx:beforeSwap", (event) => {
  const target = event.detail.target;
  if (event.detail.xhr.status !== 400 || !target || !target.matches("[data-jury-part]")) return;
  event.detail.shouldSwap = true;
  event.detail.isError = false;
});

// <button data-jury-confirm="…">: ask before submitting the scores (no way back but a reason).
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("button[data-jury-confirm]");
  if (button && !window.confirm(button.dataset.juryConfirm)) event.preventDefault();
});

// The conflicts form: declaring is for good (only the programme team withdraws a declaration),
// so a ticked box is confirmed once more; confirming "no conflict" is not.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches || !form.matches("form[data-jury-conflicts]")) return;
  const ticked = form.querySelector("input[type=checkbox][name^=conflict_]:checked");
  if (ticked && !window.confirm(form.dataset.confirmMessage)) event.preventDefault();
});
