// Small behaviours that would otherwise be inline handlers, which the Content-Security-Policy
// forbids. Each is switched on by a data attribute in the templates.

// <select data-autosubmit>: submit the form as soon as the choice changes.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit();
});

// <input readonly data-select-on-click>: select the whole value (feed addresses to copy).
document.addEventListener("click", (event) => {
  const field = event.target.closest("input[data-select-on-click]");
  if (field) field.select();
});

// <form data-confirm="…">: ask before an irreversible submission.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});
