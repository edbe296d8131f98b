"""The evidence inbox: suggestions awaiting review across the user's open recommendations, a page of
recommendations at a time, newest document first, each with its suggestions grouped by source."""

from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef

from tracker.accounts.models import Team
from tracker.recommendations.models import OPEN_STATUSES, Recommendation
from tracker.sources.models import Source
from tracker.widgets import QuickSelect

from .models import Evidence

RECOMMENDATIONS_PER_PAGE = 15

SHOWING = [
    (Evidence.State.SUGGESTED.value, "Awaiting review"),
    (Evidence.State.DISMISSED.value, "Dismissed"),
]


class SourceChoice(forms.ModelChoiceField):
    def label_from_instance(self, source):
        return source.title


class InboxForm(forms.Form):
    """What the inbox shows; choices are the user's own, so another team's id is an invalid choice."""

    showing = forms.ChoiceField(choices=SHOWING, required=False, label="Show")
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, empty_label="All teams", widget=QuickSelect
    )
    source = SourceChoice(queryset=Source.objects.none(), required=False, empty_label="All sources", widget=QuickSelect)
    recommendation = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, data, *, user):
        super().__init__(data)
        self.user = user
        self.fields["team"].queryset = Team.objects.filter(memberships__user=user).order_by("name")
        # Only the sources that have passages in the inbox: a team's thousand sources would make a useless menu.
        with_suggestions = Evidence.objects.filter(paragraph__source=OuterRef("pk"), state=Evidence.State.SUGGESTED)
        self.fields["source"].queryset = (
            Source.objects.visible_to(user).filter(Exists(with_suggestions)).only("pk", "title").order_by("title")
        )

    def clean_recommendation(self):
        pk = self.cleaned_data.get("recommendation")
        if pk and not Recommendation.objects.visible_to(self.user).filter(pk=pk).exists():
            raise forms.ValidationError("That recommendation is not one of your teams'.")
        return pk


@dataclass
class SourceGroup:
    source: Source
    items: list = field(default_factory=list)


@dataclass
class Group:
    """One recommendation and its passages in the inbox, by source."""

    recommendation: Recommendation
    waiting: int
    sources: list = field(default_factory=list)


def passages(user, data):
    """The evidence rows the inbox lists for these cleaned form values."""
    showing = data.get("showing") or Evidence.State.SUGGESTED
    rows = Evidence.objects.visible_to(user).filter(
        state=showing,
        paragraph__isnull=False,
        recommendation__status__in=OPEN_STATUSES,
        recommendation__deleted_at__isnull=True,
    )
    if data.get("team"):
        rows = rows.filter(recommendation__team=data["team"])
    if data.get("source"):
        rows = rows.filter(paragraph__source=data["source"])
    if data.get("recommendation"):
        rows = rows.filter(recommendation=data["recommendation"])
    return rows


def inbox_page(user, data, page_number):
    """(page, groups): a page of recommendations, newest document first, each with all its passages."""
    rows = passages(user, data)
    per_recommendation = (
        rows.order_by()
        .values("recommendation")
        # When the newest passage was suggested stands for its document's arrival, without joining the sources.
        .annotate(newest=Max("created_at"), waiting=Count("pk"))
        .order_by("-newest", "-recommendation")
    )
    page = Paginator(per_recommendation, RECOMMENDATIONS_PER_PAGE).get_page(page_number)
    ids = [row["recommendation"] for row in page]
    recommendations = Recommendation.objects.select_related("team").in_bulk(ids)
    groups = {pk: Group(recommendations[pk], row["waiting"]) for pk, row in zip(ids, page, strict=True)}
    items = (
        rows.filter(recommendation__in=ids)
        .select_related("paragraph__source")
        .order_by("-paragraph__source__created_at", "paragraph__source_id", "-score", "pk")
    )
    for item in items:
        group = groups[item.recommendation_id]
        if not group.sources or group.sources[-1].source.pk != item.paragraph.source_id:
            group.sources.append(SourceGroup(item.paragraph.source))
        group.sources[-1].items.append(item)
    return page, list(groups.values())
