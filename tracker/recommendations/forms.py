from django import forms
from django.contrib.auth import get_user_model

from tracker.accounts.forms import PersonChoiceField
from tracker.widgets import QuickCheckboxes, QuickSelect

from .models import Priority, Status, Theme

VERSION_ERRORS = {
    "required": "The form did not say which version of the item it was loaded with; reload the page and try again.",
    "invalid": "The form's version of the item is not valid; reload the page and try again.",
    "min_value": "The form's version of the item is not valid; reload the page and try again.",
}


class PageForm(forms.Form):
    """One of several forms on the detail page: element ids start with id_prefix so that they stay unique."""

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class StatusForm(PageForm):
    id_prefix = "status"
    status = forms.ChoiceField(choices=Status.choices, label="New status", widget=QuickSelect)
    note = forms.CharField(
        required=False, max_length=2000, label="Note (optional)", widget=forms.Textarea(attrs={"rows": 2})
    )
    # The version the page showed: a change made by someone else since is refused.
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput, error_messages=VERSION_ERRORS)


class DetailsForm(PageForm):
    id_prefix = "details"
    owner = PersonChoiceField(queryset=None, required=False, empty_label="No owner", widget=QuickSelect)
    priority = forms.TypedChoiceField(choices=Priority.choices, coerce=int, widget=QuickSelect)
    due_on = forms.DateField(required=False, label="Due date", widget=forms.DateInput(attrs={"type": "date"}))
    actor = forms.CharField(
        required=False, max_length=120, label="Addressed to", help_text="Who the recommendation addresses."
    )
    themes = forms.ModelMultipleChoiceField(queryset=None, required=False, widget=QuickCheckboxes)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput, error_messages=VERSION_ERRORS)

    def __init__(self, recommendation, *args, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "owner": recommendation.owner_id,
                "priority": recommendation.priority,
                "due_on": recommendation.due_on,
                "actor": recommendation.actor,
                "themes": [theme.pk for theme in recommendation.themes.all()],
                "version": recommendation.version,
            },
        )
        super().__init__(*args, **kwargs)
        # Only members of the item's team can own it, and only its team's themes apply.
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(memberships__team_id=recommendation.team_id).order_by("username")
        )
        self.fields["themes"].queryset = Theme.objects.filter(team_id=recommendation.team_id)


class CommentForm(PageForm):
    id_prefix = "comment"
    body = forms.CharField(
        label="Comment",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Markdown: **bold**, _italic_, [links](https://…), lists. @username mentions a team member.",
    )


class NewRecommendationForm(forms.Form):
    """A recommendation that has no document in Tracker: its text, where it comes from, and its details."""

    team = forms.ModelChoiceField(queryset=None, empty_label=None)
    text = forms.CharField(
        max_length=10000, widget=forms.Textarea(attrs={"rows": 5}), help_text="The recommendation, verbatim."
    )
    citation = forms.CharField(
        max_length=300,
        label="Where it comes from",
        help_text="As you would cite it: “Defence Committee, Third Report, March 2025, para 42”.",
    )
    url = forms.URLField(required=False, max_length=500, label="URL", assume_scheme="https")
    title = forms.CharField(required=False, max_length=200, help_text="Leave empty to use its first clause.")
    label = forms.CharField(required=False, max_length=40, help_text="Its number in the report, such as 8.2(b).")
    actor = forms.CharField(required=False, max_length=120, label="Addressed to")
    owner = forms.ModelChoiceField(queryset=None, required=False, empty_label="No owner", widget=QuickSelect)
    priority = forms.TypedChoiceField(choices=Priority.choices, coerce=int, initial=Priority.MEDIUM)
    due_on = forms.DateField(required=False, label="Due date", widget=forms.DateInput(attrs={"type": "date"}))
    themes = forms.ModelMultipleChoiceField(queryset=None, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        # Owners and themes of the teams offered; clean() checks they belong to the team chosen.
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(memberships__team__in=teams).distinct().order_by("username")
        )
        self.fields["themes"].queryset = Theme.objects.filter(team__in=teams)

    def clean(self):
        cleaned = super().clean()
        team = cleaned.get("team")
        if team and cleaned.get("owner") and not cleaned["owner"].memberships.filter(team=team).exists():
            self.add_error("owner", "The owner must be a member of the team.")
        if team and any(theme.team_id != team.pk for theme in cleaned.get("themes") or []):
            self.add_error("themes", "Choose themes of the team.")
        return cleaned


class CorrectionForm(PageForm):
    """Correct what was read from the document: the text, the title or the label."""

    id_prefix = "correct"
    text = forms.CharField(max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
    title = forms.CharField(max_length=200)
    label = forms.CharField(max_length=40, required=False)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput, error_messages=VERSION_ERRORS)


class MergeForm(PageForm):
    id_prefix = "merge"
    duplicate = forms.IntegerField(
        min_value=1,
        label="Number of the duplicate",
        help_text="The number in its address: /recommendations/<number>/. Its evidence, comments and history "
        "move to this recommendation, and it leaves every list.",
    )
