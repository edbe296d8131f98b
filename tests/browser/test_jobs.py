import re

from playwright.sync_api import expect

from tests.browser import test_accessibility
from tracker.jobs.models import Job

# The axe-core check of the accessibility tests, as a fixture here too.
axe = test_accessibility.axe

REPORT = """Keeping the Baltic grid safe

Undersea cables and electricity networks in the Baltic Sea have been damaged several times this year.

Recommendations

- Governments should share sabotage warnings about undersea cables with grid operators within a day.
"""


def test_an_editor_uploads_a_document_and_sees_the_result(page, live_server, login, bob, seeded, tmp_path):
    path = tmp_path / "baltic.txt"
    path.write_text(REPORT)
    login(page, bob)
    page.get_by_role("link", name="Add document").click()
    page.get_by_label("File").set_input_files(path)
    page.get_by_label("Publisher").fill("Grid Watch")
    page.get_by_role("button", name="Add document").click()

    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    expect(page.get_by_text("Succeeded")).to_be_visible()
    expect(page.get_by_text("Stored “Keeping the Baltic grid safe”")).to_be_visible()
    # Found, the recommendation awaits review; accepted, it is tracked.
    page.get_by_role("link", name="Review the 1 recommendation found").click()
    page.get_by_role("button", name=re.compile("^Accept “Governments should share")).click()
    page.get_by_role("link", name="tracked item").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Governments should share")


def test_a_bad_file_is_refused_with_the_reason(page, live_server, login, bob, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    login(page, bob)
    page.goto(f"{live_server.url}/jobs/new-document/")
    page.get_by_label("File").set_input_files(path)
    page.get_by_role("button", name="Add document").click()
    expect(page.get_by_role("alert")).to_contain_text("this is a PNG image, not a document Tracker can read")
    assert not Job.objects.exists()


def test_a_damaged_pdf_fails_its_job_with_the_reason(page, live_server, login, bob, seeded, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7 cut off in the download")
    login(page, bob)
    page.goto(f"{live_server.url}/jobs/new-document/")
    page.get_by_label("File").set_input_files(path)
    page.get_by_role("button", name="Add document").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    expect(page.get_by_text("Failed", exact=True)).to_be_visible()
    expect(page.get_by_text("this file is not a PDF that can be read")).to_be_visible()


def test_the_progress_bar_updates_until_the_job_ends(page, live_server, login, bob, team):
    job = Job.objects.create(
        kind=Job.Kind.INGEST,
        team=team,
        started_by=bob,
        state=Job.State.RUNNING,
        progress_done=1,
        progress_total=4,
        params={"title": "Grid notes"},
    )
    login(page, bob)
    polls = []
    page.on("request", lambda request: polls.append(request.url) if "seen=" in request.url else None)
    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    expect(page.get_by_label("Progress")).to_have_attribute("value", "1")
    # Polls that find nothing new leave the region as it is (the same element), not re-announced.
    page.evaluate("document.getElementById('job-progress').dataset.mark = 'first'")
    page.wait_for_timeout(2500)
    assert len(polls) >= 2
    expect(page.locator("#job-progress")).to_have_attribute("data-mark", "first")

    Job.objects.filter(pk=job.pk).update(progress_done=3)
    expect(page.get_by_label("Progress")).to_have_attribute("value", "3")
    Job.objects.filter(pk=job.pk).update(state=Job.State.SUCCEEDED, progress_done=4, result_summary="All stored.")
    expect(page.get_by_text("All stored.")).to_be_visible()
    expect(page.locator("#job-progress")).not_to_have_attribute("hx-trigger", re.compile("."))
    # Polling stops once the job has ended.
    seen = len(polls)
    page.wait_for_timeout(2500)
    assert len(polls) == seen


def test_job_pages_pass_axe(page, live_server, login, axe, bob, team, tmp_path):
    Job.objects.create(
        kind=Job.Kind.INGEST, team=team, started_by=bob, state=Job.State.FAILED, error="The document is empty."
    )
    running = Job.objects.create(
        kind=Job.Kind.SUGGEST, team=team, started_by=bob, state=Job.State.RUNNING, progress_done=1, progress_total=3
    )
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    login(page, bob)
    page.goto(f"{live_server.url}/jobs/new-document/")
    page.get_by_label("File").set_input_files(str(empty))
    page.get_by_role("button", name="Add document").click()
    expect(page.get_by_role("alert")).to_contain_text("empty")
    assert axe(page) == []
    page.goto(f"{live_server.url}/jobs/")
    assert axe(page) == []
    page.goto(f"{live_server.url}/jobs/{running.pk}/")
    expect(page.get_by_label("Progress")).to_have_attribute("value", "1")
    assert axe(page) == []
