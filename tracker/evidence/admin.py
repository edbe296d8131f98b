from django.contrib import admin

from .models import Evidence


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "stance", "state", "score", "paragraph", "url", "added_by", "created_at"]
    list_filter = ["stance", "state", "recommendation__team"]
    search_fields = ["recommendation__title", "paragraph__text", "excerpt", "note", "url"]
    list_select_related = ["recommendation", "paragraph", "paragraph__source", "added_by"]
    raw_id_fields = ["recommendation", "paragraph"]
