// Keyboard shortcuts of the evidence inbox: j/k move between passages; s, u, c, d confirm or dismiss the
// passage in focus and z undoes, each by clicking that passage's own button (so htmx and plain forms behave alike).
(function () {
  "use strict";
  const rows = () => Array.from(document.querySelectorAll(".inbox-passage"));
  const current = () => document.activeElement && document.activeElement.closest(".inbox-passage");

  // The row a request came from, by id: its old version leaves the page when the new one is swapped in.
  let returnTo = null;
  // A key pressed while the row's request is under way, for the row that replaces it ("s" then "z" at once).
  // (The swaps settle at once, so a new row's buttons go through htmx from the moment it is in the page.)
  let held = null;
  const busy = (row) => row.querySelector(".htmx-request") !== null;

  function move(step) {
    const all = rows();
    if (!all.length) return;
    const index = all.indexOf(current());
    const next = all[Math.min(all.length - 1, Math.max(0, index === -1 ? 0 : index + step))];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }

  // Clicks the row's button for the key, if it has one; says whether it did.
  function act(row, key) {
    const button = row.querySelector(`button[data-key="${key}"]`);
    if (button) button.click();
    return Boolean(button);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea, [contenteditable]")) return;
    const key = event.key.toLowerCase();
    if (key === "j" || key === "k") {
      event.preventDefault();
      returnTo = held = null;
      move(key === "j" ? 1 : -1);
      return;
    }
    const row = current();
    if (!row || key.length !== 1 || !"sucdz".includes(key)) return;
    if (busy(row)) {
      event.preventDefault();
      held = { row: row.id, key: key };
    } else if (act(row, key)) {
      event.preventDefault();
    }
  });

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    const row = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest(".inbox-passage");
    if (row) returnTo = row.id;
  });

  // Once the new version of the row is processed (its buttons work), it takes the focus back, unless the reader
  // has moved on: htmx keeps the focus on a row that had it, but not on a button of the old row (Tab, Enter).
  document.body.addEventListener("htmx:load", function (event) {
    const row = event.target;
    if (!row.matches || !row.matches(".inbox-passage") || row.id !== returnTo) return;
    returnTo = null;
    const lost = !document.activeElement || document.activeElement === document.body;
    if (lost) row.focus();
    const key = held && held.row === row.id && row === current() ? held.key : null;
    held = null;
    if (key) act(row, key);
  });
})();
