from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from tracker.accounts.models import Team
from tracker.accounts.permissions import editable_teams
from tracker.sources.fetching import FetchError, check_address
from tracker.sources.readers import ACCEPTED_SUFFIXES
from tracker.sources.services import DocumentError, check_document


def size_error(what, size, limit):
    """'This file is 10,485,761 bytes; the limit is 10,485,760 bytes (10.0 MB).' Rounded sizes alone can read
    the same on both sides of the limit."""
    if filesizeformat(size) == filesizeformat(limit):
        return f"{what} is {size:,} bytes; the limit is {limit:,} bytes ({filesizeformat(limit)})."
    return f"{what} is {filesizeformat(size)}; the limit is {filesizeformat(limit)}."


class NewDocumentForm(forms.Form):
    """A document to add as a source: an uploaded file, pasted text or a link, checked cheaply before any job
    is queued (size, format by content, text that decodes, an address that may be fetched). Reading the
    document is the job's work.

    Once valid, `document` holds the bytes to read (empty for a link) and `filename` the file's name.
    """

    document = b""
    filename = ""

    team = forms.ModelChoiceField(queryset=Team.objects.none(), empty_label=None)
    file = forms.FileField(
        required=False,
        label="File",
        help_text="PDF, Word (.docx), a web page (.html), Markdown (.md) or plain text (.txt).",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(ACCEPTED_SUFFIXES))}),
    )
    text = forms.CharField(required=False, label="Or paste the text", widget=forms.Textarea(attrs={"rows": 10}))
    url = forms.URLField(
        required=False,
        max_length=500,
        label="URL",
        assume_scheme="https",
        help_text="Where the document is published. With no file and no text, Tracker fetches the page or PDF "
        "from this address.",
    )
    title = forms.CharField(required=False, max_length=300, help_text="Leave empty to use the document's own title.")
    publisher = forms.CharField(required=False, max_length=200)
    published_on = forms.DateField(
        required=False, label="Date published", widget=forms.DateInput(attrs={"type": "date"})
    )

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
            raise forms.ValidationError(size_error("This file", upload.size, settings.UPLOAD_MAX_BYTES))
        data = upload.read()
        try:
            check_document(data, upload.name)
        except DocumentError as exc:
            raise forms.ValidationError(f"This file cannot be used: {exc}.") from None
        self.document, self.filename = data, upload.name
        return upload

    def clean(self):
        cleaned = super().clean()
        if "file" in self.errors or "url" in self.errors:
            return cleaned
        upload, text, url = cleaned.get("file"), cleaned.get("text", ""), cleaned.get("url", "")
        if upload and text.strip():
            raise forms.ValidationError("Upload a file or paste text, not both.")
        if upload:
            return cleaned
        if text.strip():
            data = text.encode("utf-8")
            if len(data) > settings.UPLOAD_MAX_BYTES:
                self.add_error("text", size_error("This text", len(data), settings.UPLOAD_MAX_BYTES))
                return cleaned
            try:
                check_document(data)
            except DocumentError as exc:
                self.add_error("text", f"This text cannot be used: {exc}.")
            self.document = data
        elif url:
            # A link is fetched by the job; only what can be told without the network is checked here.
            try:
                check_address(url)
            except FetchError as exc:
                self.add_error("url", f"This address cannot be fetched: {exc}.")
        else:
            raise forms.ValidationError("Upload a file, paste the document’s text, or give its URL.")
        return cleaned


class SuggestEvidenceForm(forms.Form):
    """Which team's recommendations to suggest evidence for, from all its sources."""

    team = forms.ModelChoiceField(queryset=Team.objects.none(), empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = editable_teams(user)
