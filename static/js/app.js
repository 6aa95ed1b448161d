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

// .table-responsive: a table wider than a phone scrolls sideways inside it. A keyboard user must
// be able to reach that scroll: when the region holds nothing focusable (no link, no field), it
// becomes a focusable, named region itself (WCAG 2.1.1; axe's scrollable-region-focusable).
const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";
function labelScrollRegions(root) {
  for (const region of root.querySelectorAll(".table-responsive:not([tabindex])")) {
    if (region.querySelector(FOCUSABLE)) continue;
    const caption = region.querySelector("caption");
    const heading = region.closest("section, .card, main")?.querySelector("h1, h2, h3, .card-title");
    const name = (caption || heading)?.textContent.trim();
    region.tabIndex = 0;
    region.setAttribute("role", "region");
    if (name) region.setAttribute("aria-label", name);
  }
}
labelScrollRegions(document);
document.addEventListener("htmx:afterSwap", (event) => labelScrollRegions(event.target));
