"""What evidence adds to the pages of the apps below it, registered in their hooks by EvidenceConfig.ready():
the panel of a recommendation's page, the counts in a row of the list, the passages search covers, the
entries of the activity feed, the dashboard's evidence counts, and the citations and linking form on a source's
page.
"""

from datetime import timedelta

from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from tracker.accounts.permissions import team_ids as teams_of
from tracker.recommendations.activity import ENTRY_FIELDS, ActivityEntry, Kind, link, person_fields
from tracker.recommendations.models import OPEN_STATUSES, Recommendation
from tracker.recommendations.search import search

from .forms import EvidenceForm
from .models import Evidence, Stance

# Suggestions a recommendation's page lists, best first; the evidence inbox reviews them all.
SUGGESTIONS_SHOWN = 10


def evidence_panel(recommendation):
    """A recommendation's evidence as its page shows it, from one query: confirmed evidence grouped by
    stance (every stance listed, even when empty), the best SUGGESTIONS_SHOWN suggestions and how many there are,
    and removed evidence that can be restored.
    """
    # Not each passage's source's whole text (6 KB) nor the passage's search document: the panel cites them.
    rows = Evidence.objects.filter(recommendation=recommendation).for_page()
    rows = list(rows.defer("paragraph__source__text", "paragraph__search_vector"))
    confirmed = [row for row in rows if row.state == Evidence.State.CONFIRMED]
    suggested = sorted(
        (row for row in rows if row.state == Evidence.State.SUGGESTED), key=lambda row: -(row.score or 0)
    )
    return {
        "groups": [
            {"stance": value, "label": label, "items": [row for row in confirmed if row.stance == value]}
            for value, label in Stance.choices
        ],
        "suggested": suggested[:SUGGESTIONS_SHOWN],
        "suggested_total": len(suggested),
        "removed": [row for row in rows if row.state == Evidence.State.REMOVED],
    }


def evidence_panel_context(request, recommendation):
    """The evidence panel of a recommendation's page."""
    return {
        "evidence": evidence_panel(recommendation),
        "stances": Stance.choices,
        "evidence_form": EvidenceForm(initial={"recommendation": recommendation.pk}),
    }


def with_evidence_counts(recommendations):
    """Confirmed evidence per stance and suggestions awaiting review, counted in the same query."""

    def count(**conditions):
        rows = (
            Evidence.objects.filter(recommendation=models.OuterRef("pk"), **conditions)
            .order_by()
            .values("recommendation")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return Coalesce(models.Subquery(rows), 0)

    confirmed = Evidence.State.CONFIRMED
    return recommendations.annotate(
        supports_count=count(state=confirmed, stance=Stance.SUPPORTS),
        undercuts_count=count(state=confirmed, stance=Stance.UNDERCUTS),
        context_count=count(state=confirmed, stance=Stance.CONTEXT),
        suggested_count=count(state=Evidence.State.SUGGESTED),
    )


def confirmed_passages():
    """Search covers the confirmed passages: a paragraph's text, or a web page's excerpt."""
    return Evidence.objects.confirmed(), Coalesce("paragraph__text", "excerpt")


def evidence_activity(team_ids, since, limit):
    """Evidence added in the teams, newest first, in one query (read through the index on when it arrived)."""
    # A confirmed suggestion counts from its confirmation, by the person who confirmed it.
    evidence = (
        Evidence.objects.filter(recommendation__team__in=team_ids)
        .confirmed()
        .annotate(when=Coalesce("reviewed_at", "created_at"))
        .select_related("recommendation", "paragraph__source", "added_by", "reviewed_by")
        # What an entry prints: not the passage's text, nor its source's, nor the item's.
        .only(
            "url",
            "stance",
            "created_at",
            "reviewed_at",
            "paragraph__number",
            "paragraph__source__title",
            *ENTRY_FIELDS,
            *person_fields("added_by"),
            *person_fields("reviewed_by"),
        )
    )
    if since:
        evidence = evidence.filter(when__gte=since)
    # Ordered by the indexed moment alone, so that PostgreSQL stops at `limit`: with "-id" as well it read every
    # row of the newest moment first (a confirmation of many suggestions at once shares one).
    for item in evidence.order_by(F("when").desc())[:limit]:
        origin = f"{item.paragraph.source.title}, ¶{item.paragraph.number}" if item.paragraph_id else item.url
        what = f"added {item.get_stance_display().lower()} evidence from {origin}"
        who = item.reviewed_by or item.added_by
        yield ActivityEntry(
            Kind.EVIDENCE, item.when, who, item.recommendation, what, link(item.recommendation, "evidence")
        )


def citing_evidence(team_id):
    """On a source's page, each paragraph lists the confirmed evidence that cites it (`confirmed_evidence`)."""
    return [
        models.Prefetch(
            "evidence",
            queryset=Evidence.objects.confirmed()
            .filter(recommendation__team_id=team_id)
            .select_related("recommendation")
            .order_by("recommendation_id"),
            to_attr="confirmed_evidence",
        )
    ]


# Recommendations offered at once in the form that links a paragraph as evidence; a team has thousands, so the
# form offers a few and a search field finds the others.
LINK_CHOICES = 8


def link_form_context(request, source, can_edit):
    """?link=<number> on a source's page opens the form that links that paragraph as evidence.

    It offers the recommendations the paragraph was suggested for (else the most recently updated), or, with
    ?find=<words>, those that match the words best.
    """
    number = request.GET.get("link", "")
    if not (can_edit and number.isdigit()):
        return {}
    find = " ".join(request.GET.get("find", "").split())[:200]
    team_items = Recommendation.objects.filter(team_id=source.team_id, deleted_at__isnull=True).select_related(
        "source", "paragraph"
    )
    if find:
        found = search(team_items, find).order_by(F("search_rank").desc(), "-updated_at", "pk")
        choices = list(found[:LINK_CHOICES])
    else:
        suggested = team_items.filter(
            evidence__paragraph__source=source,
            evidence__paragraph__number=int(number),
            evidence__state=Evidence.State.SUGGESTED,
        ).order_by("-evidence__score", "pk")
        choices = list(suggested[:LINK_CHOICES]) or list(team_items.order_by("-updated_at", "pk")[:LINK_CHOICES])
    return {
        "link_number": int(number),
        "link_choices": choices,
        "link_find": find,
        "link_any": bool(choices) or team_items.exists(),
        "stances": Stance.choices,
    }


# The dashboard counts suggestions awaiting review up to this many, then says "over 1,000"; the inbox lists them all.
AWAITING_COUNTED_UP_TO = 1000


def dashboard_evidence(request):
    """The dashboard's evidence panel: confirmed in the last week and awaiting review, counted apart.

    Two counts rather than one pass over all the teams' evidence: the recent ones are read through the index on
    when evidence arrived. Those awaiting review stop at AWAITING_COUNTED_UP_TO: a team of 20,000 items has
    20,000 suggestions waiting, and counting them all read every one on each visit.
    """
    week_ago = timezone.now() - timedelta(days=7)
    team_ids = teams_of(request.user)
    shown = Evidence.objects.filter(recommendation__team__in=team_ids, recommendation__deleted_at__isnull=True)
    awaiting = shown.suggested().filter(recommendation__status__in=OPEN_STATUSES).values("pk")
    awaiting = awaiting[: AWAITING_COUNTED_UP_TO + 1].count()
    counts = {
        "awaiting": f"over {AWAITING_COUNTED_UP_TO:,}" if awaiting > AWAITING_COUNTED_UP_TO else awaiting,
        "confirmed": shown.confirmed()
        .alias(arrived=Coalesce("reviewed_at", "created_at"))
        .filter(arrived__gte=week_ago)
        .count(),
    }
    return "evidence/_dashboard_panel.html", counts
