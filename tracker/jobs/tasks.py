"""Celery tasks: thin wrappers that take ids and call the services.

Temporary failures (the database or the broker unreachable) are retried with growing delays up to a
cap; any other failure is recorded on the job, in words, by on_failure.
"""

import logging

import kombu.exceptions
import redis.exceptions
from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from tracker.recommendations import services as recommendation_services

from . import services

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


@shared_task(base=JobTask, **RETRY)
def ingest_document(job_id):
    services.run_ingest(job_id)


@shared_task(base=JobTask, **RETRY)
def suggest_team_evidence(job_id):
    services.run_suggestion(job_id)


@shared_task(**RETRY)
def flag_stale_recommendations():
    return recommendation_services.flag_stale_recommendations()
