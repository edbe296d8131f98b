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
      returnTo = null;
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

  // The row a request came from gets the focus back once its new version is in the page, so the next key acts
  // on it (or j moves on). Remembered before the request: the old row leaves the page when it is swapped.
  let returnTo = null;
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    const row = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest(".inbox-passage");
    if (row) returnTo = row.id;
  });
  function refocus() {
    const row = returnTo && document.getElementById(returnTo);
    // Only where the focus was lost with the old row: not once the reader has moved on.
    const lost = !document.activeElement || document.activeElement === document.body;
    if (row && row.isConnected && lost) row.focus();
    if (row && row.isConnected) returnTo = null;
  }
  // After htmx has settled the new content (it may move the focus itself while swapping).
  document.body.addEventListener("htmx:afterSettle", function () {
    window.setTimeout(refocus, 0);
  });
  document.body.addEventListener("htmx:load", function () {
    window.setTimeout(refocus, 0);
  });
})();
