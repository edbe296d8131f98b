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
    # The task id is what worker logs name: an operator finds the job from a log line by it.
    search_fields = ["result_summary", "error", "source__title", "started_by__username", "celery_task_id"]
    list_select_related = ["team", "started_by"]

    # Jobs are started, run and retried by the app (the jobs page); here they are for reading.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
