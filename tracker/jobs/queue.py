"""Starting jobs: each is recorded, then its task is queued once the transaction that recorded it commits."""

import threading

from django.db import connections, transaction
from django.utils import timezone

from tracker.accounts.models import Team

from . import services, tasks
from .models import Job

QUEUE_UNAVAILABLE = tasks.QUEUE_UNAVAILABLE


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
def start_suggestion(*, team, user, recommendation_ids=None):
    """Record a job that suggests evidence for the team's open recommendations (all, or those named), queued once
    this commits."""
    params = {}
    if recommendation_ids:
        count = len(recommendation_ids)
        params = {
            "recommendation_ids": sorted(recommendation_ids),
            "title": f"{count} recommendation{'' if count == 1 else 's'} just tracked",
        }
    job = Job.objects.create(kind=Job.Kind.SUGGEST, team=team, started_by=user, params=params)
    services.record_state(job.pk, Job.State.QUEUED)
    _enqueue_on_commit(job)
    return job


def suggest_for_tracked(user, recommendations):
    """Recommendations people just tracked have no suggested evidence yet: a job per team finds it."""
    by_team = {}
    for recommendation in recommendations:
        by_team.setdefault(recommendation.team_id, []).append(recommendation.pk)
    for team_id, ids in by_team.items():
        start_suggestion(team=Team.objects.get(pk=team_id), user=user, recommendation_ids=ids)


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
    job.started_at = job.finished_at = job.first_started_at = job.restarted_at = None
    job.restarts = 0
    # Queued now: the moment a job that no worker takes is measured from.
    job.heartbeat_at = timezone.now()
    job.save()
    services.record_state(job.pk, Job.State.QUEUED)
    _enqueue_on_commit(job)
    return job


def _enqueue_on_commit(job):
    transaction.on_commit(lambda: tasks.send_job(job.pk, job.kind, in_thread=_start_thread))


def _start_thread(task, job_id, task_id):
    # No broker (the embedded default): the job runs beside the request, which answers at once.
    threading.Thread(target=_run_in_thread, args=(task, job_id, task_id), daemon=True, name=f"job-{job_id}").start()


def _run_in_thread(task, job_id, task_id):
    try:
        task.apply(args=[job_id], task_id=task_id)
    finally:
        # The thread's own database connection, which nothing else would close.
        connections.close_all()
