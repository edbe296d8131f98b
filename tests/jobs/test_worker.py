"""End to end: a real Celery worker, started here, consumes the job from Redis and writes to the test database."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from tests import switches
from tests.conftest import require
from tests.jobs.conftest import REPORT
from tracker.celery import app as celery_app
from tracker.evidence.models import Evidence
from tracker.jobs import queue, tasks
from tracker.jobs.models import Job
from tracker.recommendations.models import Recommendation
from tracker.sources.models import Paragraph, Source

READY_TIMEOUT = 60
JOB_TIMEOUT = 120


def database_url():
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def workers(transactional_db, tmp_path):
    """Starts worker processes on a queue of their own, sharing the test database; all stopped after the test.

    start(beat=True) runs the periodic tasks in the worker too; keyword arguments are settings for its environment.
    """
    if not settings.CELERY_BROKER_URL:
        require(switches.REQUIRE_WORKER, "needs a broker (set CELERY_BROKER_URL)")
    if connection.vendor != "postgresql":
        require(switches.REQUIRE_WORKER, "needs a database the worker process can share (set DATABASE_URL)")
    queue = f"test-{uuid.uuid4().hex}"
    started = []

    def start(beat=False, **extra_env):
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            # Whatever a worker sends without naming a queue (the periodic tasks, a re-queued job) stays here too.
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "DJANGO_SETTINGS_MODULE": "tracker.settings",
            **extra_env,
        }
        n = len(started)
        log = tmp_path / f"worker-{n}.log"
        command = [sys.executable, "-m", "celery", "-A", "tracker", "worker", "--pool=solo", "-Q", queue]
        command += ["-n", f"{queue}-{n}@%h", "--without-gossip", "--without-mingle", "-l", "info"]
        if beat:
            command += ["--beat", "--schedule", str(tmp_path / f"beat-{n}")]
        with open(log, "w") as output:
            process = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, stdout=output, stderr=subprocess.STDOUT)
        started.append(process)
        wait_until_ready(process, log)
        return process

    job_tasks = [tasks.ingest_document, tasks.suggest_team_evidence]
    eager = celery_app.conf.task_always_eager
    try:
        # This process sends to the broker for real, and only to the workers' queue
        # (a task's queue option is cached with its other sending options, hence the resets).
        celery_app.conf.task_always_eager = False
        for task in job_tasks:
            task.queue, task._exec_options = queue, None
        yield start
    finally:
        celery_app.conf.task_always_eager = eager
        for task in job_tasks:
            if "queue" in vars(task._get_current_object()):
                del task.queue
            task._exec_options = None
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def worker(workers):
    return workers()


def wait_until_ready(process, log: Path):
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the worker exited with {process.returncode}:\n{log.read_text()}")
        if " ready." in log.read_text():
            return
        time.sleep(0.2)
    pytest.fail(f"the worker was not ready within {READY_TIMEOUT}s:\n{log.read_text()}")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_ingests_a_document_from_the_queue(worker, seeded, bob):
    job = queue.start_ingest(team=seeded, user=bob, document=REPORT, publisher="Grid Watch")

    # The row as committed, before the worker could take it.
    seen = [job.state]
    deadline = time.monotonic() + JOB_TIMEOUT
    while seen[-1] not in (Job.State.SUCCEEDED, Job.State.FAILED) and time.monotonic() < deadline:
        time.sleep(0.05)
        state = Job.objects.get(pk=job.pk).state
        if state != seen[-1]:
            seen.append(state)

    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.error or f"still {job.state} after {JOB_TIMEOUT}s"
    # What polling saw is in order ("running" may pass between two looks)...
    assert seen in (["queued", "running", "succeeded"], ["queued", "succeeded"])
    # ...and the job's own record of its states, written by the worker as it went, has every step.
    changes = list(job.state_changes.values_list("state", "at"))
    assert [state for state, _ in changes] == ["queued", "running", "succeeded"]
    assert [at for _, at in changes] == sorted(at for _, at in changes)
    assert job.celery_task_id and job.attempts == 1
    assert job.created_at <= job.started_at <= job.heartbeat_at <= job.finished_at
    assert job.source.publisher == "Grid Watch" and job.recommendations_created == 2
    # The recommendations found await review; the new paragraphs were ranked for the team's open items.
    assert job.source.candidates.pending().count() == 2
    suggested = Evidence.objects.filter(paragraph__source=job.source, state=Evidence.State.SUGGESTED).count()
    assert job.suggestions_created == suggested


def wait_for(job, condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if condition(job):
            return
        time.sleep(0.05)
    pytest.fail(
        f"job {job.pk} did not become {what} within {timeout}s: {job.state}, {job.progress_done}/"
        f"{job.progress_total}, {job.error}"
    )


def many_open_recommendations(team, count):
    """`count` open items, so that suggesting evidence for them all takes the worker a while."""
    source = Source.objects.create(team=team, title="A long strategy", text="…", checksum="long-strategy")
    topics = ["undersea cables", "grid operators", "repair ships", "sabotage warnings", "port security"]
    paragraphs = Paragraph.objects.bulk_create(
        Paragraph(source=source, number=n + 1, text=f"Point {n}: governments should protect {topics[n % 5]}.")
        for n in range(count)
    )
    Recommendation.objects.bulk_create(
        Recommendation(team=team, source=source, paragraph=p, text=p.text, title=p.text[:80]) for p in paragraphs
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_is_killed_finishes_on_another_worker_without_anyone_acting(workers, seeded, bob):
    # Short limits, so that the test waits seconds where a deployment waits minutes.
    fast = {"JOB_STALLED_AFTER_SECONDS": "3", "JOB_REQUEUE_EVERY_SECONDS": "1"}
    many_open_recommendations(seeded, 500)
    first = workers(**fast)
    job = queue.start_suggestion(team=seeded, user=bob)
    wait_for(job, lambda j: j.state == Job.State.RUNNING and j.progress_done >= 1, JOB_TIMEOUT, "running")
    assert job.progress_done < job.progress_total - 100, "the job finished too fast to be interrupted"

    # The machine is lost: no chance to acknowledge, reject or record anything.
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING

    workers(beat=True, **fast)
    wait_for(job, lambda j: j.state in (Job.State.SUCCEEDED, Job.State.FAILED), JOB_TIMEOUT, "finished")

    assert job.state == Job.State.SUCCEEDED, job.error
    assert (job.attempts, job.restarts) == (2, 1)
    assert list(job.state_changes.values_list("state", flat=True)) == [
        "queued",
        "running",
        "queued",
        "running",
        "succeeded",
    ]
    assert job.suggestions_created == Evidence.objects.filter(recommendation__team=seeded).count()
