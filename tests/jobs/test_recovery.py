"""Jobs recover by themselves when their worker is lost: re-queued, restarted, and counted across attempts."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.jobs.conftest import REPORT
from tracker.digests.tasks import RETRY_DELAYS
from tracker.evidence.models import Evidence
from tracker.jobs import services, tasks
from tracker.jobs.models import Job, stalled_after
from tracker.recommendations import review


class WorkerLost(BaseException):
    """The process running the job died: nothing in the job sees it, nothing records it."""


def lose_worker(job):
    """Time passes after the worker died: the job's last heartbeat is older than the stalled limit."""
    long_ago = timezone.now() - stalled_after() - timedelta(seconds=1)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=long_ago, started_at=long_ago)


def queued_ingest(team, user):
    job = Job.objects.create(kind=Job.Kind.INGEST, team=team, started_by=user, document=REPORT.encode())
    services.record_state(job.pk, Job.State.QUEUED)
    return job


def states(job):
    return list(job.state_changes.values_list("state", flat=True))


def test_a_job_whose_worker_died_is_queued_again_and_finishes_without_anyone_acting(seeded, bob, client, monkeypatch):
    # The Baltic report's recommendations are tracked; a suggestion job looks for their evidence.
    ingest = queued_ingest(seeded, bob)
    services.run_ingest(ingest.pk)
    review.accept_all(Job.objects.get(pk=ingest.pk).source, by=bob)
    Evidence.objects.all().delete()
    job = Job.objects.create(kind=Job.Kind.SUGGEST, team=seeded, started_by=bob)
    services.record_state(job.pk, Job.State.QUEUED)
    real = services.suggest_evidence

    def dies_once_suggestions_are_stored(*args, **kwargs):
        # The suggestions are stored; then the worker dies before the job is marked finished.
        real(*args, **kwargs)
        raise WorkerLost

    monkeypatch.setattr(services, "suggest_evidence", dies_once_suggestions_are_stored)
    with pytest.raises(WorkerLost):
        services.run_suggestion(job.pk, "first-delivery")
    monkeypatch.setattr(services, "suggest_evidence", real)
    stored_by_the_first_attempt = Evidence.objects.suggested().count()
    assert stored_by_the_first_attempt > 0
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING and not job.is_stalled

    # While its heartbeat is recent, the job is left to its worker.
    assert tasks.requeue_stalled_jobs.apply().get() == 0
    lose_worker(job)
    assert tasks.requeue_stalled_jobs.apply().get() == 1

    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert (job.attempts, job.restarts) == (2, 1) and job.restarted_at is not None
    assert states(job) == ["queued", "running", "queued", "running", "succeeded"]
    # The outcome counts what both attempts suggested (here all by the first), not only the second's none.
    assert job.suggestions_created == Evidence.objects.suggested().count() == stored_by_the_first_attempt
    assert f"{job.suggestions_created} passages suggested as evidence" in job.result_summary

    client.force_login(bob)
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert b"the worker running this job stopped, so it started again by itself" in page.content


def test_a_job_that_keeps_losing_its_worker_fails_for_a_person_after_the_cap(team, bob, settings):
    settings.JOB_MAX_RESTARTS = 2
    job = queued_ingest(team, bob)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, restarts=2)
    lose_worker(job)

    assert tasks.requeue_stalled_jobs.apply().get() == 0

    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.can_retry
    assert job.error.startswith("This job stopped without finishing 3 times (its worker was lost)")


def test_a_queued_job_no_worker_took_is_sent_again(team, bob):
    job = queued_ingest(team, bob)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=1))

    assert tasks.requeue_stalled_jobs.apply().get() == 1

    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and job.restarts == 1


def test_a_duplicate_delivery_leaves_a_running_job_to_its_own_task(team, bob):
    job = queued_ingest(team, bob)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, heartbeat_at=timezone.now(), celery_task_id="own")

    # Another delivery while the job's own worker is alive does nothing...
    services.run_ingest(job.pk, "someone-else")
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING and job.attempts == 0

    # ...while its own task, retried by Celery after a temporary error, takes it again.
    services.run_ingest(job.pk, "own")
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and job.attempts == 1 and job.restarts == 0


def test_the_broker_keeps_a_waiting_task_longer_than_the_longest_retry_delay():
    # Redis redelivers an unacknowledged task after the visibility timeout: a retry waiting longer would run twice.
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > max(RETRY_DELAYS) + 60 * 60
    entry = settings.CELERY_BEAT_SCHEDULE["requeue-stalled-jobs"]
    assert entry["task"] == tasks.requeue_stalled_jobs.name
    assert entry["schedule"] == settings.JOB_REQUEUE_EVERY_SECONDS < settings.JOB_STALLED_AFTER_SECONDS


def test_a_recommendations_heading_with_nothing_found_under_it_is_a_warning_on_the_job(team, bob, client):
    text = (
        "# Harbour safety review\n\nThe review looked at three harbours over two years.\n\n"
        "## Recommendations\n\n## Annex: the harbours visited\n\nDover, Hull and Tyne.\n"
    )
    job = Job.objects.create(kind=Job.Kind.INGEST, team=team, started_by=bob, document=text.encode())
    services.run_ingest(job.pk)

    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and job.recommendations_created == 0
    assert job.warning == (
        "The document has a heading “Recommendations” (¶3), but no recommendation was found under it. "
        "Mark them by hand on the review page."
    )
    client.force_login(bob)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "<strong>Check:</strong> The document has a heading “Recommendations”" in page
    assert reverse("review", args=[job.source.pk]) in page


def test_a_document_with_its_recommendations_found_has_no_warning(team, bob):
    job = queued_ingest(team, bob)
    services.run_ingest(job.pk)
    job.refresh_from_db()
    assert job.recommendations_created == 2 and job.warning == ""


def test_recommendations_accepted_on_the_review_page_get_their_evidence_suggested(
    client, seeded, article, bob, django_capture_on_commit_callbacks
):
    from tracker.evidence.models import Evidence
    from tracker.recommendations import review

    source = review.store_report(seeded, REPORT.encode(), accept=False, created_by=bob).source
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("review_accept_all", args=[source.pk]))

    tracked = list(source.recommendations.values_list("pk", flat=True))
    job = Job.objects.get(kind=Job.Kind.SUGGEST)
    assert job.params["recommendation_ids"] == sorted(tracked)
    assert job.state == Job.State.SUCCEEDED and job.title == "Suggest evidence: 2 recommendations just tracked"
    # The seed article's paragraph on attacks on undersea cables is suggested for the one about cables.
    cable = source.recommendations.get(text__contains="sabotage")
    assert Evidence.objects.filter(
        recommendation=cable, paragraph__source=article, state=Evidence.State.SUGGESTED
    ).exists()
    assert not Evidence.objects.exclude(recommendation__in=tracked).filter(state=Evidence.State.SUGGESTED).exists()
