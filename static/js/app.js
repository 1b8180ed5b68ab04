// After htmx swaps a wizard step in, move focus where a keyboard or screen-reader user expects
// it: to the error summary when the save failed, otherwise to the new step's heading.
document.addEventListener("htmx:afterSettle", (event) => {
  if (!event.detail.target || event.detail.target.id !== "step") return;
  const step = document.getElementById("step");
  const target = step && (step.querySelector("#form-errors") || step.querySelector("#step-heading"));
  if (target) target.focus();
});
