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

// htmx swaps nothing in when a request fails (a 4xx or 5xx answer, or no answer at all), so the
// page would just sit there. Say what happened in an alert at the top of the form the request
// came from (the step's form for its live advice, else the page), and touch no field: what the
// person typed stays as it was. The error pages mark their own explanation with
// data-error-message (400.html, 413.html, …); a bare answer gets one by its status.
const REQUEST_ERROR_ID = "request-error";
const KEEP_WORK = "Your work on the page is still there.";
const KEEP_WORK_RETRY = "Your work on the page is still there: try again in a moment.";
const REQUEST_ERRORS = {
  0: "Hireplan could not be reached, so nothing was saved. Your work on the page is still there: check your connection and try again.",
  400: "We couldn’t read that request, so nothing was saved. Your work on the page is still there: try again.",
  403: "That wasn’t allowed, so nothing was saved; your session may have ended. Copy what you typed somewhere safe, then reload the page.",
  404: "We couldn’t find that: the plan may have been removed, or it belongs to a company you don’t work with.",
  413: "That was more than we accept in one go, so nothing was saved. Your work on the page is still there: shorten the text and try again.",
  429: "Too many tries in a row, so nothing was saved. Your work on the page is still there: wait a few minutes and try again.",
  500: "Something went wrong on our side, so nothing was saved. Your work on the page is still there: try again in a moment.",
  503: "Hireplan can’t reach the place where plans are kept just now, so nothing was saved. Your work on the page is still there: try again in about half a minute.",
};

function requestErrorText(xhr) {
  const status = xhr ? xhr.status : 0;
  const type = (xhr && xhr.getResponseHeader("Content-Type")) || "";
  if (status && type.includes("text/html") && xhr.responseText) {
    const answer = new DOMParser().parseFromString(xhr.responseText, "text/html");
    const text = Array.from(answer.querySelectorAll("[data-error-message]"), (el) =>
      el.textContent.replace(/\s+/g, " ").trim(),
    )
      .filter(Boolean)
      .map((part) => (/[.!?:]$/.test(part) ? part : `${part}.`))
      .join(" ");
    // The 400 and 413 pages say themselves that the work is still there.
    if (text && (status === 400 || status === 413)) return text;
    if (text) return `${text} ${status >= 500 ? KEEP_WORK_RETRY : KEEP_WORK}`;
  }
  return REQUEST_ERRORS[status] || REQUEST_ERRORS[status >= 500 ? 500 : 400];
}

// The element whose request failed last: only its own next success takes the alert away (a
// live preview that works says nothing about the save that failed).
let requestErrorSource = null;

function clearRequestError() {
  const old = document.getElementById(REQUEST_ERROR_ID);
  if (old) old.remove();
  requestErrorSource = null;
}

function showRequestError(event) {
  const elt = event.detail.elt;
  const place =
    (elt && elt.closest && elt.closest("form")) ||
    document.getElementById("step-form") ||
    document.getElementById("main") ||
    document.body;
  const old = document.getElementById(REQUEST_ERROR_ID);
  const hadFocus = Boolean(old) && document.activeElement === old;
  clearRequestError(); // a fresh element, so a repeated failure is announced again
  requestErrorSource = elt || null;
  const alert = document.createElement("div");
  alert.id = REQUEST_ERROR_ID;
  alert.className = "alert alert-error request-error";
  alert.setAttribute("role", "alert");
  alert.tabIndex = -1;
  const line = document.createElement("p");
  line.textContent = requestErrorText(event.detail.xhr);
  alert.append(line);
  place.prepend(alert);
  // A save (the form itself posted) takes focus to the alert, as a failed save's error summary
  // does; a live preview while typing leaves the focus where the person is typing.
  if (hadFocus || (elt && elt.tagName === "FORM")) alert.focus();
}

document.addEventListener("htmx:responseError", showRequestError);
document.addEventListener("htmx:sendError", showRequestError);
document.addEventListener("htmx:afterRequest", (event) => {
  if (event.detail.successful && event.detail.elt === requestErrorSource) clearRequestError();
});
