from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from tests.jobs.conftest import REPORT
from tracker.evidence.models import Evidence
from tracker.jobs import queue, services
from tracker.jobs.models import Job, stalled_after
from tracker.recommendations import review
from tracker.recommendations import services as recommendation_services
from tracker.recommendations.models import Recommendation, Status
from tracker.recommendations.services import change_status
from tracker.sources.models import Source


def ingest(run_on_commit, team, user, text=REPORT, **details):
    job = run_on_commit(queue.start_ingest, team=team, user=user, document=text, **details)
    job.refresh_from_db()
    return job


def states(job):
    """The states the job entered, in order."""
    return list(job.state_changes.values_list("state", flat=True))


def test_ingest_stores_the_source_proposes_its_recommendations_and_suggests_evidence(run_on_commit, seeded, bob):
    job = ingest(run_on_commit, seeded, bob, publisher="Grid Watch", url="https://example.org/baltic")

    assert job.state == Job.State.SUCCEEDED
    assert states(job) == ["queued", "running", "succeeded"]
    assert job.celery_task_id
    assert job.started_at and job.finished_at and job.heartbeat_at
    assert job.progress_total > 1 and job.progress_done == job.progress_total
    source = Source.objects.get(team=seeded, title="Keeping the Baltic grid safe")
    assert job.source == source
    assert (source.publisher, source.url, source.created_by) == ("Grid Watch", "https://example.org/baltic", bob)
    # The recommendations found await a person's review; nothing is tracked yet.
    assert job.recommendations_created == 2 and source.candidates.pending().count() == 2
    assert not source.recommendations.exists()
    assert "2 recommendations found, awaiting review" in job.result_summary
    assert job.suggestions_created == Evidence.objects.suggested().count()

    # Accepted, they are tracked as New, and a suggestion job finds the seed article's paragraph on attacks on
    # undersea cables and electricity networks for the one about cables.
    review.accept_all(source, by=bob)
    assert list(source.recommendations.values_list("status", flat=True)) == [Status.NEW, Status.NEW]
    run_on_commit(queue.start_suggestion, team=seeded, user=bob)
    cable = source.recommendations.get(text__contains="sabotage")
    assert Evidence.objects.filter(
        recommendation=cable, paragraph__text__contains="undersea cables", state=Evidence.State.SUGGESTED
    ).exists()


def test_the_same_document_twice_is_stored_once(run_on_commit, team, bob):
    first = ingest(run_on_commit, team, bob)
    # Same text with other line endings and trailing spaces is the same document.
    second = ingest(run_on_commit, team, bob, text=REPORT.replace("\n", "  \r\n"))

    assert first.state == second.state == Job.State.SUCCEEDED
    assert Source.objects.filter(team=team).count() == 1
    assert first.source.candidates.count() == 2
    assert second.source == first.source
    assert second.recommendations_created == 0 and second.suggestions_created == 0
    assert "already stored" in second.result_summary


def test_running_a_finished_job_again_changes_nothing(run_on_commit, seeded, bob):
    job = ingest(run_on_commit, seeded, bob)
    evidence = list(Evidence.objects.order_by("pk").values_list("pk", "recommendation_id", "paragraph_id", "score"))

    services.run_ingest(job.pk)

    job.refresh_from_db()
    assert job.attempts == 1 and job.state == Job.State.SUCCEEDED
    assert states(job) == ["queued", "running", "succeeded"]
    assert list(Evidence.objects.order_by("pk").values_list("pk", "recommendation_id", "paragraph_id", "score")) == (
        evidence
    )


def test_a_job_left_running_by_a_dead_worker_is_taken_over_when_delivered_again(seeded, bob):
    job = Job.objects.create(kind=Job.Kind.INGEST, team=seeded, started_by=bob, document=REPORT.encode(), attempts=1)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, heartbeat_at=timezone.now() - timedelta(hours=1))

    services.run_ingest(job.pk)

    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and job.attempts == 2
    assert Source.objects.filter(title="Keeping the Baltic grid safe").count() == 1


def test_a_document_the_store_refuses_fails_the_job_with_the_reason(run_on_commit, team, bob):
    job = ingest(run_on_commit, team, bob, text="# Only a heading\n\n## And another")

    assert job.state == Job.State.FAILED
    assert job.error == "The document could not be stored: the document has no paragraphs, only a title or headings."
    assert not Source.objects.exists()


def test_an_unexpected_error_is_recorded_as_a_failure_in_words(run_on_commit, team, bob, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("cannot unpack")

    monkeypatch.setattr(services, "store_report", broken)
    job = ingest(run_on_commit, team, bob)

    assert job.state == Job.State.FAILED
    assert job.error == services.INTERNAL_ERROR
    assert job.finished_at is not None
    assert "unpack" not in job.error


def test_a_database_outage_is_retried_then_recorded(run_on_commit, team, bob, monkeypatch):
    calls = []

    def unavailable(*args, **kwargs):
        calls.append(1)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "store_report", unavailable)
    job = ingest(run_on_commit, team, bob)

    from tracker.jobs.tasks import ingest_document

    assert len(calls) == ingest_document.max_retries + 1
    assert job.state == Job.State.FAILED
    assert job.error == services.TRANSIENT_ERROR


def test_a_passing_outage_is_retried_and_the_job_succeeds(run_on_commit, team, bob, monkeypatch):
    real = services.store_report
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("could not connect to server")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "store_report", flaky)
    job = ingest(run_on_commit, team, bob)

    assert len(calls) == 2
    assert job.state == Job.State.SUCCEEDED and job.attempts == 2
    assert states(job) == ["queued", "running", "running", "succeeded"]
    assert Source.objects.filter(team=team).count() == 1


def test_a_job_interrupted_after_storing_still_reports_what_it_stored(run_on_commit, team, bob, monkeypatch):
    # The document is stored, then the database drops out while suggesting evidence; the task runs
    # again (as after a retry, or a worker that died), finds its own source, and says it stored it.
    real = services.suggest_from_source
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "suggest_from_source", flaky)
    job = ingest(run_on_commit, team, bob)

    assert job.state == Job.State.SUCCEEDED and job.attempts == 2
    assert job.source == Source.objects.get(team=team) and job.recommendations_created == 2
    assert job.result_summary.startswith("Stored “Keeping the Baltic grid safe”")
    assert "2 recommendations found" in job.result_summary and "already stored" not in job.result_summary


def test_the_starter_retries_a_failed_job(run_on_commit, team, bob, monkeypatch):
    monkeypatch.setattr(services, "store_report", lambda *a, **k: 1 / 0)
    job = ingest(run_on_commit, team, bob)
    assert job.state == Job.State.FAILED
    monkeypatch.undo()
    created = job.created_at

    run_on_commit(queue.retry_job, job.pk, by=bob)

    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and job.error == ""
    # The job keeps the moment it was asked for; its history records the retry.
    assert job.created_at == created
    assert states(job) == ["queued", "running", "failed", "queued", "running", "succeeded"]
    assert Source.objects.filter(team=team).count() == 1


def test_only_failed_or_stalled_jobs_of_ones_own_can_be_retried(run_on_commit, team, alice, bob):
    job = ingest(run_on_commit, team, bob)
    with pytest.raises(queue.JobNotRetryable):
        queue.retry_job(job.pk, by=bob)
    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED)
    with pytest.raises(queue.JobNotRetryable):
        queue.retry_job(job.pk, by=alice)


def test_a_running_job_without_heartbeat_is_stalled_and_retryable(team, bob):
    now = timezone.now()
    job = Job.objects.create(kind=Job.Kind.INGEST, team=team, started_by=bob, state=Job.State.RUNNING)
    job.heartbeat_at = now - timedelta(seconds=30)
    assert not job.is_stalled and not job.can_retry
    job.heartbeat_at = now - stalled_after() - timedelta(seconds=1)
    assert job.is_stalled and job.can_retry and job.status_label == "Stalled"


def test_flag_stale_marks_only_open_items_without_recent_activity(brief_source, bob, settings):
    settings.STALE_AFTER_DAYS = 30
    now = timezone.now()
    quiet, busy, closed = brief_source.recommendations.order_by("pk")
    Recommendation.objects.filter(pk__in=[quiet.pk, closed.pk]).update(last_activity_at=now - timedelta(days=31))
    Recommendation.objects.filter(pk=busy.pk).update(last_activity_at=now - timedelta(days=29))
    change_status(closed.pk, Status.IMPLEMENTED, by=bob)
    Recommendation.objects.filter(pk=closed.pk).update(last_activity_at=now - timedelta(days=31))

    assert recommendation_services.flag_stale_recommendations(now=now) == 1
    # A second run keeps the first date and marks nothing new.
    assert recommendation_services.flag_stale_recommendations(now=now + timedelta(days=1)) == 0

    quiet.refresh_from_db(), busy.refresh_from_db(), closed.refresh_from_db()
    assert quiet.stale_since == now
    assert busy.stale_since is None and closed.stale_since is None


def test_the_scheduled_staleness_task_runs_the_service(brief_source, settings):
    from tracker.jobs.tasks import flag_stale_recommendations

    settings.STALE_AFTER_DAYS = 5
    Recommendation.objects.update(last_activity_at=timezone.now() - timedelta(days=6))
    assert flag_stale_recommendations.delay().get() == 3
    assert not Recommendation.objects.filter(stale_since__isnull=True).exists()
    assert settings.CELERY_BEAT_SCHEDULE["flag-stale-recommendations"]["task"] == flag_stale_recommendations.name


def test_a_suggestion_job_reports_progress_per_recommendation(run_on_commit, seeded, alice):
    job = run_on_commit(queue.start_suggestion, team=seeded, user=alice)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.suggestions_created == Evidence.objects.suggested().count() > 0


def test_a_job_that_cannot_be_queued_is_failed_for_retry(run_on_commit, team, bob, monkeypatch):
    import kombu.exceptions

    from tracker.jobs import tasks

    def broker_down(*args, **kwargs):
        raise kombu.exceptions.OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.ingest_document, "apply_async", broker_down)
    job = ingest(run_on_commit, team, bob)

    assert job.state == Job.State.FAILED and job.error == queue.QUEUE_UNAVAILABLE
    assert job.can_retry and not Source.objects.exists()


def test_a_paragraph_too_long_to_index_fails_at_once_saying_what_to_change(run_on_commit, team, bob):
    # Megabytes of distinct words in one paragraph: no retry could store it, so none is tried.
    words = " ".join(f"w{n:06d}" for n in range(120_000))
    job = ingest(run_on_commit, team, bob, text=f"Title\n\n{words}")
    assert job.state == Job.State.FAILED and job.attempts == 1
    assert "a paragraph longer than 50,000 characters" in job.error
    assert not Source.objects.exists()


def test_a_database_refusal_of_the_content_fails_at_once(run_on_commit, team, bob, monkeypatch):
    from django.db import DataError

    def refused(*args, **kwargs):
        raise DataError("string is too long for tsvector (1500000 bytes, max 1048575 bytes)")

    monkeypatch.setattr(services, "store_report", refused)
    job = ingest(run_on_commit, team, bob)
    assert job.state == Job.State.FAILED and job.attempts == 1
    assert job.error.startswith(
        "The document could not be stored: the database refused its content (string is too long"
    )
