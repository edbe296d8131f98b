from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone

from tracker.accounts.models import TeamScopedQuerySet


def stalled_after():
    """A running job that has not reported progress for this long has lost its worker."""
    return timedelta(seconds=settings.JOB_STALLED_AFTER_SECONDS)


def queued_stalled_after():
    """A queued job that no worker picked up for this long is stalled too (its message was lost)."""
    return timedelta(seconds=settings.JOB_QUEUED_STALLED_AFTER_SECONDS)


class JobQuerySet(TeamScopedQuerySet):
    def for_list(self):
        """What a row of the jobs page shows, loaded up front."""
        return self.select_related("team", "started_by", "source").order_by("-created_at", "-id")

    def stalled(self, now=None):
        """Jobs whose worker stopped: running without a heartbeat for a while, or queued and never taken."""
        now = now or timezone.now()
        last_sign = Coalesce("heartbeat_at", "started_at", "created_at")
        return self.alias(last_sign=last_sign).filter(
            models.Q(state=Job.State.RUNNING, last_sign__lt=now - stalled_after())
            | models.Q(state=Job.State.QUEUED, last_sign__lt=now - queued_stalled_after())
        )


class Job(models.Model):
    """A piece of background work someone started, with its progress and outcome."""

    class Kind(models.TextChoices):
        INGEST = "ingest", "Add document"
        SUGGEST = "suggest", "Suggest evidence"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="jobs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # What the job works on: an ingest carries the document as it was given (a file's bytes, or pasted text
    # as UTF-8; empty for a link, which the job fetches) and the details from the form in params, so the task
    # only needs the job's id. Reading happens in the job, never in the request.
    document = models.BinaryField(blank=True, editable=False)
    params = models.JSONField(default=dict, blank=True)
    # Outcome, in words for the person who started it.
    result_summary = models.TextField(blank=True)
    # Something the person should check although the job succeeded (a recommendations heading with nothing found).
    warning = models.TextField(blank=True)
    error = models.TextField(blank=True)
    source = models.ForeignKey("sources.Source", on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs")
    # Recommendations an ingest found in its document (proposed for review; the name is older than the review).
    recommendations_created = models.PositiveIntegerField(default=0)
    suggestions_created = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    celery_task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A queued job's heartbeat is when it was queued; a running job's, when it last reported progress.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # When this run of the job (since it was started, or retried by a person) first started: what the summary
    # counts from, across restarts.
    first_started_at = models.DateTimeField(null=True, blank=True)
    # Times the job was started again by itself, after its worker stopped; and when it last was.
    restarts = models.PositiveIntegerField(default=0)
    restarted_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["queued", "running", "succeeded", "failed"]), name="job_state_valid"
            ),
            models.CheckConstraint(condition=models.Q(kind__in=["ingest", "suggest"]), name="job_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(progress_done__lte=models.F("progress_total")), name="job_progress_within_total"
            ),
        ]
        indexes = [models.Index(fields=["team", "-created_at"], name="job_team_created_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} ({self.state})"

    @property
    def title(self):
        name = self.params.get("title") or self.params.get("filename") or (self.source.title if self.source_id else "")
        return f"{self.get_kind_display()}: {name}" if name else self.get_kind_display()

    @property
    def is_active(self):
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def is_stalled(self):
        """As JobQuerySet.stalled, for one job already loaded."""
        now = timezone.now()
        last_sign = self.heartbeat_at or self.started_at or self.created_at
        if self.state == self.State.RUNNING:
            return last_sign < now - stalled_after()
        if self.state == self.State.QUEUED:
            return last_sign < now - queued_stalled_after()
        return False

    @property
    def can_retry(self):
        return self.state == self.State.FAILED or self.is_stalled

    @property
    def percent(self):
        if not self.progress_total:
            return 0
        return round(100 * self.progress_done / self.progress_total)

    @property
    def poll_token(self):
        """What the progress shown depends on: a poll that finds it unchanged swaps nothing."""
        return f"{self.state}-{self.progress_done}-{self.progress_total}-{int(self.is_stalled)}-{self.restarts}"

    @property
    def status_label(self):
        return "Stalled" if self.is_stalled else self.get_state_display()


class JobStateChange(models.Model):
    """When a job entered a state: its history, through retries and redeliveries, in order."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="state_changes")
    state = models.CharField(max_length=10, choices=Job.State.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.job_id}: {self.state} at {self.at:%Y-%m-%d %H:%M:%S}"
