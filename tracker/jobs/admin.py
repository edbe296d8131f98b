from django.contrib import admin

from .models import Job, JobStateChange


class JobStateChangeInline(admin.TabularInline):
    model = JobStateChange
    extra = 0
    can_delete = False
    readonly_fields = ["state", "at"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    inlines = [JobStateChangeInline]
    list_display = ["id", "kind", "team", "started_by", "state", "progress_done", "progress_total", "created_at"]
    list_filter = ["kind", "state", "team"]
    list_select_related = ["team", "started_by"]
    raw_id_fields = ["source"]
    readonly_fields = ["celery_task_id", "created_at", "started_at", "finished_at", "heartbeat_at"]
