// After htmx swaps a wizard step in, move focus where a keyboard or screen-reader user expects
// it: to the error summary when the save failed, else to the field the action was about (the
// step's data-focus-after: the JD's text after drafting it), else to the new step's heading.
document.addEventListener("htmx:afterSettle", (event) => {
  if (!event.detail.target || event.detail.target.id !== "step") return;
  const step = document.getElementById("step");
  if (!step) return;
  const wanted = step.dataset.focusAfter && document.getElementById(step.dataset.focusAfter);
  const target = step.querySelector("#form-errors") || wanted || step.querySelector("#step-heading");
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

// Times the server wrote in its own zone ("14:32 UTC") are shown in the reader's local time.
function localTimes(root) {
  root.querySelectorAll("time[data-local-time]").forEach((el) => {
    const when = new Date(el.getAttribute("datetime"));
    if (!Number.isNaN(when.getTime())) {
      el.textContent = when.toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
    }
  });
}
document.addEventListener("DOMContentLoaded", () => localTimes(document));
document.addEventListener("htmx:afterSettle", (event) => localTimes(event.detail.elt || document));

// A step swapped in by htmx ends with the page's <title>. htmx only takes a title it finds
// first in the response, and a chart's SVG <title> can come before it: set it here.
document.addEventListener("htmx:afterSettle", (event) => {
  const xhr = event.detail.xhr;
  const match = xhr && xhr.responseText.match(/<title>[^<]*<\/title>\s*$/);
  if (match) document.title = new DOMParser().parseFromString(match[0], "text/html").title;
});

// On a narrow screen the steps sit in a strip that scrolls sideways: bring the current one
// into view, centred where it can be.
function showCurrentStep() {
  const strip = document.querySelector("#progress ol");
  const current = strip && strip.querySelector("[aria-current=step]");
  if (!current || strip.scrollWidth <= strip.clientWidth) return;
  const box = strip.getBoundingClientRect();
  const item = current.getBoundingClientRect();
  strip.scrollLeft += item.left - box.left - (box.width - item.width) / 2;
}
document.addEventListener("DOMContentLoaded", showCurrentStep);
document.addEventListener("htmx:afterSettle", showCurrentStep);

// The findings line at the top of a step's form (wizard/advice_summary.html) comes with each
// live preview, out of band. A preview that brings none would leave it telling of answers
// that are gone: hide it until a response brings a fresh one.
document.addEventListener("htmx:afterSwap", (event) => {
  if (!event.detail.target || event.detail.target.id !== "live") return;
  const summary = document.getElementById("advice-summary");
  const xhr = event.detail.xhr;
  if (summary && xhr && !xhr.responseText.includes('id="advice-summary"')) summary.hidden = true;
});
