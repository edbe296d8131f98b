"""Background jobs: running them once, recording progress and outcome (tracker.jobs.queue starts them)."""

from datetime import date

from django.conf import settings
from django.db import DataError, OperationalError, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from tracker.evidence.models import Evidence
from tracker.evidence.suggestions import suggest_evidence, suggest_from_source
from tracker.recommendations.models import Recommendation
from tracker.recommendations.review import store_report
from tracker.sources.fetching import FetchError, fetch
from tracker.sources.services import DocumentError

from .models import Job, JobStateChange, stalled_after

TRANSIENT_ERROR = "The database or the task queue was unavailable for too long. Retry the job."
INTERNAL_ERROR = (
    "Something went wrong on our side while processing this job. Retry it; if it fails again, tell an administrator."
)


def record_state(job_id, state):
    JobStateChange.objects.create(job_id=job_id, state=state)


def claim(job_id, task_id=""):
    """Mark the job running and return it, or None when this delivery should not run it.

    A queued job is taken by whichever delivery comes first. A running one is taken only by its own task
    (Celery retrying it after a temporary error keeps the task's id) or, once it has stalled, by any
    delivery: its worker died, and the job was queued again or the broker delivered it again. A job
    running elsewhere, or finished, is left alone, so a duplicate delivery does nothing.
    """
    now = timezone.now()
    takes = Q(state=Job.State.QUEUED) | Q(state=Job.State.RUNNING, heartbeat_at__lt=now - stalled_after())
    if task_id:
        takes |= Q(state=Job.State.RUNNING, celery_task_id=task_id)
    stalled = Job.objects.filter(pk=job_id, state=Job.State.RUNNING, heartbeat_at__lt=now - stalled_after())
    taken_over = stalled.exists()
    claimed = Job.objects.filter(takes, pk=job_id).update(
        state=Job.State.RUNNING,
        started_at=now,
        heartbeat_at=now,
        first_started_at=Coalesce("first_started_at", now),
        attempts=F("attempts") + 1,
        **({"celery_task_id": task_id} if task_id else {}),
        **({"restarts": F("restarts") + 1, "restarted_at": now} if taken_over else {}),
    )
    if claimed != 1:
        return None
    record_state(job_id, Job.State.RUNNING)
    return Job.objects.get(pk=job_id)


def requeue_stalled(now=None):
    """Queue again the jobs whose worker stopped, each at most JOB_MAX_RESTARTS times; fail the others.

    Returns the jobs to send to the broker again (the caller sends them; this only records it). The update
    is conditional, so a job that reported progress meanwhile, or that another run re-queued, is left alone.
    """
    now = now or timezone.now()
    again = []
    for job in Job.objects.stalled(now).only("pk", "kind", "restarts", "state"):
        if job.restarts >= settings.JOB_MAX_RESTARTS:
            fail(
                job.pk,
                f"This job stopped without finishing {_count(job.restarts + 1, 'time')} (its worker was lost), so "
                "it was not started again. Retry it; if it stops again, tell an administrator.",
            )
            continue
        with transaction.atomic():
            requeued = (
                Job.objects.stalled(now)
                .filter(pk=job.pk, restarts=job.restarts)
                .update(
                    state=Job.State.QUEUED,
                    heartbeat_at=now,
                    restarts=F("restarts") + 1,
                    restarted_at=now,
                )
            )
            if requeued:
                record_state(job.pk, Job.State.QUEUED)
                again.append(job)
    return again


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
    record_state(job_id, Job.State.SUCCEEDED)


def fail(job_id, error):
    """Record a job as failed with an error in words the person who started it understands."""
    failed = (
        Job.objects.filter(pk=job_id)
        .exclude(state=Job.State.SUCCEEDED)
        .update(state=Job.State.FAILED, error=error, finished_at=timezone.now())
    )
    if failed:
        record_state(job_id, Job.State.FAILED)


def run_ingest(job_id, task_id=""):
    """Store the job's document as a source, then suggest evidence from and for it. Safe to run twice."""
    job = claim(job_id, task_id)
    if job is None:
        return
    params = job.params
    mark_progress(job.pk, 0, 1)
    document = bytes(job.document)
    if not document:
        try:
            fetched = fetch(params["url"])
        except FetchError as exc:
            fail(job.pk, f"The link could not be fetched: {exc}.")
            return
        # Kept on the job, so that a retry reads what was fetched instead of fetching again.
        document = fetched.data
        params = {**params, "filename": fetched.filename, "fetched_from": fetched.url}
        Job.objects.filter(pk=job.pk).update(document=document, params=params)
        mark_progress(job.pk, 0, 1)
    # A fetched document's address is the canonical one its page states, else where it was found.
    fetched_from = params.get("fetched_from", "")
    url = "" if fetched_from else params.get("url", "")
    filename = params.get("filename", "")
    try:
        result = store_report(
            job.team,
            document,
            filename=filename,
            title=params.get("title", ""),
            publisher=params.get("publisher", ""),
            published_on=date.fromisoformat(params["published_on"]) if params.get("published_on") else None,
            url=url,
            fetched_from=fetched_from,
            created_by=job.started_by,
            # A person confirms each recommendation on the review page before it is tracked.
            accept=False,
        )
    except DocumentError as exc:
        fail(job.pk, f"The document could not be stored: {exc}.")
        return
    except (DataError, OperationalError) as exc:
        if not refused_by_database(exc):
            raise
        # The database refused this document's content: the same will happen on every retry.
        fail(job.pk, f"The document could not be stored: the database refused its content ({_first_line(exc)}).")
        return
    source = result.source
    if result.created:
        # Recorded at once, so that a retry after the worker died still reports what this job stored.
        Job.objects.filter(pk=job.pk).update(source=source, recommendations_created=result.found)
    stored_by_this_job = result.created or job.source_id == source.pk
    recommendations_found = result.found if result.created else job.recommendations_created
    open_ids = list(Recommendation.objects.open().filter(team_id=job.team_id).values_list("pk", flat=True))
    own_ids = list(source.recommendations.open().values_list("pk", flat=True))
    # One step to store the document, then one per recommendation in each of the two suggestion passes.
    total = 1 + len(open_ids) + len(own_ids)
    mark_progress(job.pk, 1, total)
    # The new source's paragraphs for every open recommendation of the team...
    suggestions = suggest_from_source(
        job.team_id,
        source.pk,
        recommendation_ids=open_ids,
        progress=lambda done, _: mark_progress(job.pk, 1 + done, total),
    )
    # ...and every source's paragraphs for the recommendations this document brought.
    if own_ids:
        suggestions += suggest_evidence(
            job.team_id,
            recommendation_ids=own_ids,
            progress=lambda done, _: mark_progress(job.pk, 1 + len(open_ids) + done, total),
        )
    if job.attempts > 1:
        # An earlier attempt that stopped stored some suggestions, which this one did not make again.
        suggestions = _suggested_since(
            job.first_started_at,
            Q(paragraph__source=source, recommendation__in=open_ids) | Q(recommendation__in=own_ids),
        )
    if stored_by_this_job:
        found = f"{_count(recommendations_found, 'recommendation')} found, awaiting review"
        summary = (
            f"Stored “{source.title}” with {_count(source.paragraphs.count(), 'paragraph')}; {found}; "
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
        recommendations_created=recommendations_found,
        suggestions_created=suggestions,
        **({"warning": result.warning} if result.created else {}),
    )


def run_suggestion(job_id, task_id=""):
    """Suggest evidence for the team's open recommendations (all, or those the job names) from all its sources.
    Safe to run twice."""
    job = claim(job_id, task_id)
    if job is None:
        return
    # A job for recommendations just tracked names them; otherwise it covers all the team's open ones.
    named = job.params.get("recommendation_ids")
    scope = Recommendation.objects.open().filter(team_id=job.team_id)
    if named:
        scope = scope.filter(pk__in=named)
    mark_progress(job.pk, 0, scope.count())
    count = suggest_evidence(
        job.team_id,
        recommendation_ids=named or None,
        progress=lambda done, total: mark_progress(job.pk, done, total),
    )
    if job.attempts > 1:
        within = Q(recommendation__in=named) if named else Q(recommendation__team_id=job.team_id)
        count = _suggested_since(job.first_started_at, within)
    succeed(job.pk, f"{_count(count, 'passage')} suggested as evidence.", suggestions_created=count)


def _suggested_since(moment, scope):
    """Suggestions stored in `scope` since `moment`: what all the attempts of one job suggested.

    A job that ran at the same time in the same team would be counted too; that is rare, and an
    overcount in a summary is better than the undercount of counting only the last attempt.
    """
    return Evidence.objects.filter(scope, score__isnull=False, created_at__gte=moment).count()


def refused_by_database(exc):
    """Whether a database error is about the data (permanent) rather than the connection (worth retrying).

    PostgreSQL says which by the class of its SQLSTATE: 22 (data exception) and 54 (program limit exceeded,
    such as a paragraph too long for the full-text index) are about what was written.
    """
    if isinstance(exc, DataError):
        return True
    state = getattr(exc.__cause__, "sqlstate", None) or ""
    return state[:2] in ("22", "54")


def _first_line(exc):
    return str(exc).strip().split("\n")[0][:200]


def _count(number, noun):
    return f"{number} {noun}{'' if number == 1 else 's'}"
