from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from tracker.accounts.models import Team
from tracker.accounts.permissions import editable_teams
from tracker.sources.formats import SUPPORTED_SUFFIXES, check_storable, document_text
from tracker.sources.services import DocumentError


class NewDocumentForm(forms.Form):
    """A document to add as a source: an uploaded file or pasted text, checked before any job is queued.

    Once valid, document_text holds the document as plain text, converted from its format.
    """

    document_text = ""

    team = forms.ModelChoiceField(queryset=Team.objects.none(), empty_label=None)
    file = forms.FileField(
        required=False,
        label="File",
        help_text="Plain text (.txt), Markdown (.md) or HTML (.html).",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(SUPPORTED_SUFFIXES))}),
    )
    text = forms.CharField(required=False, label="Or paste the text", widget=forms.Textarea(attrs={"rows": 10}))
    title = forms.CharField(required=False, max_length=300, help_text="Leave empty to use the document's first line.")
    publisher = forms.CharField(required=False, max_length=200)
    published_on = forms.DateField(
        required=False, label="Date published", widget=forms.DateInput(attrs={"type": "date"})
    )
    url = forms.URLField(required=False, max_length=500, label="URL", assume_scheme="https")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the teams the user may add to: picking one where they only view would lose the upload.
        self.fields["team"].queryset = editable_teams(user)
        self.fields["file"].help_text += f" At most {filesizeformat(settings.UPLOAD_MAX_BYTES)}."
        # The browser stops a paste beyond the limit, before the request grows too big to be read at all.
        self.fields["text"].widget.attrs["maxlength"] = settings.UPLOAD_MAX_BYTES

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                f"This file is {filesizeformat(upload.size)}; the limit is {filesizeformat(settings.UPLOAD_MAX_BYTES)}."
            )
        try:
            self.document_text = document_text(upload.name, upload.read())
        except DocumentError as exc:
            raise forms.ValidationError(f"This file cannot be used: {exc}.") from None
        return upload

    def clean(self):
        cleaned = super().clean()
        if "file" in self.errors:
            return cleaned
        upload, text = cleaned.get("file"), cleaned.get("text", "")
        if upload and text.strip():
            raise forms.ValidationError("Upload a file or paste text, not both.")
        if not upload:
            if not text.strip():
                raise forms.ValidationError("Upload a file or paste the document's text.")
            size = len(text.encode("utf-8"))
            if size > settings.UPLOAD_MAX_BYTES:
                limit = filesizeformat(settings.UPLOAD_MAX_BYTES)
                self.add_error("text", f"This text is {filesizeformat(size)}; the limit is {limit}.")
                return cleaned
            try:
                check_storable(text)
            except DocumentError as exc:
                self.add_error("text", f"This text cannot be used: {exc}.")
            self.document_text = text
        return cleaned


class SuggestEvidenceForm(forms.Form):
    """Which team's recommendations to suggest evidence for, from all its sources."""

    team = forms.ModelChoiceField(queryset=Team.objects.none(), empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = editable_teams(user)
