"""What apps above recommendations add to its pages, list, search and activity feed (see tracker.hooks)."""

from tracker.hooks import Hook

# function(request, recommendation) -> dict: the panels a higher app adds to a recommendation's page.
detail_panels = Hook("panels of a recommendation's page")

# function(queryset) -> queryset: what a row of the list shows beyond the recommendation (evidence counts).
list_annotations = Hook("annotations of the list's rows")

# function() -> (queryset, text expression): passages indexed with a recommendation for search; the
# queryset has a `recommendation` foreign key, and the expression gives each row's text.
search_passages = Hook("passages searched with a recommendation")

# function(team_ids, since, limit) -> [ActivityEntry]: more entries for the recent-activity feed of those teams.
activity_feeds = Hook("entries of the recent-activity feed")

# function(request) -> (template name, context) or None: a panel a higher app adds to the dashboard.
dashboard_panels = Hook("panels of the dashboard")

# function(recommendation_id): after a status change, for rules of higher apps that depend on the status
# (evidence flags a status its newest evidence disagrees with).
status_changed = Hook("after a recommendation's status changed")

# function(user, recommendations): after a person tracked new recommendations (accepted on the review page, tracked
# by hand, or added without a document), for the apps above that start work on them (suggesting their evidence).
tracked = Hook("after people tracked new recommendations")
