from django.contrib import admin

from .models import Paragraph, Source


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    extra = 0
    fields = ["number", "kind", "text"]
    readonly_fields = ["number", "kind", "text"]
    can_delete = False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "team", "publisher", "published_on", "created_at"]
    list_filter = ["team", "published_on"]
    search_fields = ["title", "publisher", "author", "url"]
    readonly_fields = ["checksum", "created_by", "created_at"]
    inlines = [ParagraphInline]


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ["source", "number", "kind", "text"]
    list_filter = ["kind", "source__team"]
    search_fields = ["text", "source__title"]
    list_select_related = ["source"]
