// Filling in a self-assessment (diagnostic_fill.html). Switched on by data attributes: the
// Content-Security-Policy forbids inline handlers.

// A comment or evidence panel opened by its "Add…" button: the cursor goes to its field.
document.addEventListener("shown.bs.collapse", (event) => {
  if (!event.target.matches("[data-focus-on-show]")) return;
  const field = event.target.querySelector("textarea, input:not([type=hidden])");
  if (field) field.focus();
});

// <input type="checkbox" data-disables="#field">: "Not applicable" beside a numeric indicator.
// A disabled field is not sent, so the value is neither asked nor saved.
document.addEventListener("change", (event) => {
  const box = event.target.closest("input[data-disables]");
  if (!box) return;
  const field = document.querySelector(box.dataset.disables);
  if (field) field.disabled = box.checked;
});

// A refused answer (a value that is not a number, a self-assessment closed meanwhile): htmx
// swaps no error response by default; the criterion's status shows the server's message.
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.target;
  if (event.detail.xhr.status !== 400 || !status || !status.classList.contains("criterion-saved")) return;
  event.detail.shouldSwap = true;
  event.detail.isError = false;
});
