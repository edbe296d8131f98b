"""Background jobs: starting them after the commit, running them once, recording progress and outcome."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from tracker.evidence.suggestions import suggest_evidence
from tracker.recommendations.models import Recommendation
from tracker.sources.services import DocumentError, store_document

from .models import Job, JobStateChange

TRANSIENT_ERROR = "The database or the task queue was unavailable for too long. Retry the job."
QUEUE_UNAVAILABLE = "The task queue could not be reached, so the job did not start. Retry it in a few minutes."
INTERNAL_ERROR = (
    "Something went wrong on our side while processing this job. Retry it; if it fails again, tell an administrator."
)


class JobNotRetryable(Exception):
    """The job cannot be retried now (it is running, finished, or someone else's)."""


@transaction.atomic
def start_ingest(*, team, user, text, title="", publisher="", published_on=None, url="", filename=""):
    """Record an ingest job for a document already checked on the form, and queue it once this commits."""
    job = Job.objects.create(
        kind=Job.Kind.INGEST,
        team=team,
        started_by=user,
        document_text=text,
        params={
            "title": title,
            "publisher": publisher,
            "published_on": published_on.isoformat() if published_on else "",
            "url": url,
            "filename": filename,
        },
    )
    _record(job.pk, Job.State.QUEUED)
    _enqueue_on_commit(job)
    return job


@transaction.atomic
def start_suggestion(*, team, user):
    """Record a job that suggests evidence for all the team's open recommendations, queued once this commits."""
    job = Job.objects.create(kind=Job.Kind.SUGGEST, team=team, started_by=user)
    _record(job.pk, Job.State.QUEUED)
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
    job.created_at = timezone.now()
    job.started_at = job.finished_at = job.heartbeat_at = None
    job.save()
    _record(job.pk, Job.State.QUEUED)
    _enqueue_on_commit(job)
    return job


def _record(job_id, state):
    JobStateChange.objects.create(job_id=job_id, state=state)


def _enqueue_on_commit(job):
    from . import tasks

    task = tasks.ingest_document if job.kind == Job.Kind.INGEST else tasks.suggest_team_evidence

    def enqueue():
        try:
            result = task.apply_async(args=[job.pk])
        except tasks.TRANSIENT_ERRORS:
            # Celery already retried the broker; the job is kept, failed, so its starter can retry it.
            fail(job.pk, QUEUE_UNAVAILABLE)
            return
        Job.objects.filter(pk=job.pk).update(celery_task_id=result.id or "")

    transaction.on_commit(enqueue)


def claim(job_id):
    """Mark the job running and return it, or None when it already finished (a duplicate delivery).

    A job found running is taken over: its worker died before acknowledging, and the broker
    delivered it again (acks late), or it is being retried after a transient error.
    """
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state__in=[Job.State.QUEUED, Job.State.RUNNING]).update(
        state=Job.State.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1
    )
    if claimed != 1:
        return None
    _record(job_id, Job.State.RUNNING)
    return Job.objects.get(pk=job_id)


def mark_progress(job_id, done, total):
    """Record progress; the update doubles as the heartbeat that tells a working job from a stalled one."""
    Job.objects.filter(pk=job_id).update(
        progress_done=min(done, total), progress_total=total, heartbeat_at=timezone.now()
    )


def succeed(job_id, summary, **outcome):
    Job.objects.filter(pk=job_id).update(
        state=Job.State.SUCCEEDED,
        result_summary=summary,
        error="",
        finished_at=timezone.now(),
        progress_done=F("progress_total"),
        **outcome,
    )
    _record(job_id, Job.State.SUCCEEDED)


def fail(job_id, error):
    """Record a job as failed with an error in words the person who started it understands."""
    failed = (
        Job.objects.filter(pk=job_id)
        .exclude(state=Job.State.SUCCEEDED)
        .update(state=Job.State.FAILED, error=error, finished_at=timezone.now())
    )
    if failed:
        _record(job_id, Job.State.FAILED)


def run_ingest(job_id):
    """Store the job's document as a source, then suggest evidence from and for it. Safe to run twice."""
    job = claim(job_id)
    if job is None:
        return
    params = job.params
    mark_progress(job.pk, 0, 1)
    try:
        result = store_document(
            job.team,
            job.document_text,
            title=params.get("title", ""),
            publisher=params.get("publisher", ""),
            published_on=date.fromisoformat(params["published_on"]) if params.get("published_on") else None,
            url=params.get("url", ""),
            created_by=job.started_by,
        )
    except DocumentError as exc:
        fail(job.pk, f"The document could not be stored: {exc}.")
        return
    source = result.source
    if result.created:
        # Recorded at once, so that a retry after the worker died still reports what this job stored.
        Job.objects.filter(pk=job.pk).update(source=source, recommendations_created=result.recommendations_created)
    stored_by_this_job = result.created or job.source_id == source.pk
    recommendations_created = result.recommendations_created if result.created else job.recommendations_created
    open_ids = list(Recommendation.objects.open().filter(team_id=job.team_id).values_list("pk", flat=True))
    own_ids = list(source.recommendations.open().values_list("pk", flat=True))
    # One step to store the document, then one per recommendation in each of the two suggestion passes.
    total = 1 + len(open_ids) + len(own_ids)
    mark_progress(job.pk, 1, total)
    # The new source's paragraphs for every open recommendation of the team...
    suggestions = suggest_evidence(
        job.team_id,
        recommendation_ids=open_ids,
        source_ids=[source.pk],
        progress=lambda done, _: mark_progress(job.pk, 1 + done, total),
    )
    # ...and every source's paragraphs for the recommendations this document brought.
    if own_ids:
        suggestions += suggest_evidence(
            job.team_id,
            recommendation_ids=own_ids,
            progress=lambda done, _: mark_progress(job.pk, 1 + len(open_ids) + done, total),
        )
    if stored_by_this_job:
        summary = (
            f"Stored “{source.title}” with {_count(source.paragraphs.count(), 'paragraph')} and "
            f"{_count(recommendations_created, 'recommendation')}; "
            f"{_count(suggestions, 'passage')} suggested as evidence."
        )
    else:
        summary = (
            f"This document was already stored as “{source.title}”, so nothing new was stored; "
            f"{_count(suggestions, 'passage')} newly suggested as evidence."
        )
    succeed(
        job.pk,
        summary,
        source=source,
        recommendations_created=recommendations_created,
        suggestions_created=suggestions,
    )


def run_suggestion(job_id):
    """Suggest evidence for all the team's open recommendations from all its sources. Safe to run twice."""
    job = claim(job_id)
    if job is None:
        return
    mark_progress(job.pk, 0, Recommendation.objects.open().filter(team_id=job.team_id).count())
    count = suggest_evidence(job.team_id, progress=lambda done, total: mark_progress(job.pk, done, total))
    succeed(job.pk, f"{_count(count, 'passage')} suggested as evidence.", suggestions_created=count)


def _count(number, noun):
    return f"{number} {noun}{'' if number == 1 else 's'}"


def flag_stale_recommendations(now=None):
    """Mark open recommendations with no activity for STALE_AFTER_DAYS as stale; return how many were marked.

    Already stale ones keep the date they became stale, so running twice changes nothing.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.STALE_AFTER_DAYS)
    return (
        Recommendation.objects.open()
        .filter(Q(last_activity_at__lt=cutoff) & Q(stale_since__isnull=True))
        .update(stale_since=now)
    )
