"""Starting jobs: each is recorded, then its task is queued once the transaction that recorded it commits."""

import threading

from django.conf import settings
from django.db import connections, transaction

from . import services, tasks
from .models import Job

QUEUE_UNAVAILABLE = "The task queue could not be reached, so the job did not start. Retry it in a few minutes."


class JobNotRetryable(Exception):
    """The job cannot be retried now (it is running, finished, or someone else's)."""


@transaction.atomic
def start_ingest(*, team, user, document=b"", title="", publisher="", published_on=None, url="", filename=""):
    """Record an ingest job for a document already checked on the form, and queue it once this commits.

    `document` is the file's bytes or the pasted text; without it, the job fetches the document from `url`.
    """
    if isinstance(document, str):
        document = document.encode("utf-8")
    job = Job.objects.create(
        kind=Job.Kind.INGEST,
        team=team,
        started_by=user,
        document=document,
        params={
            "title": title,
            "publisher": publisher,
            "published_on": published_on.isoformat() if published_on else "",
            "url": url,
            "filename": filename,
        },
    )
    services.record_state(job.pk, Job.State.QUEUED)
    _enqueue_on_commit(job)
    return job


@transaction.atomic
def start_suggestion(*, team, user):
    """Record a job that suggests evidence for all the team's open recommendations, queued once this commits."""
    job = Job.objects.create(kind=Job.Kind.SUGGEST, team=team, started_by=user)
    services.record_state(job.pk, Job.State.QUEUED)
    _enqueue_on_commit(job)
    return job


@transaction.atomic
def retry_job(job_id, *, by):
    """Queue a failed or stalled job again; only the person who started it may."""
    job = Job.objects.select_for_update().get(pk=job_id)
    if job.started_by_id != by.pk:
        raise JobNotRetryable("Only the person who started this job can retry it.")
    if not job.can_retry:
        raise JobNotRetryable("This job is not failed or stalled, so there is nothing to retry.")
    job.state = Job.State.QUEUED
    job.error = ""
    job.progress_done = job.progress_total = 0
    job.started_at = job.finished_at = job.heartbeat_at = None
    job.save()
    services.record_state(job.pk, Job.State.QUEUED)
    _enqueue_on_commit(job)
    return job


def _enqueue_on_commit(job):
    task = tasks.ingest_document if job.kind == Job.Kind.INGEST else tasks.suggest_team_evidence

    def enqueue():
        if settings.JOBS_IN_THREAD:
            # No broker (the embedded default): the job runs beside the request, which answers at once.
            threading.Thread(target=_run_in_thread, args=(task, job.pk), daemon=True, name=f"job-{job.pk}").start()
            return
        try:
            result = task.apply_async(args=[job.pk])
        except tasks.TRANSIENT_ERRORS:
            # Celery already retried the broker; the job is kept, failed, so its starter can retry it.
            services.fail(job.pk, QUEUE_UNAVAILABLE)
            return
        Job.objects.filter(pk=job.pk).update(celery_task_id=result.id or "")

    transaction.on_commit(enqueue)


def _run_in_thread(task, job_id):
    try:
        task.apply(args=[job_id])
    finally:
        # The thread's own database connection, which nothing else would close.
        connections.close_all()
