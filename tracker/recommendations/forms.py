from django import forms
from django.contrib.auth import get_user_model

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
    status = forms.ChoiceField(choices=Status.choices, label="New status")
    note = forms.CharField(
        required=False, max_length=2000, label="Note (optional)", widget=forms.Textarea(attrs={"rows": 2})
    )
    # The version the page showed: a change made by someone else since is refused.
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput, error_messages=VERSION_ERRORS)


class DetailsForm(PageForm):
    id_prefix = "details"
    owner = forms.ModelChoiceField(queryset=None, required=False, empty_label="No owner")
    priority = forms.TypedChoiceField(choices=Priority.choices, coerce=int)
    due_on = forms.DateField(required=False, label="Due date", widget=forms.DateInput(attrs={"type": "date"}))
    actor = forms.CharField(
        required=False, max_length=120, label="Addressed to", help_text="Who the recommendation addresses."
    )
    themes = forms.ModelMultipleChoiceField(queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
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
