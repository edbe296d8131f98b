"""Fetching a document from a link: a page or a PDF from a local HTTP server the tests start, and every way
a link can go wrong, each with a clear message and nothing stored."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from tracker.jobs.models import Job
from tracker.sources.fetching import FetchError, check_address, fetch
from tracker.sources.models import Source

ARTICLE = b"""<!doctype html><html><head><title>Grid outage | Baltic Wire</title>
<link rel="canonical" href="https://news.example.org/grid-outage">
<meta property="og:site_name" content="Baltic Wire"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Grid outage hits three countries</h1>
<p>A damaged undersea cable cut power to thousands of homes across the Baltic on Tuesday night.</p>
<p>Officials said repairs to the cable would take several weeks and called for more patrols at sea.</p>
</article><footer>Copyright Baltic Wire</footer></body></html>"""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the name http.server calls)
        routes = {
            "/article": (200, "text/html; charset=utf-8", ARTICLE),
            "/moved": (301, None, b""),
            "/loop": (302, None, b""),
            "/big": (200, "text/plain", b"x" * 5000),
        }
        if self.path == "/slow":
            time.sleep(8)
        status, content_type, body = routes.get(self.path, (404, "text/plain", b"not here"))
        self.send_response(status)
        if self.path == "/moved":
            self.send_header("Location", "/article")
        if self.path == "/loop":
            self.send_header("Location", "/loop")
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(settings):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_page_is_fetched_after_a_redirect(server):
    fetched = fetch(f"{server}/moved")
    assert fetched.url == f"{server}/article" and fetched.content_type == "text/html"
    assert b"Grid outage hits three countries" in fetched.data


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "the server answered 404 Not Found"),
        ("/loop", "it redirects more than 5 times"),
        ("/big", "the document is 5,000 bytes; the limit is 1,000"),
    ],
)
def test_a_link_that_goes_wrong_says_how(server, settings, path, message):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(FetchError, match=message):
        fetch(f"{server}{path}")


def test_a_server_that_does_not_answer_in_time_is_left(server, settings):
    # It answers after 8 seconds: a fetch that waited for it would return the page instead of this error.
    settings.FETCH_TIMEOUT_SECONDS = 1
    with pytest.raises(FetchError, match="did not answer within 1 seconds"):
        fetch(f"{server}/slow")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://localhost:8000/admin/", "it points at this machine"),
        ("http://127.0.0.1/", "it points at this machine"),
        ("http://[::1]/", "it points at this machine"),
        ("http://10.1.2.3/internal", "private or local network"),
        ("http://192.168.0.10/", "private or local network"),
        ("http://169.254.169.254/latest/meta-data/", "private or local network"),
        ("file:///etc/passwd", "only http:// and https://"),
        ("gopher://example.org/", "only http:// and https://"),
    ],
)
def test_private_and_local_addresses_are_never_fetched(settings, url, message):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(FetchError, match=message):
        check_address(url)
    with pytest.raises(FetchError, match=message):
        fetch(url)


def test_an_editor_pastes_a_link_and_the_job_reads_the_page(client, run_on_commit, server, team, bob):
    client.force_login(bob)
    response = run_on_commit(client.post, reverse("jobs:new_document"), {"team": team.pk, "url": f"{server}/article"})
    job = Job.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert job.state == Job.State.SUCCEEDED, job.error
    source = job.source
    assert source.url == "https://news.example.org/grid-outage" and source.publisher == "Baltic Wire"
    texts = list(source.paragraphs.values_list("text", flat=True))
    assert any(text.startswith("A damaged undersea cable cut power") for text in texts)
    assert not any("Copyright" in text or "World" in text for text in texts)


def test_a_link_that_cannot_be_fetched_fails_its_job_and_stores_nothing(client, run_on_commit, server, team, bob):
    client.force_login(bob)
    run_on_commit(client.post, reverse("jobs:new_document"), {"team": team.pk, "url": f"{server}/missing"})
    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    assert job.error == "The link could not be fetched: the server answered 404 Not Found."
    assert not Source.objects.exists()
