// The source page's form that links a paragraph as evidence, choosing which of its sentences to quote: the
// "to" sentence follows the "from" one so that the run never reads backwards, and the quote shows as it is
// chosen. Without this script the two selects post as they are, and the server refuses a reversed run.
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    const select = event.target;
    if (!select.matches || !select.matches('select[name="first_sentence"], select[name="last_sentence"]')) return;
    const fieldset = select.closest(".link-sentences");
    const first = fieldset.querySelector('select[name="first_sentence"]');
    const last = fieldset.querySelector('select[name="last_sentence"]');
    if (first.selectedIndex > last.selectedIndex) {
      if (select === first) last.selectedIndex = first.selectedIndex;
      else first.selectedIndex = last.selectedIndex;
    }
    const chosen = Array.from(first.options)
      .slice(first.selectedIndex, last.selectedIndex + 1)
      .map((option) => option.dataset.sentence);
    const whole = first.selectedIndex === 0 && last.selectedIndex === last.options.length - 1;
    const preview = fieldset.querySelector(".link-preview");
    const which =
      first.value === last.value ? `sentence ${first.value}` : `sentences ${first.value}–${last.value}`;
    preview.textContent = whole ? "Quoting the whole paragraph." : `Quoting ${which}: “${chosen.join(" ")}”`;
    preview.hidden = false;
  });
})();
