from django import forms
from django.contrib import admin, messages
from django.db.models import F
from django.template.defaultfilters import truncatechars
from django.utils import timezone

from tracker.sources.admin import SourceAdmin
from tracker.sources.models import Source

from . import review, services
from .models import Comment, Mention, Recommendation, Status, StatusChange, Theme
from .search import refresh_search_vector


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = ["changed_at", "from_status", "to_status", "changed_by", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class RecommendationForm(forms.ModelForm):
    # The status is not a model field here: a new one is set through services.change_status.
    new_status = forms.ChoiceField(label="Status", choices=Status.choices, required=False)
    status_note = forms.CharField(
        label="Note on the status change", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Recommendation
        fields = ["team", "source", "paragraph", "text", "title", "actor", "themes", "priority", "owner", "due_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_status"].initial = self.instance.status


def _status_action(status):
    # Through the service, so each change writes its history row.
    @admin.action(description=f"Set status to {status.label}")
    def action(modeladmin, request, queryset):
        changed = 0
        for rec in queryset:
            _, change = services.change_status(rec.pk, status, by=request.user, note="Changed in the admin")
            changed += change is not None
        noun = "recommendation" if changed == 1 else "recommendations"
        modeladmin.message_user(request, f"{changed} {noun} set to {status.label}.", messages.SUCCESS)

    action.__name__ = f"mark_{status.value}"
    return action


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    form = RecommendationForm
    list_display = ["title", "team", "status", "priority", "owner", "due_on", "last_activity_at", "stale_since"]
    # No sidebar of sources: every team's thousand documents made two thousand links on every page (most of its
    # time at 20,000 items). The search below finds items by their source's title.
    list_filter = [
        "status",
        "priority",
        "team",
        "themes",
        ("stale_since", admin.EmptyFieldListFilter),
    ]
    # "25 of 20,000" would count the whole table again on every page.
    show_full_result_count = False
    # A page of 25, as the team's list has: a hundred rows of nine columns took most of the page's time at 20,000
    # items.
    list_per_page = 25
    search_fields = ["title", "text", "actor", "source__title"]
    list_select_related = ["team", "owner"]
    autocomplete_fields = ["owner"]
    raw_id_fields = ["source", "paragraph"]
    readonly_fields = ["version", "created_at", "updated_at", "last_activity_at", "stale_since"]
    filter_horizontal = ["themes"]
    inlines = [StatusChangeInline]
    actions = [_status_action(s) for s in Status]

    def get_queryset(self, request):
        # The changelist shows neither the text nor the search document, the widest columns of a row.
        queryset = super().get_queryset(request)
        return (
            queryset.defer("text", "search_vector")
            if request.resolver_match.url_name.endswith("changelist")
            else queryset
        )

    def get_readonly_fields(self, request, obj=None):
        # Once created, the item quotes its passage verbatim: what it cites is not edited.
        cited = ["team", "source", "paragraph", "text"] if obj else []
        return cited + self.readonly_fields

    def get_fieldsets(self, request, obj=None):
        fields = ["team", "source", "paragraph", "text", "title", "actor", "themes", "priority", "owner", "due_on"]
        if obj is None:
            return [(None, {"fields": fields})]
        return [
            (None, {"fields": fields}),
            ("Status", {"fields": ["new_status", "status_note"]}),
            ("Record", {"fields": list(self.readonly_fields)}),
        ]

    def save_model(self, request, obj, form, change):
        if not change:
            # Created as the import and the app create, with the first row of its history.
            created = services.create_recommendation(
                team=obj.team,
                source=obj.source,
                paragraph=obj.paragraph,
                text=obj.text,
                title=obj.title,
                actor=obj.actor,
                created_by=request.user,
                priority=obj.priority,
                owner=obj.owner,
                due_on=obj.due_on,
            )
            obj.pk, obj.created_at, obj._state.adding = created.pk, created.created_at, False
            return
        # A page opened before this edit is now out of date, and refuses to overwrite it.
        obj.version = F("version") + 1
        obj.last_activity_at, obj.stale_since = timezone.now(), None
        super().save_model(request, obj, form, change)
        obj.refresh_from_db(fields=["version"])
        new_status = form.cleaned_data.get("new_status")
        if new_status and new_status != obj.status:
            note = form.cleaned_data.get("status_note") or "Changed in the admin"
            services.change_status(obj.pk, new_status, by=request.user, note=note)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Themes are saved after the row: the search document is rebuilt once both are.
        refresh_search_vector(form.instance.pk)


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["to_status", "from_status", "recommendation__team"]
    search_fields = ["recommendation__title", "note"]
    list_select_related = ["recommendation", "changed_by"]

    # History is written by services.change_status alone.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "team"]
    list_filter = ["team"]
    search_fields = ["name"]
    list_select_related = ["team"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["excerpt", "recommendation", "author", "created_at", "edited_at"]
    list_filter = ["recommendation__team", "created_at"]
    search_fields = ["body", "recommendation__title", "author__username"]
    list_select_related = ["recommendation", "author"]
    autocomplete_fields = ["recommendation", "author"]
    readonly_fields = ["created_at", "edited_at"]

    @admin.display(description="Comment")
    def excerpt(self, comment):
        return truncatechars(comment.body, 80)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        refresh_search_vector(obj.recommendation_id)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_search_vector(obj.recommendation_id)


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["user", "comment", "created_at"]
    list_filter = ["comment__recommendation__team"]
    search_fields = ["user__username", "comment__body"]
    list_select_related = ["user", "comment__author", "comment__recommendation"]
    raw_id_fields = ["comment"]
    autocomplete_fields = ["user"]


# A source added here is stored as `import_seeds --accept` stores it: the operator trusts what they add, so its
# recommendations are tracked as New items at once, without the review page.
admin.site.unregister(Source)


@admin.register(Source)
class ReportAdmin(SourceAdmin):
    @staticmethod
    def store(team, data, **metadata):
        return review.store_report(team, data, accept=True, **metadata)
