from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "team", "started_by", "state", "progress_done", "progress_total", "created_at"]
    list_filter = ["kind", "state", "team"]
    list_select_related = ["team", "started_by"]
    raw_id_fields = ["source"]
    readonly_fields = ["celery_task_id", "created_at", "started_at", "finished_at", "heartbeat_at"]
