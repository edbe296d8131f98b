"""Celery tasks: thin wrappers that take ids and call the services.

Temporary failures (the database or the broker unreachable) are retried with growing delays up to a
cap; any other failure is recorded on the job, in words, by on_failure.
"""

import logging
import uuid

import kombu.exceptions
import redis.exceptions
from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from tracker.recommendations import services as recommendation_services

from . import services
from .models import Job

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (
    OperationalError,
    InterfaceError,
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
RETRY = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 6,
    "acks_late": True,
}


class JobTask(Task):
    """A task whose first argument is a Job id: a final failure is recorded on the job."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        job_id = args[0] if args else kwargs.get("job_id")
        if isinstance(exc, TRANSIENT_ERRORS):
            message = services.TRANSIENT_ERROR
        else:
            logger.error("job %s failed", job_id, exc_info=(type(exc), exc, einfo.tb if einfo else None))
            message = services.INTERNAL_ERROR
        services.fail(job_id, message)


QUEUE_UNAVAILABLE = "The task queue could not be reached, so the job did not start. Retry it in a few minutes."


@shared_task(base=JobTask, bind=True, **RETRY)
def ingest_document(self, job_id):
    services.run_ingest(job_id, self.request.id or "")


@shared_task(base=JobTask, bind=True, **RETRY)
def suggest_team_evidence(self, job_id):
    services.run_suggestion(job_id, self.request.id or "")


def send_job(job_id, kind, in_thread=None):
    """Send a recorded job's task to the broker (or, with no broker, to in_thread), under a task id kept on the job.

    The id is kept before the task is sent, so that its delivery finds it: a running job is taken again only by
    its own task (services.claim).
    """
    task = ingest_document if kind == Job.Kind.INGEST else suggest_team_evidence
    task_id = str(uuid.uuid4())
    Job.objects.filter(pk=job_id).update(celery_task_id=task_id)
    if settings.JOBS_IN_THREAD and in_thread is not None:
        in_thread(task, job_id, task_id)
        return
    try:
        task.apply_async(args=[job_id], task_id=task_id)
    except TRANSIENT_ERRORS:
        # Celery already retried the broker; the job is kept, failed, so its starter can retry it.
        services.fail(job_id, QUEUE_UNAVAILABLE)


@shared_task(**RETRY)
def requeue_stalled_jobs():
    """Every JOB_REQUEUE_EVERY_SECONDS: start again the jobs whose worker stopped, so no one has to click Retry."""
    again = services.requeue_stalled()
    for job in again:
        logger.warning("job %s stalled: its worker stopped; queued again", job.pk)
        send_job(job.pk, job.kind)
    return len(again)


@shared_task(**RETRY)
def flag_stale_recommendations():
    return recommendation_services.flag_stale_recommendations()
