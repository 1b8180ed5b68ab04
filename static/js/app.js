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

// Times the server wrote in its own zone are shown in the reader's local time, in the one
// format's 24-hour "14:32" (hireplan/formats/en/formats.py, TIME_FORMAT).
function localTimes(root) {
  root.querySelectorAll("time[data-local-time]").forEach((el) => {
    const when = new Date(el.getAttribute("datetime"));
    if (!Number.isNaN(when.getTime())) {
      el.textContent = when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
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

// Drafts: nothing typed on a step is lost (hireplan/drafts.py). What the user types is sent as a
// draft a second after they stop (the #draft-status element, by htmx); this part makes sure
// the last second is not lost when they leave, and asks before leaving only when it would be.
// `edits` counts the user's changes to the form; `kept` is how many of them the server holds.
const drafting = { edits: 0, kept: 0, sending: 0, leaving: false };

function draftForm() {
  return document.querySelector("#step-form[data-draft-url]");
}

function unsaved() {
  return Boolean(draftForm()) && drafting.edits > drafting.kept;
}

document.addEventListener("input", (event) => {
  if (event.target.closest && event.target.closest("#step-form[data-draft-url]")) drafting.edits += 1;
});

// The draft element's own requests: remember how many edits each one carries.
document.addEventListener("htmx:beforeRequest", (event) => {
  if (event.detail.elt && event.detail.elt.id === "draft-status") drafting.sending = drafting.edits;
});
document.addEventListener("htmx:afterRequest", (event) => {
  if (event.detail.elt && event.detail.elt.id === "draft-status" && event.detail.successful) {
    drafting.kept = Math.max(drafting.kept, drafting.sending);
  }
});

// A new step (or the same one saved, failed or discarded) arrived: the server holds its state.
document.addEventListener("htmx:afterSwap", (event) => {
  if (event.detail.target && event.detail.target.id === "step") {
    drafting.edits = 0;
    drafting.kept = 0;
  }
});

// Sends the form as the draft now. `keepalive` lets it finish after the page is gone.
function sendDraft() {
  const form = draftForm();
  if (!form || !unsaved()) return Promise.resolve(true);
  const carrying = drafting.edits;
  return fetch(form.dataset.draftUrl, {
    method: "POST",
    body: new URLSearchParams(new FormData(form)),
    headers: { "HX-Request": "true" },
    credentials: "same-origin",
    keepalive: true,
  })
    .then((response) => {
      if (response.ok) drafting.kept = Math.max(drafting.kept, carrying);
      return response.ok;
    })
    .catch(() => false);
}

const LEAVE_QUESTION =
  "Your latest changes on this step could not be kept as a draft, so leaving now loses them. Leave anyway?";

// Leaving by htmx (the sidebar, say): keep the draft first, then go; ask only if it failed.
document.addEventListener("htmx:confirm", (event) => {
  const target = event.detail.target;
  const elt = event.detail.elt;
  if (!unsaved() || !target || target.id !== "step" || event.detail.verb !== "get") return;
  if (elt && elt.closest && elt.closest("#step-form")) return;
  event.preventDefault();
  sendDraft().then((kept) => {
    if (kept || window.confirm(LEAVE_QUESTION)) event.detail.issueRequest(true);
  });
});

// Leaving by an ordinary link: the same, then follow it.
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[href]");
  if (!link || !unsaved() || event.defaultPrevented) return;
  if (link.hasAttribute("hx-get") || link.target || link.hasAttribute("download")) return;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || (url.pathname === location.pathname && url.hash)) return;
  event.preventDefault();
  sendDraft().then((kept) => {
    if (kept || window.confirm(LEAVE_QUESTION)) {
      drafting.leaving = true;
      location.href = link.href;
    }
  });
});

// Back and forward within the wizard (htmx history): keep the draft on the way out.
document.addEventListener("htmx:beforeHistorySave", () => {
  if (unsaved()) sendDraft();
});

// A plain submit of the form is its save: nothing to ask about.
document.addEventListener("submit", (event) => {
  if (event.target.id === "step-form") drafting.leaving = true;
});

// Closing the tab, reloading, typing another address: send what is left and, since the
// browser will not wait to hear whether it arrived, ask.
window.addEventListener("beforeunload", (event) => {
  if (drafting.leaving || !unsaved()) return;
  sendDraft();
  event.preventDefault();
  event.returnValue = "";
});

// Fixed errors clear as the user fixes them: each kept draft names the fields still in
// error; every mark on another field goes, and the summary at the top follows.
document.addEventListener("hireplan:draft-kept", (event) => {
  const form = draftForm();
  const invalid = new Set((event.detail && event.detail.invalid) || []);
  if (!form) return;
  form.querySelectorAll(".has-error").forEach((box) => {
    const names = Array.from(box.querySelectorAll("[name]"), (input) => input.name);
    if (!names.length || names.some((name) => invalid.has(name))) return;
    box.classList.remove("has-error");
    box.querySelectorAll(".field-errors").forEach((list) => list.remove());
    box.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
  });
  const summary = document.getElementById("form-errors");
  if (summary && summary.dataset.fieldErrorsOnly !== undefined) {
    const left = form.querySelectorAll(".has-error").length;
    if (!left) summary.remove();
    else {
      const count = summary.querySelector("[data-error-count]");
      if (count) count.textContent = `${left} answer${left === 1 ? "" : "s"}`;
    }
  }
});

// Disclosures that remember (issue 22, "Less to read"): a step leads with its questions and the
// findings that matter; longer explanations fold into <details class="more" id="…">. Each one's
// open or closed state is kept in localStorage under the step's path and its id, and put back
// when the page loads and whenever htmx swaps part of the page in (a live preview, a step).
const MORE_KEY = "hireplan.more:";
function moreKey(details) {
  // The step's path without the plan's number: /engagements/_/comp/ keeps one state per step.
  const where = window.location.pathname.replace(/\d+/g, "_");
  return `${MORE_KEY}${where}#${details.id}`;
}
function restoreMore(root) {
  if (!root || !root.querySelectorAll) return;
  const all = root.matches && root.matches("details.more[id]") ? [root] : [];
  all.push(...root.querySelectorAll("details.more[id]"));
  all.forEach((details) => {
    let kept = null;
    try { kept = window.localStorage.getItem(moreKey(details)); } catch (error) { return; }
    if (kept === "open") details.open = true;
    else if (kept === "closed") details.open = false;
  });
}
document.addEventListener("toggle", (event) => {
  const details = event.target;
  if (!(details instanceof HTMLDetailsElement) || !details.matches("details.more[id]")) return;
  try {
    window.localStorage.setItem(moreKey(details), details.open ? "open" : "closed");
  } catch (error) {
    // Private browsing or storage full: the disclosure still works, it just forgets.
  }
}, true);
// htmx fires htmx:load on whatever it swaps in; the first page load needs no htmx.
document.addEventListener("DOMContentLoaded", () => restoreMore(document));
document.addEventListener("htmx:load", (event) => restoreMore(event.detail.elt));
