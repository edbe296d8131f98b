from django import forms

from tracker.recommendations.forms import PageForm

from .models import Stance

SENTENCE_ERRORS = {"min_value": "Sentences are counted from 1.", "invalid": "Choose the sentences by their number."}


class EvidenceForm(PageForm):
    """Evidence from a source paragraph (paragraph id) or from a web page (url and a verbatim excerpt).

    The source page posts recommendation, paragraph, stance, note and next to the same view, and, to quote only
    some of the paragraph, its first and last sentence (cleaned into `sentences`, checked against the paragraph
    by the service).
    """

    id_prefix = "evidence"
    recommendation = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    paragraph = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    url = forms.URLField(required=False, max_length=500, label="Page address", assume_scheme="https")
    excerpt = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="Copy the passage word for word."
    )
    stance = forms.ChoiceField(choices=Stance.choices)
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    first_sentence = forms.IntegerField(min_value=1, required=False, error_messages=SENTENCE_ERRORS)
    last_sentence = forms.IntegerField(min_value=1, required=False, error_messages=SENTENCE_ERRORS)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        first, last = data.get("first_sentence"), data.get("last_sentence")
        data["sentences"] = (first, last) if first and last else None
        if (first is None) != (last is None) and not {"first_sentence", "last_sentence"} & set(self.errors):
            self.add_error(None, "Choose both the first and the last sentence to quote, or neither for all of them.")
        if data.get("paragraph") or "paragraph" in self.errors:
            return data
        if first or last:
            self.add_error(None, "Sentences are chosen from a source's paragraph, not from a web page.")
        if not data.get("url") and "url" not in self.errors:
            self.add_error("url", "Give the page's address, or link a paragraph from a source page.")
        if not (data.get("excerpt") or "").strip():
            self.add_error("excerpt", "Quote the passage from the page word for word.")
        return data


class ConfirmForm(forms.Form):
    stance = forms.ChoiceField(choices=Stance.choices)


class SourceDismissForm(forms.Form):
    """All of one source's suggestions for one recommendation; with undo, the ids dismissed a moment ago."""

    recommendation = forms.IntegerField(min_value=1)
    source = forms.IntegerField(min_value=1)
    undo = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any whole numbers: the view keeps only those that are this recommendation's dismissed passages.
        values = self.data.getlist("undo") if hasattr(self.data, "getlist") else []
        self.fields["undo"].choices = [(value, value) for value in values if str(value).isdigit()]
