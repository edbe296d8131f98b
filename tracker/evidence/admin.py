from django.contrib import admin
from django.db import models
from django.template.defaultfilters import truncatechars

from tracker.recommendations.search import refresh_search_vector

from .models import Evidence


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["passage", "recommendation_title", "stance", "state", "score", "added_by", "created_at"]
    list_filter = ["stance", "state", "recommendation__team"]
    search_fields = ["recommendation__title", "paragraph__text", "excerpt", "note", "url"]
    list_select_related = ["recommendation", "paragraph", "added_by"]
    raw_id_fields = ["recommendation", "paragraph"]
    # Suggestions are confirmed, dismissed and restored on the recommendation's page, by its services; the
    # sentences quoted are chosen when a paragraph is linked, where they are checked against the paragraph.
    readonly_fields = [
        "state",
        "score",
        "quotes_span",
        "sentence_start",
        "sentence_end",
        "added_by",
        "created_at",
        "reviewed_by",
        "reviewed_at",
    ]

    @admin.display(description="Passage")
    def passage(self, evidence):
        return truncatechars(evidence.passage, 80)

    @admin.display(description="Recommendation", ordering="recommendation__title")
    def recommendation_title(self, evidence):
        return truncatechars(evidence.recommendation.title, 60)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
        # Confirmed passages are part of what search finds.
        refresh_search_vector(obj.recommendation_id)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_search_vector(obj.recommendation_id)
