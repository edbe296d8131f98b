import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tracker.jobs.models import Job, stalled_after
from tracker.sources.models import Source

NEW = reverse("jobs:new_document")


def upload(client, run_on_commit, team, **data):
    return run_on_commit(client.post, NEW, {"team": team.pk, **data})


def test_anonymous_people_are_sent_to_log_in(client, team, bob):
    job = Job.objects.create(kind=Job.Kind.INGEST, team=team, started_by=bob)
    for url in [reverse("jobs:list"), NEW, reverse("jobs:detail", args=[job.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/login/")
    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 302


def test_an_editor_uploads_a_file_and_lands_on_its_job(client, run_on_commit, team, bob, report_file):
    client.force_login(bob)
    response = upload(client, run_on_commit, team, file=report_file(), publisher="Grid Watch")

    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    assert job.started_by == bob and job.params["filename"] == "baltic.txt"
    page = client.get(response.url).content.decode()
    assert "Succeeded" in page
    assert "Keeping the Baltic grid safe" in page
    assert f'href="{reverse("review", args=[job.source.pk])}">Review the 2 recommendations found</a>' in page
    assert 'hx-trigger="every 1s"' not in page


def test_pasted_text_with_its_details(client, run_on_commit, team, bob):
    client.force_login(bob)
    text = "Grid notes\n\nCable repairs take months.\n"
    upload(client, run_on_commit, team, text=text, title="Notes on the grid", published_on="2024-12-06")

    source = Source.objects.get()
    assert source.title == "Notes on the grid" and str(source.published_on) == "2024-12-06"


def test_markdown_and_html_uploads_become_paragraphs(client, run_on_commit, team, bob):
    client.force_login(bob)
    markdown = b"# Cable report\n\nSome **cables** were cut.\n\n## Recommendations\n\n1. Navies should patrol the [Baltic](https://example.org).\n"
    html = (
        b"<html><head><title>Grid</title><style>p{}</style></head>"
        b"<body><nav>Home</nav><h1>Grid page</h1><p>Power <em>lines</em> failed.</p></body></html>"
    )
    upload(client, run_on_commit, team, file=SimpleUploadedFile("cables.md", markdown))
    upload(client, run_on_commit, team, file=SimpleUploadedFile("grid.HTM", html))

    cables = Source.objects.get(title="Cable report")
    assert list(cables.paragraphs.values_list("kind", "text")) == [
        ("heading", "Cable report"),
        ("text", "Some cables were cut."),
        ("heading", "Recommendations"),
        ("item", "Navies should patrol the Baltic."),
    ]
    assert cables.candidates.get().actor == "Navies"
    grid = Source.objects.get(title="Grid page")
    assert list(grid.paragraphs.values_list("text", flat=True)) == ["Grid page", "Power lines failed."]


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("empty.txt", b"", "The submitted file is empty."),
        ("blank.txt", b"  \n\n ", "This file cannot be used: the file is empty."),
        ("sheet.xlsx", b"PK\x03\x04" + bytes(60), "a zip archive that is not a Word (.docx) file"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(60), "this is a PNG image, not a document"),
        ("latin1.txt", "Café report\n\nDéjà vu.".encode("latin-1"), "not UTF-8 text"),
        ("binary.txt", b"abc\x00def", "not a text file"),
        # A NUL far into the file, past what a quick look at its start would see.
        ("late-nul.txt", b"A title\n\n" + b"Words. " * 2000 + b"\x00", "not a text file"),
    ],
)
def test_a_bad_file_is_refused_on_the_form_and_nothing_is_kept(client, run_on_commit, team, bob, name, content, error):
    client.force_login(bob)
    response = upload(client, run_on_commit, team, file=SimpleUploadedFile(name, content))

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Job.objects.exists() and not Source.objects.exists()


def test_a_file_over_the_limit_is_refused(client, run_on_commit, team, bob, settings, report_file):
    settings.UPLOAD_MAX_BYTES = 100
    client.force_login(bob)
    response = upload(client, run_on_commit, team, file=report_file())

    assert "the limit is 100\xa0bytes" in response.content.decode()
    assert not Job.objects.exists() and not Source.objects.exists()


def test_pasted_text_over_the_limit_is_refused_and_kept_on_the_form(client, run_on_commit, team, bob, settings):
    settings.UPLOAD_MAX_BYTES = 100
    client.force_login(bob)
    assert 'maxlength="100"' in client.get(NEW).content.decode()
    text = "A long report\n\n" + "Ceasefire talks resumed. " * 10
    response = upload(client, run_on_commit, team, text=text, title="Long report")

    page = response.content.decode()
    assert response.status_code == 200
    assert "This text is 264\xa0bytes; the limit is 100\xa0bytes." in page
    assert "Ceasefire talks resumed." in page and 'value="Long report"' in page
    assert not Job.objects.exists() and not Source.objects.exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Upload a file, paste the document’s text, or give its URL."),
        ({"text": "   "}, "Upload a file, paste the document’s text, or give its URL."),
        ({"text": "x", "file": "report"}, "Upload a file or paste text, not both."),
        ({"url": "ftp://example.org/report.pdf"}, "only http:// and https:// addresses can be fetched"),
        ({"url": "http://127.0.0.1/admin/"}, "This address cannot be fetched: it points at this machine."),
        ({"text": "A title\n\nText.", "url": "not a url"}, "Enter a valid URL."),
    ],
)
def test_bad_pasted_input_is_refused(client, run_on_commit, team, bob, report_file, data, error):
    client.force_login(bob)
    if data.get("file"):
        data = {**data, "file": report_file()}
    response = upload(client, run_on_commit, team, **data)

    assert response.status_code == 200 and error in response.content.decode()
    assert not Job.objects.exists() and not Source.objects.exists()


def test_a_viewer_cannot_add_documents(client, run_on_commit, team, victor, report_file):
    client.force_login(victor)
    assert client.get(NEW).status_code == 403
    assert upload(client, run_on_commit, team, file=report_file()).status_code == 403
    assert not Job.objects.exists()


def test_an_editor_cannot_add_to_a_team_where_they_only_view(client, run_on_commit, team, other_team, bob, report_file):
    from tracker.accounts.models import Membership

    Membership.objects.create(team=other_team, user=bob, role=Membership.Role.VIEWER)
    client.force_login(bob)
    # Only the team they edit is offered; a forged choice of the other is refused on the form, text kept.
    form = client.get(NEW).content.decode()
    assert f'<option value="{team.pk}">' in form and f'value="{other_team.pk}"' not in form
    response = upload(client, run_on_commit, other_team, text="Grid notes\n\nCable repairs take months.")
    assert response.status_code == 200
    assert (
        "Select a valid choice" in response.content.decode()
        and "Cable repairs take months." in response.content.decode()
    )
    assert not Job.objects.exists()


def test_another_teams_id_is_refused_on_the_form(client, run_on_commit, team, other_team, bob, report_file):
    client.force_login(bob)
    response = upload(client, run_on_commit, other_team, file=report_file())
    assert "Select a valid choice" in response.content.decode()
    assert not Job.objects.exists()


def test_another_teams_job_is_not_found(client, team, bob, charlie):
    job = Job.objects.create(kind=Job.Kind.INGEST, team=team, started_by=bob, state=Job.State.FAILED)
    client.force_login(charlie)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 404
    assert f'href="{reverse("jobs:detail", args=[job.pk])}"' not in client.get(reverse("jobs:list")).content.decode()


def test_a_running_job_polls_and_the_partial_alone_is_swapped(client, team, bob):
    job = Job.objects.create(
        kind=Job.Kind.INGEST, team=team, started_by=bob, state=Job.State.RUNNING, progress_done=2, progress_total=5
    )
    client.force_login(bob)
    url = reverse("jobs:detail", args=[job.pk])

    page = client.get(url).content.decode()
    assert "<html" in page and 'hx-trigger="every 1s"' in page
    assert f'<progress id="job-{job.pk}-bar" max="5" value="2">' in page

    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "<h1>" not in partial
    assert partial.strip().startswith('<section id="job-progress"')
    assert f'hx-get="{url}?seen=running-2-5-0-0" hx-trigger="every 1s"' in partial
    # A poll that finds nothing changed swaps nothing (204), so the live region is not re-announced.
    unchanged = client.get(url, {"seen": "running-2-5-0-0"}, headers={"HX-Request": "true"})
    assert unchanged.status_code == 204 and not unchanged.content
    Job.objects.filter(pk=job.pk).update(progress_done=3)
    moved = client.get(url, {"seen": "running-2-5-0-0"}, headers={"HX-Request": "true"}).content.decode()
    assert "3 of 5 steps done" in moved and "seen=running-3-5-0" in moved
    # Without htmx the parameter changes nothing: the whole page.
    assert "<html" in client.get(url, {"seen": "running-3-5-0"}).content.decode()
    assert "2 of 5 steps done" in partial

    # A stalled job is still watched, in case its worker comes back, but less often.
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - stalled_after() - timedelta(minutes=1))
    stalled = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 10s"' in stalled and "Stalled" in stalled

    started, finished_at = timezone.now() - timedelta(seconds=5), timezone.now()
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.SUCCEEDED,
        progress_done=5,
        result_summary="All done.",
        started_at=started,
        finished_at=finished_at,
        attempts=2,
    )
    finished = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in finished and "All done." in finished
    local = timezone.localtime
    assert f'Started <time datetime="{local(started).isoformat()}">{local(started):%H:%M:%S}</time>' in finished
    assert f'finished\n    <time datetime="{local(finished_at).isoformat()}">' in finished
    assert "after 2 attempts." in finished


def test_a_failed_job_shows_why_and_its_starter_can_retry(client, run_on_commit, team, alice, bob):
    job = Job.objects.create(
        kind=Job.Kind.INGEST,
        team=team,
        started_by=bob,
        state=Job.State.FAILED,
        error="The document could not be stored: the document is empty.",
        document=b"Grid notes\n\nCable repairs take months.",
    )
    url = reverse("jobs:detail", args=[job.pk])
    retry = reverse("jobs:retry", args=[job.pk])

    client.force_login(alice)
    page = client.get(url).content.decode()
    assert "the document is empty" in page and retry not in page
    assert client.post(retry).status_code == 403

    client.force_login(bob)
    assert f'action="{retry}"' in client.get(url).content.decode()
    response = run_on_commit(client.post, retry)
    assert response.status_code == 302 and response.url == url
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and Source.objects.filter(title="Grid notes").exists()


def test_retry_over_htmx_returns_the_partial(client, run_on_commit, team, bob):
    job = Job.objects.create(
        kind=Job.Kind.INGEST, team=team, started_by=bob, state=Job.State.FAILED, document=b"A\n\nB c d."
    )
    client.force_login(bob)
    response = run_on_commit(client.post, reverse("jobs:retry", args=[job.pk]), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and body.strip().startswith('<section id="job-progress"')


def test_retrying_a_job_that_succeeded_says_so(client, run_on_commit, team, bob):
    job = Job.objects.create(kind=Job.Kind.INGEST, team=team, started_by=bob, state=Job.State.SUCCEEDED)
    client.force_login(bob)
    response = client.post(reverse("jobs:retry", args=[job.pk]), follow=True)
    assert "nothing to retry" in response.content.decode()


def test_the_jobs_page_lists_the_teams_jobs_in_bounded_queries(client, team, alice, bob, django_assert_max_num_queries):
    for number in range(30):
        Job.objects.create(kind=Job.Kind.INGEST, team=team, started_by=bob if number % 2 else alice)
    client.force_login(alice)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("jobs:list"))
    assert len(re.findall(r'href="/jobs/\d+/"', response.content.decode())) == 30


def test_the_job_page_shows_what_a_finished_ingest_made_in_bounded_queries(
    client, run_on_commit, seeded, bob, django_assert_max_num_queries
):
    client.force_login(bob)
    text = open("seeds/policy-brief-russia-ukraine-ceasefire-recommendations.txt").read().replace("Japan", "Korea")
    upload(client, run_on_commit, seeded, text=text)
    job = Job.objects.get()

    with django_assert_max_num_queries(6):
        page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert f"<h1>Add document: {job.source.title}</h1>" in page
    for recommendation in job.source.recommendations.all():
        assert reverse("recommendation_detail", args=[recommendation.pk]) in page
    assert f"{job.suggestions_created} passages suggested as evidence." in page


def test_an_editor_runs_the_suggestion_again_for_the_team(client, run_on_commit, seeded, bob):
    client.force_login(bob)
    response = run_on_commit(client.post, reverse("jobs:suggest_evidence"), {"team": seeded.pk})

    job = Job.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert job.kind == Job.Kind.SUGGEST and job.state == Job.State.SUCCEEDED and job.suggestions_created > 0


def test_a_viewer_cannot_run_the_suggestion(client, run_on_commit, seeded, victor, charlie, other_team):
    client.force_login(victor)
    page = client.get(reverse("jobs:list")).content.decode()
    assert reverse("jobs:suggest_evidence") not in page and "Add document</a>" not in page.split("</nav>")[1]
    response = run_on_commit(client.post, reverse("jobs:suggest_evidence"), {"team": seeded.pk})
    assert response.status_code == 403
    client.force_login(charlie)
    response = run_on_commit(client.post, reverse("jobs:suggest_evidence"), {"team": seeded.pk})
    assert response.status_code == 404
    response = run_on_commit(client.post, reverse("jobs:suggest_evidence"), {"team": "x"}, follow=True)
    assert "Choose one of your teams." in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"file": SimpleUploadedFile("headings.md", b"# Title\n\n## Section\n")}, "no paragraphs, only a title"),
        ({"text": "Only a title"}, "no paragraphs, only a title"),
        # A PDF renamed .txt is read as the PDF it is, and this one is damaged.
        ({"file": SimpleUploadedFile("report.txt", b"%PDF-1.7 truncated")}, "this file is not a PDF that can be read"),
    ],
)
def test_a_document_that_cannot_be_read_fails_its_job_with_the_reason_and_stores_nothing(
    client, run_on_commit, team, bob, data, error
):
    # The form checks only what is cheap; reading is the job's work, and its failure says why.
    client.force_login(bob)
    response = upload(client, run_on_commit, team, **data)
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    assert job.state == Job.State.FAILED and error in job.error
    assert job.attempts == 1
    assert error in client.get(response.url).content.decode()
    assert not Source.objects.exists()


def test_a_file_just_over_the_limit_says_both_sizes_exactly(client, run_on_commit, team, bob, settings):
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    client.force_login(bob)
    big = SimpleUploadedFile("big.txt", b"Title\n\n" + b"x" * (settings.UPLOAD_MAX_BYTES - 6))
    page = upload(client, run_on_commit, team, file=big).content.decode()
    assert "This file is 10,485,761 bytes; the limit is 10,485,760 bytes (10.0\xa0MB)." in page
    assert not Job.objects.exists()


def test_utf16_text_with_a_byte_order_mark_is_read_as_text(client, run_on_commit, team, bob):
    client.force_login(bob)
    text = "Grid notes\n\nCable repairs take months, say the operators.\n"
    upload(client, run_on_commit, team, file=SimpleUploadedFile("notes.txt", text.encode("utf-16")))
    source = Job.objects.get().source
    assert list(source.paragraphs.values_list("text", flat=True)) == [
        "Grid notes",
        "Cable repairs take months, say the operators.",
    ]


def test_a_document_of_more_paragraphs_than_allowed_fails_naming_the_limit(client, run_on_commit, team, bob):
    client.force_login(bob)
    many = "\n\n".join(f"Line {n}." for n in range(25_000)).encode()
    upload(client, run_on_commit, team, file=SimpleUploadedFile("many.txt", many))
    job = Job.objects.get()
    assert job.state == Job.State.FAILED and "20,000" in job.error, job.error
    assert not Source.objects.exists()
