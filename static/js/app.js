// After htmx swaps a wizard step in, move focus where a keyboard or screen-reader user expects
// it: to the error summary when the save failed, otherwise to the new step's heading.
document.addEventListener("htmx:afterSettle", (event) => {
  if (!event.detail.target || event.detail.target.id !== "step") return;
  const step = document.getElementById("step");
  const target = step && (step.querySelector("#form-errors") || step.querySelector("#step-heading"));
  if (target) target.focus();
});

// A PDF download gives no page change to watch: say it is being prepared, then let it go.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.js-busy");
  if (!link || link.classList.contains("is-busy")) return;
  const label = link.textContent;
  link.classList.add("is-busy");
  link.setAttribute("aria-busy", "true");
  link.textContent = link.dataset.busyLabel || "Working…";
  setTimeout(() => {
    link.classList.remove("is-busy");
    link.removeAttribute("aria-busy");
    link.textContent = label;
  }, 4000);
});
