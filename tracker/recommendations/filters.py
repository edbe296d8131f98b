"""The recommendation list's filters, search and sort, limited to what the user may see.

Choices (teams, owners, themes, sources) come from the user's own teams, so another
team's id is an invalid choice: the form reports it and that filter is ignored.
"""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Value, When

from tracker.accounts.forms import PersonChoiceIterator
from tracker.accounts.models import Team
from tracker.sources.models import Source
from tracker.widgets import QuickSelect, ValuesChoiceIterator

from .models import Priority, Recommendation, Status, Theme
from .search import search

# No choice (the default) means the best match when searching, else the most recently updated.
SORTS = [
    ("updated", "Recently updated"),
    ("due", "Due date"),
    ("priority", "Priority"),
    ("status", "Status"),
    ("title", "Title"),
]

# Status in its fixed order, not alphabetically.
STATUS_ORDER = Case(
    *[When(status=status.value, then=Value(index)) for index, status in enumerate(Status)],
    output_field=IntegerField(),
)

ORDERINGS = {
    "updated": [F("updated_at").desc(), "pk"],
    "due": [F("due_on").asc(nulls_last=True), F("priority").desc(), "pk"],
    "priority": [F("priority").desc(), F("due_on").asc(nulls_last=True), "pk"],
    "status": ["status_order", F("updated_at").desc(), "pk"],
    "title": ["title", "pk"],
}


def _teams(request):
    return Team.objects.filter(memberships__user=request.user)


def _owners(request):
    return (
        get_user_model()
        .objects.filter(memberships__team__memberships__user=request.user)
        .only("pk", "username", "first_name", "last_name")
        .distinct()
        .order_by("username")
    )


def _themes(request):
    return Theme.objects.filter(team__memberships__user=request.user)


def _sources(request):
    # The sources recommendations come from, by title only: not a join with every recommendation, nor any full text.
    quoted = Recommendation.objects.filter(source=OuterRef("pk"), deleted_at__isnull=True)
    return Source.objects.visible_to(request.user).filter(Exists(quoted)).only("pk", "title").order_by("title", "pk")


# Seconds the filter form keeps its lists of sources and members: a team's thousand sources were read and written
# out on every page of the list.
CHOICES_KEPT_FOR = 60


class OwnerChoices(django_filters.fields.ModelChoiceIterator, PersonChoiceIterator):
    """The members named from their values, after "Anyone" and "Unassigned"."""

    keep_for = CHOICES_KEPT_FOR


class OwnerField(django_filters.fields.ModelChoiceField):
    iterator = OwnerChoices


class SourceChoices(ValuesChoiceIterator):
    label_fields = ("title",)
    keep_for = CHOICES_KEPT_FOR

    def label(self, title):
        return title


class SourceField(django_filters.fields.ModelChoiceField):
    iterator = SourceChoices


class SourceFilter(django_filters.ModelChoiceFilter):
    field_class = SourceField


class OwnerFilter(django_filters.ModelChoiceFilter):
    field_class = OwnerField


class RecommendationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "aria-describedby": "search-hint"}),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    team = django_filters.ModelChoiceFilter(queryset=_teams, empty_label="All teams", widget=QuickSelect)
    owner = OwnerFilter(
        queryset=_owners, empty_label="Anyone", null_label="Unassigned", null_value="unassigned", widget=QuickSelect
    )
    theme = django_filters.ModelChoiceFilter(
        label="Theme", field_name="themes", queryset=_themes, empty_label="All themes", widget=QuickSelect
    )
    source = SourceFilter(queryset=_sources, empty_label="All sources", widget=QuickSelect)
    priority = django_filters.ChoiceFilter(choices=Priority.choices, empty_label="Any priority")
    due_after = django_filters.DateFilter(
        label="Due on or after", field_name="due_on", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    due_before = django_filters.DateFilter(
        label="Due on or before", field_name="due_on", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )
    overdue = django_filters.BooleanFilter(label="Overdue only", method="only_overdue", widget=forms.CheckboxInput)
    stale = django_filters.BooleanFilter(label="No recent activity", method="only_stale", widget=forms.CheckboxInput)
    disagrees = django_filters.BooleanFilter(
        label="Evidence disagrees with the status", method="only_disagreeing", widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by", choices=SORTS, empty_label="Best match or latest", method="keep"
    )

    class Meta:
        model = Recommendation
        fields = []

    def search(self, queryset, name, value):
        return search(queryset, value)

    def only_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

    def only_stale(self, queryset, name, value):
        return queryset.stale() if value else queryset

    def only_disagreeing(self, queryset, name, value):
        return queryset.filter(evidence_disagrees=True) if value else queryset

    def keep(self, queryset, name, value):
        # Ordering is applied last, in filter_queryset, once search has ranked the rows.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.annotate(status_order=STATUS_ORDER).order_by(*self.ordering())

    def ordering(self):
        """The chosen order; by default the best match when searching, else the most recently updated."""
        sort = self.form.cleaned_data.get("sort")
        if sort:
            return ORDERINGS[sort]
        if self.form.cleaned_data.get("q", "").strip():
            return [F("search_rank").desc(), F("updated_at").desc(), "pk"]
        return ORDERINGS["updated"]

    @property
    def searches(self):
        """Whether the list is a search (ranked by how well each item matches); an invalid filter is ignored."""
        self.form.is_valid()
        return bool(self.form.cleaned_data.get("q", "").strip())

    @property
    def is_filtered(self):
        """Whether any valid filter or search narrows the list (the sort alone does not)."""
        applied = (value for name, value in self.form.cleaned_data.items() if name != "sort")
        return any(value not in (None, "", False) and value != [] for value in applied)
