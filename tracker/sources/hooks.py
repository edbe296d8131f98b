"""What apps above sources add to a source's page (see tracker.hooks)."""

from tracker.hooks import Hook

# function(team_id) -> [Prefetch, ...]: what each paragraph of the page shows beside its text
# (the recommendations quoted from it, the evidence that cites it).
paragraph_prefetches = Hook("prefetches for the paragraphs of a source's page")

# function(request, source, can_edit) -> dict: more context for the source's page (the form that links
# a paragraph as evidence).
source_page_context = Hook("context for a source's page")
