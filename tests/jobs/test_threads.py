"""With no broker (the embedded default), a job runs in a thread of its own: the page that started it answers
at once, and the job finishes by itself."""

import threading
import time

import pytest
from django.urls import reverse

from tests.jobs.conftest import REPORT
from tracker.jobs import services
from tracker.jobs.models import Job


@pytest.mark.django_db(transaction=True)
def test_adding_a_document_answers_before_the_job_has_read_it(client, team, bob, settings, monkeypatch):
    settings.JOBS_IN_THREAD = True
    release = threading.Event()
    real = services.store_report

    def slow_reader(*args, **kwargs):
        # Stands for a long document: the job waits here until the test has seen the page answer.
        assert release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "store_report", slow_reader)
    client.force_login(bob)
    response = client.post(reverse("jobs:new_document"), {"team": team.pk, "text": REPORT})

    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    assert job.state in (Job.State.QUEUED, Job.State.RUNNING)
    release.set()
    deadline = time.monotonic() + 30
    while Job.objects.get(pk=job.pk).state not in (Job.State.SUCCEEDED, Job.State.FAILED):
        assert time.monotonic() < deadline, "the job did not finish in its thread"
        time.sleep(0.05)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.error
    assert job.source.title == "Keeping the Baltic grid safe"
