from django.contrib import admin, messages

from . import services
from .models import Comment, Mention, Recommendation, Status, StatusChange, Theme


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = ["changed_at", "from_status", "to_status", "changed_by", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _status_action(status):
    # Through the service, so each change writes its history row.
    @admin.action(description=f"Set status to {status.label}")
    def action(modeladmin, request, queryset):
        for rec in queryset:
            services.change_status(rec.pk, status, by=request.user, note="Changed in the admin")
        modeladmin.message_user(request, f"{len(queryset)} recommendations set to {status.label}.", messages.SUCCESS)

    action.__name__ = f"mark_{status.value}"
    return action


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["title", "team", "status", "priority", "owner", "due_on", "last_activity_at", "stale_since"]
    list_filter = ["status", "priority", "team", "source", "themes", ("stale_since", admin.EmptyFieldListFilter)]
    search_fields = ["title", "text", "actor"]
    list_select_related = ["team", "owner"]
    autocomplete_fields = ["owner"]
    raw_id_fields = ["source", "paragraph"]
    readonly_fields = ["status", "version", "created_at", "updated_at", "last_activity_at", "stale_since"]
    filter_horizontal = ["themes"]
    inlines = [StatusChangeInline]
    actions = [_status_action(s) for s in Status]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["to_status", "from_status"]
    search_fields = ["recommendation__title", "note"]
    list_select_related = ["recommendation", "changed_by"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "team"]
    list_filter = ["team"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "author", "created_at", "edited_at"]
    search_fields = ["body", "recommendation__title", "author__username"]
    list_select_related = ["recommendation", "author"]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["user", "comment", "created_at"]
    search_fields = ["user__username"]
