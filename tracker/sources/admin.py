from django import forms
from django.contrib import admin
from django.template.defaultfilters import truncatechars

from .models import Paragraph, Source
from .services import DocumentError, checksum, read_for_storing, store_document


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    extra = 0
    fields = ["number", "kind", "text"]
    readonly_fields = ["number", "kind", "text"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class SourceForm(forms.ModelForm):
    url = forms.URLField(required=False, max_length=500, label="URL", assume_scheme="https")

    class Meta:
        model = Source
        fields = ["team", "title", "publisher", "author", "published_on", "url", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["title"].required = False
            self.fields["title"].help_text = "Leave empty to use the document's first line."

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk or not cleaned.get("team") or not cleaned.get("text"):
            return cleaned
        # A new document is stored as the import stores it: once per team, split into paragraphs.
        try:
            read_for_storing(cleaned["text"])
        except DocumentError as exc:
            raise forms.ValidationError({"text": f"This document cannot be stored: {exc}."}) from None
        existing = Source.objects.filter(team=cleaned["team"], checksum=checksum(cleaned["text"])).first()
        if existing:
            raise forms.ValidationError({"text": f"This document is already stored for the team as “{existing}”."})
        return cleaned


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceForm
    list_display = ["title", "team", "publisher", "published_on", "recommendation_count", "created_at"]
    list_filter = ["team", "published_on"]
    search_fields = ["title", "publisher", "author", "url"]
    list_select_related = ["team"]
    inlines = [ParagraphInline]
    # How a new source is stored; tracker.recommendations' admin stores its recommendations too.
    store = staticmethod(store_document)

    def get_queryset(self, request):
        return super().get_queryset(request).for_list()

    @admin.display(description="Recommendations", ordering="recommendation_count")
    def recommendation_count(self, source):
        return source.recommendation_count

    def get_readonly_fields(self, request, obj=None):
        # The text is what the paragraphs, the checksum and every citation were made from.
        return ["text", "checksum", "created_by", "created_at"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        result = self.store(
            obj.team,
            obj.text,
            title=obj.title,
            publisher=obj.publisher,
            author=obj.author,
            published_on=obj.published_on,
            url=obj.url,
            created_by=request.user,
        )
        obj.pk, obj._state.adding = result.source.pk, False


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ["source", "number", "kind", "excerpt"]
    list_filter = ["kind", "source__team"]
    search_fields = ["text", "source__title"]
    list_select_related = ["source"]

    @admin.display(description="Text")
    def excerpt(self, paragraph):
        return truncatechars(paragraph.text, 120)

    # Paragraphs are cut from their source's text when it is stored; citations rely on their numbers.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
