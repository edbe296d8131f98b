// Keyboard shortcuts of the evidence inbox: j/k move between passages; s, u, c, d confirm or dismiss the
// passage in focus and z undoes, each by clicking that passage's own button (so htmx and plain forms behave alike).
(function () {
  "use strict";
  const rows = () => Array.from(document.querySelectorAll(".inbox-passage"));
  const current = () => document.activeElement && document.activeElement.closest(".inbox-passage");

  function move(step) {
    const all = rows();
    if (!all.length) return;
    const index = all.indexOf(current());
    const next = all[Math.min(all.length - 1, Math.max(0, index === -1 ? 0 : index + step))];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea, [contenteditable]")) return;
    const key = event.key.toLowerCase();
    if (key === "j" || key === "k") {
      event.preventDefault();
      move(key === "j" ? 1 : -1);
      return;
    }
    const row = current();
    const button = row && row.querySelector(`button[data-key="${key}"]`);
    if (button) {
      event.preventDefault();
      button.click();
    }
  });

  // The swapped row keeps the focus, so the next key acts on it (or j moves on).
  document.body.addEventListener("htmx:afterSwap", function (event) {
    const row = event.detail.target && document.getElementById(event.detail.target.id);
    if (row && row.classList.contains("inbox-passage")) row.focus();
  });
})();
