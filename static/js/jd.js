// The JD step's small enhancements; without JavaScript the page works and "Copy" stays hidden.
// Loaded inside the step, so an htmx swap may load it again: the guard keeps one copy running.
(() => {
  if (window.hireplanJd) return;
  window.hireplanJd = true;

  const reveal = () => {
    document.querySelectorAll("[data-jd-copy][hidden]").forEach((button) => {
      if (navigator.clipboard || document.queryCommandSupported?.("copy")) button.hidden = false;
    });
  };

  const say = (button, message) => {
    const status = button.parentElement.querySelector("[data-jd-copy-status]");
    if (status) status.textContent = message;
  };

  document.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-jd-copy]");
    if (!button) return;
    const source = document.querySelector(button.dataset.jdCopy);
    if (!source) return;
    try {
      await navigator.clipboard.writeText(source.value);
      say(button, "Copied to the clipboard.");
    } catch {
      // Older browsers, or a page served over plain HTTP: select the text and copy it.
      source.select();
      say(button, document.execCommand("copy") ? "Copied to the clipboard." : "Press Ctrl+C to copy the selected text.");
    }
  });

  // Enter in "Add a skill" adds it, rather than submitting the whole step.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.target.id !== "id_new_skill") return;
    const add = document.querySelector('#jd-skills button[value="add"]');
    if (!add) return;
    event.preventDefault();
    add.click();
  });

  // After htmx redraws part of the step, put focus where the user was working (app.js does it
  // for a whole step swapped in).
  document.addEventListener("htmx:afterSettle", (event) => {
    reveal();
    const live = document.getElementById("live");
    const swapped = [event.detail.elt, event.detail.target].filter(Boolean);
    if (live && swapped.some((el) => el === live || el.id === "live")) {
      // Announce the new score in one line rather than the whole redrawn panel.
      const summary = live.querySelector("[data-jd-summary]");
      const status = document.getElementById("jd-check-status");
      if (status) status.textContent = summary ? summary.textContent : "";
      return;
    }
    const skills = document.getElementById("jd-skills");
    if (skills && event.detail.elt && (event.detail.elt === skills || skills.contains(event.detail.elt) || event.detail.target?.id === "jd-skills")) {
      const focus = skills.querySelector("[data-jd-focus]");
      if (focus) focus.focus();
      // The ranking changed without a keystroke: ask the live check to look again.
      const form = document.getElementById("step-form");
      if (form) form.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", reveal);
  else reveal();
})();
