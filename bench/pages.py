"""The pages people wait on, served by gunicorn from PostgreSQL for a team of 2,000 recommendations (S) and one of
20,000 (L), each timed as a ratio to a trivial logged-in page (the floor) measured in the same run.

    make bench                                   # the same as: .venv/bin/python bench/pages.py
    .venv/bin/python bench/pages.py --rounds 5 --skip-background      # quicker
    .venv/bin/python bench/pages.py --section Before                  # write the run as the section "Before"

1. Data. The PostgreSQL database `tracker_bench` (on --server, default postgres://postgres@127.0.0.1:5432) is
   made if missing and migrated. It holds two demo teams, "Demo data S" and "Demo data L", made by
   `manage.py generate_demo_data` (500 members and 1,000 sources of 30 paragraphs each; S and L differ only in
   their number of recommendations, so that L/S shows what grows with the items). One database with two teams,
   not two databases: each page reads only its own team's rows (every query is scoped by membership), one gunicorn
   serves both, and the tables are as large as a site holding both teams would be. A marker on the database (its
   comment) names the seed, the sizes and a digest of tracker/demo/; a database whose marker differs is dropped
   and made again, so the data is made once and reused by later runs (about four minutes to make).
2. Server. gunicorn with the repository's gunicorn.conf.py (as in production: a gthread worker per core), on
   127.0.0.1 with DEBUG off, database connections kept between requests (conn_max_age), static files collected.
3. Pages. One admin of each team logs in (a password is set for them, and they are made staff for the Django
   admin). The floor is the password change form: no view of ours is cheaper (no query beyond the session and
   the user), so it measures Django, the middleware and the base template. For each of --rounds rounds, each page
   is requested right after a request of the floor, S then L, so both see the same load; a page slower than
   --page-budget seconds per round gets fewer rounds (shown in the table). Reported: median, p95, the median as a
   multiple of the floor's, and L/S.
4. Concurrency. --clients threads (default 20) for --duration seconds (default 15) request the L list's first
   page, then an ordinary L item's page, then both in turn: throughput, median and p95, errors.
5. Background work, in this process (unless --skip-background): the weekly digest for the 500 members of L, each
   through send_digest as the weekly run calls it (mail goes to the locmem backend and the delivery records are
   rolled back: nothing is sent or kept), stopped after --digest-timeout seconds; and
   an ingest job of a generated 200-paragraph document into L with evidence suggested for its open items
   (tracker.jobs.services.run_ingest, in a child process stopped after --ingest-timeout seconds), whose source and
   suggestions are deleted afterwards so that the next run starts from the same data.

The table is printed and written to docs/performance.md as the section --section (default "Latest run"),
replacing the previous one of that name and keeping the rest of the file.

With --explain, nothing is timed through gunicorn: each page of L is requested in this process, and its queries are
printed, slowest first, the slowest with their plans (EXPLAIN ANALYZE); then one member's digest and the evidence
suggested for one item. That is where the findings in docs/performance.md come from.
"""

import argparse
import hashlib
import math
import os
import platform
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import urllib3

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")

SIZES = {"S": 2_000, "L": 20_000}
# Bumped when what the bench needs from the data changes: an older database is made again.
MARKER_VERSION = 1
REQUEST_TIMEOUT = 120
INGEST_PARAGRAPHS = 200
INGEST_TITLE = "Bench ingest: weekly security news roundup"
# The ingest's connections are known by this name, so that a stopped ingest's query is stopped too.
INGEST_APPLICATION = "tracker-bench-ingest"
# Seconds a web worker keeps its database connection (DATABASE_URL's conn_max_age, as the README's production setup).
CONN_MAX_AGE = 60


# ---------------------------------------------------------------------------------------------------------------
# The database


def database_url(server, name):
    return f"{server.rstrip('/')}/{name}"


def marker(seed):
    demo = sorted((ROOT / "tracker" / "demo").rglob("*.py"))
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in demo)).hexdigest()[:12]
    sizes = " ".join(f"{label}={n}" for label, n in SIZES.items())
    return f"tracker bench v{MARKER_VERSION}: seed={seed} {sizes} demo={digest}"


def prepare_database(server, name, seed, env, log):
    """Reuse the bench database if its marker matches, else make it again; return how long making L took."""
    wanted = marker(seed)
    with psycopg.connect(database_url(server, "postgres"), autocommit=True) as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if row and row[0] == wanted:
            log(f"Reusing database {name} ({wanted}).")
            reuse = True
        else:
            if row:
                log(f"Database {name} holds other data ({row[0] or 'no marker'}): making it again.")
                admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
            reuse = False
    manage(env, "migrate", "--noinput", "-v", "0")
    if reuse:
        return None
    timings = {}
    for label in SIZES:
        log(f"Making team {label} ({SIZES[label]:,} recommendations)…")
        started = time.perf_counter()
        manage(env, "generate_demo_data", "--size", label, "--seed", str(seed), echo=True)
        timings[label] = time.perf_counter() - started
    with psycopg.connect(database_url(server, "postgres"), autocommit=True) as admin:
        # Only once the data is complete: an interrupted run makes it again next time.
        admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{wanted}'")
    return timings


def manage(env, *args, echo=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=not echo, text=True, check=False
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout or ''}{result.stderr or ''}")


# ---------------------------------------------------------------------------------------------------------------
# The server, and a client that keeps cookies


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env, port, log_path):
    server = subprocess.Popen(
        [
            GUNICORN,
            "tracker.wsgi",
            # Workers and threads come from gunicorn.conf.py, as in production.
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            str(REQUEST_TIMEOUT),
            "--error-logfile",
            str(log_path),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start:\n{log_path.read_text()[-3000:]}")
        try:
            if Browser(port).get("/login/").status == 200:
                return server
        except urllib3.exceptions.HTTPError:
            pass
        time.sleep(0.3)
    server.terminate()
    sys.exit(f"gunicorn did not answer within 30 s:\n{log_path.read_text()[-3000:]}")


@dataclass
class Answer:
    status: int
    body: bytes
    seconds: float


class Browser:
    """A logged-in visitor: cookies kept between requests, as a browser would."""

    def __init__(self, port, cookies=None):
        self.pool = urllib3.HTTPConnectionPool(
            "127.0.0.1", port, maxsize=1, retries=False, timeout=urllib3.Timeout(total=REQUEST_TIMEOUT)
        )
        self.cookies = dict(cookies or {})

    def request(self, method, path, fields=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        response = self.pool.request(method, path, body=body, headers=headers, redirect=False)
        seconds = time.perf_counter() - started
        for cookie in response.headers.getlist("Set-Cookie"):
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Answer(response.status, response.data, seconds)

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, fields, headers=None):
        return self.request("POST", path, fields=fields, headers=headers)

    def log_in(self, username, password):
        form = self.get("/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)[1].decode()
        answer = self.post("/login/", {"username": username, "password": password, "csrfmiddlewaretoken": token})
        if answer.status != 302 or "sessionid" not in self.cookies:
            sys.exit(f"Could not log in as {username} (HTTP {answer.status}).")

    def csrf_token(self, path):
        """The token a page gives htmx (on <body>, as hx-headers)."""
        return re.search(rb'"X-CSRFToken": "([^"]+)"', self.get(path).body)[1].decode()


# ---------------------------------------------------------------------------------------------------------------
# What is measured


@dataclass
class Team:
    label: str
    pk: int
    username: str
    password: str
    heavy_id: int
    ordinary_id: int
    toggle_id: int
    source_id: int
    last_page: int
    rows: int
    browser: Browser = None


def prepare_teams():
    """Log-in details and the items the pages show, read with the ORM; the admin of each team gets a password."""
    from django.db.models import Count

    from tracker.accounts.models import Membership
    from tracker.accounts.models import Team as TeamModel
    from tracker.demo.generate import heaviest, team_slug
    from tracker.recommendations.models import Recommendation, Status
    from tracker.recommendations.views import PER_PAGE
    from tracker.sources.models import Source

    teams = {}
    for label in SIZES:
        team = TeamModel.objects.get(slug=team_slug(label))
        admin = (
            Membership.objects.filter(team=team, role=Membership.Role.ADMIN).select_related("user").order_by("pk")
        )[0].user
        password = secrets.token_urlsafe(12)
        admin.set_password(password)
        # Staff, for the Django admin's list of the same rows.
        admin.is_staff = admin.is_superuser = True
        admin.save()
        items = Recommendation.objects.filter(team=team, deleted_at__isnull=True)
        heavy = heaviest(team)
        # An ordinary item (three comments, about five evidence) for the concurrency test, and an open one whose
        # status the bench changes back and forth.
        ordinary = (
            items.annotate(n=Count("comments")).filter(n=3).exclude(pk=heavy).order_by("pk").values_list("pk")[0][0]
        )
        toggle = items.filter(status=Status.IN_PROGRESS).exclude(pk__in=[heavy, ordinary]).order_by("pk")[0]
        # A source of news (evidence is linked from those) with its "link as evidence" form open.
        source = Source.objects.filter(team=team).exclude(url="").order_by("pk").values_list("pk", flat=True)[0]
        rows = items.count()
        teams[label] = Team(
            label=label,
            pk=team.pk,
            username=admin.get_username(),
            password=password,
            heavy_id=heavy,
            ordinary_id=ordinary,
            toggle_id=toggle.pk,
            source_id=source,
            last_page=max(1, math.ceil(rows / PER_PAGE)),
            rows=rows,
        )
    return teams


def pages(team):
    """(name, method, path, headers): what is timed for a team. POSTs are prepared by `status_change`."""
    htmx = {"HX-Request": "true"}
    return [
        ("List, first page", "/recommendations/", {}),
        ("List, last page", f"/recommendations/?page={team.last_page}", {}),
        ("List, search “Russia”", "/recommendations/?q=Russia", {}),
        ("List, filtered by status", "/recommendations/?status=in_progress", {}),
        ("List fragment (htmx), page 2", "/recommendations/?page=2", htmx),
        ("Dashboard", "/", {}),
        ("Recommendation (60 evidence, 100 comments)", f"/recommendations/{team.heavy_id}/", {}),
        ("Source page with “link as evidence” form", f"/sources/{team.source_id}/?link=2", {}),
        ("Digest preview", "/digests/preview/", {}),
        ("Jobs", "/jobs/", {}),
        ("Team page", f"/teams/{team.pk}/", {}),
        ("Admin: recommendations", f"/admin/recommendations/recommendation/?team__id__exact={team.pk}", {}),
    ]


FLOOR = ("Floor: password change form", "/password/change/", {})
STATUS_CHANGE = "Status change (htmx POST)"


def status_change(team, csrf):
    """A request changing the toggle item's status (in progress ⇄ stalled), with the version its page shows."""
    from tracker.recommendations.models import Recommendation, Status

    item = Recommendation.objects.values("status", "version").get(pk=team.toggle_id)
    new = Status.STALLED if item["status"] == Status.IN_PROGRESS else Status.IN_PROGRESS
    fields = {"status": new, "note": "", "version": item["version"]}
    return f"/recommendations/{team.toggle_id}/status/", fields, {"HX-Request": "true", "X-CSRFToken": csrf}


@dataclass
class Samples:
    seconds: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    size: int = 0
    rounds: int = 0

    @property
    def median(self):
        return statistics.median(self.seconds) if self.seconds else math.nan

    @property
    def p95(self):
        return percentile(self.seconds, 95)


def percentile(values, p):
    """Nearest-rank percentile."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def time_pages(teams, rounds, page_budget, log):
    """{(label, page name): Samples}, each page timed right after a request of the floor."""
    results = {}
    plans = {}
    for team in teams.values():
        csrf = team.browser.csrf_token(f"/recommendations/{team.toggle_id}/")
        plan = [(name, "GET", path, headers) for name, path, headers in pages(team)]
        plan.append((STATUS_CHANGE, "POST", None, csrf))
        plans[team.label] = plan
        # Warm each page once (compiled templates, caches, connections); its time sets how many rounds it gets.
        results[(team.label, FLOOR[0])] = Samples(rounds=rounds)
        for name, method, path, headers in plan:
            answer = request(team, method, path, headers)
            samples = results[(team.label, name)] = Samples(size=len(answer.body))
            samples.rounds = min(rounds, max(3, int(page_budget / max(answer.seconds, 1e-3))))
            if answer.status != 200:
                samples.errors.append(answer.status)
            log(f"  {team.label} {name}: {answer.seconds * 1000:.0f} ms warm-up, {samples.rounds} rounds")
    for round_number in range(rounds):
        for index in range(len(plans["S"])):
            for team in teams.values():
                name, method, path, headers = plans[team.label][index]
                samples = results[(team.label, name)]
                if round_number >= samples.rounds:
                    continue
                floor = team.browser.get(FLOOR[1])
                results[(team.label, FLOOR[0])].seconds.append(floor.seconds)
                answer = request(team, method, path, headers)
                samples.seconds.append(answer.seconds)
                if answer.status != 200:
                    samples.errors.append(answer.status)
        log(f"  round {round_number + 1} of {rounds} done")
    return results


def request(team, method, path, headers):
    if method == "POST":
        path, fields, headers = status_change(team, headers)
        return team.browser.post(path, fields, headers)
    return team.browser.get(path, headers)


def concurrent_pages(team):
    """What the concurrent clients request: the list alone, an ordinary item's page alone, both in turn."""
    item = f"/recommendations/{team.ordinary_id}/"
    return {
        "the list's first page": ["/recommendations/"],
        "an ordinary item's page": [item],
        "both in turn": ["/recommendations/", item],
    }


def gunicorn_settings():
    """How gunicorn.conf.py sets up the server, in words, for the report."""
    import runpy

    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    return f"{conf['workers']} {conf['worker_class']} workers of {conf.get('threads', 1)} threads"


def concurrency(team, port, clients, duration, paths):
    """`clients` threads requesting `paths` in turn for `duration` seconds."""
    latencies, errors, lock = [], [], threading.Lock()
    stop_at = time.monotonic() + duration

    def client(number):
        browser = Browser(port, cookies=team.browser.cookies)
        turn = number
        while time.monotonic() < stop_at:
            try:
                answer = browser.get(paths[turn % len(paths)])
                ok = answer.status == 200
                with lock:
                    latencies.append(answer.seconds)
                    if not ok:
                        errors.append(str(answer.status))
            except urllib3.exceptions.HTTPError as exc:
                with lock:
                    errors.append(type(exc).__name__)
            turn += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "requests": len(latencies),
        "throughput": len(latencies) / elapsed,
        "median": statistics.median(latencies) if latencies else math.nan,
        "p95": percentile(latencies, 95),
        "errors": errors,
        "elapsed": elapsed,
    }


def digest_run(team, timeout):
    """The weekly run's send_digest for each member of the team, as send_weekly_digests calls it (one cache of the
    team's week for the whole run), until `timeout` seconds. Mail goes to the locmem backend, and each member's
    delivery record is rolled back, so nothing is sent and the next run starts from the same data."""
    from django.core import mail
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from tracker.accounts.models import Membership
    from tracker.digests.delivery import SENT, send_digest
    from tracker.digests.weeks import Week

    week = Week.previous()
    members = [m.user for m in Membership.objects.filter(team_id=team.pk).select_related("user").order_by("user_id")]
    outbox = mail.get_connection("django.core.mail.backends.locmem.EmailBackend")
    cache, times, outcomes, queries, first = {}, [], {}, [], math.nan
    started = time.perf_counter()
    for user in members:
        if time.perf_counter() - started > timeout:
            break
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as captured, transaction.atomic():
            outcome = send_digest(user, week, connection=outbox, cache=cache)
            transaction.set_rollback(True)
        times.append(time.perf_counter() - began)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if outcome == SENT:
            queries.append(len(captured))
            # The first digest built also reads the team's week, which the others share.
            first = times[-1] if math.isnan(first) else first
    total = time.perf_counter() - started
    sizes = [len(message.alternatives[0][0]) for message in mail.outbox]
    mail.outbox = []
    return {
        "week": week.iso,
        "done": len(times),
        "of": len(members),
        "total": total,
        "cut": len(times) < len(members),
        "first": first,
        "median": statistics.median(times) if times else math.nan,
        "p95": percentile(times, 95),
        "outcomes": outcomes,
        "queries": statistics.median(queries) if queries else 0,
        "html_kb": statistics.median(sizes) / 1024 if sizes else 0,
    }


def ingest_document(seed):
    """A 200-paragraph news roundup made of the demo's phrases (with a different seed from the data's)."""
    import random

    from tracker.demo import text

    rng = random.Random(seed + 1000)
    paragraphs = [INGEST_TITLE] + [text.news_paragraph(rng, 0.03) for _ in range(INGEST_PARAGRAPHS)]
    return "\n\n".join(paragraphs).encode("utf-8")


def ingest_run(team, env, seed, timeout):
    """run_ingest of a generated document into the team, in a child process stopped after `timeout` seconds."""
    from django.contrib.auth import get_user_model

    from tracker.evidence.models import Evidence
    from tracker.jobs.models import Job
    from tracker.recommendations.models import Recommendation
    from tracker.sources.models import Source

    # What an interrupted run may have left.
    Source.objects.filter(team_id=team.pk, title=INGEST_TITLE).delete()
    Job.objects.filter(team_id=team.pk, params__title=INGEST_TITLE).delete()
    user = get_user_model().objects.get(username=team.username)
    job = Job.objects.create(
        kind=Job.Kind.INGEST,
        team_id=team.pk,
        started_by=user,
        document=ingest_document(seed),
        params={"title": INGEST_TITLE, "filename": "bench-ingest.txt"},
    )
    open_items = Recommendation.objects.open().filter(team_id=team.pk).count()
    code = f"import django; django.setup(); from tracker.jobs.services import run_ingest; run_ingest({job.pk})"
    started = time.perf_counter()
    cut = False
    try:
        subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, timeout=timeout, check=True, capture_output=True)
    except subprocess.TimeoutExpired:
        cut = True
        terminate_backends(env["DATABASE_URL"].split("?", 1)[0], INGEST_APPLICATION)
    except subprocess.CalledProcessError as exc:
        return {"error": (exc.stderr or b"").decode()[-1500:]}
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    source = Source.objects.filter(team_id=team.pk, title=INGEST_TITLE).first()
    suggested = Evidence.objects.filter(paragraph__source=source).count() if source else 0
    outcome = {
        "seconds": seconds,
        "cut": cut,
        "open_items": open_items,
        "state": job.state,
        "progress": (job.progress_done, job.progress_total),
        "suggested": suggested,
        "summary": job.result_summary or job.error,
    }
    # The next run starts from the same data: the document, its suggestions and the job go.
    if source:
        source.delete()
    job.delete()
    return outcome


def terminate_backends(url, application_name):
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s", [application_name]
        )


# ---------------------------------------------------------------------------------------------------------------
# Where the time goes: the queries of each page at L, the slowest with their plans


def explain(teams, top):
    """Each page of L requested in this process (Django's test client), its queries captured; the slowest `top`
    SELECTs are run again under EXPLAIN (ANALYZE, BUFFERS). Then the same for one member's digest and for evidence
    suggested for one open item from one source (rolled back)."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tracker.digests.content import build_digest
    from tracker.digests.emails import render_digest
    from tracker.digests.weeks import Week
    from tracker.evidence.suggestions import suggest_evidence
    from tracker.recommendations.models import Recommendation
    from tracker.sources.models import Source

    team = teams["L"]
    user = get_user_model().objects.get(username=team.username)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)

    def report(name, action):
        action()  # warm
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            action()
            seconds = time.perf_counter() - started
        queries = sorted(captured.captured_queries, key=lambda query: -float(query["time"]))
        sql = sum(float(query["time"]) for query in queries)
        print(f"\n### {name}: {seconds * 1000:,.0f} ms, {len(queries)} queries, {sql * 1000:,.0f} ms of SQL")
        for query in queries[:top]:
            # A queryset read with iterator() (a form's choices) is a server-side cursor over a SELECT.
            statement = re.sub(r"^DECLARE .*? CURSOR WITH(?:OUT)? HOLD FOR ", "", query["sql"])
            print(f"\n{float(query['time']) * 1000:,.1f} ms: {statement[:1500]}")
            if statement.lstrip().upper().startswith("SELECT"):
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement)
                    print("\n".join("    " + row[0] for row in cursor.fetchall()))

    for name, path, headers in [FLOOR, *pages(team)]:
        report(f"{name} ({path})", lambda path=path, headers=headers: client.get(path, headers=headers))

    week, shared = Week.previous(), {}
    report(
        "Digest, the first member of a run (reads the team's week; build and render)",
        lambda: render_digest(build_digest(user, week, cache={})),
    )
    report(
        "Digest, each further member (the team's week shared; build and render)",
        lambda: render_digest(build_digest(user, week, cache=shared)),
    )

    item = Recommendation.objects.open().filter(team_id=team.pk).order_by("pk").values_list("pk", flat=True)[0]
    source = Source.objects.filter(team_id=team.pk).exclude(url="").order_by("-pk").values_list("pk", flat=True)[0]

    def suggestion():
        with transaction.atomic():
            suggest_evidence(team.pk, recommendation_ids=[item], source_ids=[source])
            transaction.set_rollback(True)

    report(f"Evidence suggested for one open item (#{item}) from one source (#{source}), rolled back", suggestion)


# ---------------------------------------------------------------------------------------------------------------
# The report


def ms(seconds):
    return "–" if math.isnan(seconds) else f"{seconds * 1000:,.0f}"


def ratio(value, floor):
    return "–" if math.isnan(value) or not floor else f"{value / floor:,.1f}×"


def page_table(teams, results):
    floors = {label: results[(label, FLOOR[0])].median for label in teams}
    lines = [
        "| Page | S median ms | S p95 ms | S × floor | L median ms | L p95 ms | L × floor | L / S | L size KB "
        "| rounds |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    names = [FLOOR[0]] + [name for name, _, _ in pages(teams["S"])] + [STATUS_CHANGE]
    for name in names:
        s, big = results[("S", name)], results[("L", name)]
        cells = [name]
        for samples, label in ((s, "S"), (big, "L")):
            if samples.errors:
                cells += [f"HTTP {samples.errors[0]}", "", ""]
            else:
                cells += [ms(samples.median), ms(samples.p95), ratio(samples.median, floors[label])]
        cells.append(ratio(big.median, s.median).replace("×", "") if s.median else "–")
        cells.append(f"{big.size / 1024:,.0f}" if big.size else "–")
        cells.append(str(len(big.seconds)))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def background_lines(digest, ingest, args):
    lines = []
    if digest:
        if digest["cut"]:
            total = f"over {args.digest_timeout:.0f} s ({digest['done']} of {digest['of']} members done"
            estimate = digest["total"] / max(digest["done"], 1) * digest["of"]
            total += f"; about {estimate:,.0f} s for all)"
        else:
            total = f"{digest['total']:,.1f} s for {digest['of']} members"
        outcomes = ", ".join(f"{n} {outcome}" for outcome, n in sorted(digest["outcomes"].items()))
        lines.append(
            f"- **Weekly digest at L** (week {digest['week']}: send_digest for each member as the weekly run calls it, "
            f"mail to the locmem backend, deliveries rolled back): {total}; the first digest "
            f"{ms(digest['first'])} ms (it reads the team's week), then per member median "
            f"{ms(digest['median'])} ms, p95 {ms(digest['p95'])} ms; {digest['queries']:.0f} queries and "
            f"{digest['html_kb']:,.0f} KB of HTML a digest; {outcomes}."
        )
    if ingest:
        if "error" in ingest:
            lines.append(f"- **Ingest at L** failed:\n\n```\n{ingest['error']}\n```")
        else:
            done, total = ingest["progress"]
            when = (
                f"over {args.ingest_timeout:.0f} s (stopped at step {done} of {total})"
                if ingest["cut"]
                else f"{ingest['seconds']:,.1f} s"
            )
            lines.append(
                f"- **Ingest at L** of a generated {INGEST_PARAGRAPHS}-paragraph document, with evidence suggested "
                f"from it for the team's {ingest['open_items']:,} open items (run_ingest): {when}; "
                f"{ingest['suggested']:,} suggestions stored. {ingest['summary']}"
            )
    return lines


def machine():
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found[1].strip() if found else cpu
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores (nproc), {cpu}; Python {platform.python_version()}; load average {load} at start"


def commit(given):
    if given:
        return given

    def git(*args):
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return result.stdout.strip() if result.returncode == 0 else ""

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = [line for line in git("status", "--porcelain", "--untracked-files=no").splitlines() if line]
    return f"{head} (+ uncommitted changes in {len(changed)} files)" if changed else head


def write_section(path, section, body):
    start, end = f"<!-- bench: {section} -->", f"<!-- /bench: {section} -->"
    block = f"{start}\n{body.strip()}\n{end}"
    text = path.read_text() if path.exists() else HEADER
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    elif "\n## Findings" in text:
        before, after = text.split("\n## Findings", 1)
        text = before.rstrip() + "\n\n" + block + "\n\n## Findings" + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)


HEADER = """# Performance

How long Tracker's pages take on PostgreSQL for a team of 2,000 recommendations (S) and one of 20,000 (L), served by
gunicorn (gunicorn.conf.py), each as a multiple of a trivial logged-in page timed in the same run (the floor), so that
runs on different machines compare.

## Reproducing

    make bench          # bench/pages.py: about 10 minutes, plus about 3 the first time, to make the data

It needs PostgreSQL on 127.0.0.1:5432 where the user `postgres` may create databases; it makes (or reuses) the
database `tracker_bench` with two demo teams made by `manage.py generate_demo_data` (S and L: 500 members, 1,000
sources of 30 paragraphs, about 5 evidence, 3 comments and 3 status changes per item). `bench/pages.py --help`
says what each step does; `--rounds 5 --skip-background` gives a quicker, rougher run. Each run replaces its own
section below ("Latest run", or the name given with `--section`).
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument("--database", default="tracker_bench")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--page-budget", type=float, default=40, help="seconds a page may take over its rounds")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--skip-background", action="store_true", help="leave out the digest and the ingest")
    parser.add_argument("--digest-timeout", type=float, default=120)
    parser.add_argument("--ingest-timeout", type=float, default=90)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--section", default="Latest run", help="the section of the output this run replaces")
    parser.add_argument(
        "--explain", action="store_true", help="print each L page's queries and the plans of the slowest instead"
    )
    parser.add_argument("--explain-top", type=int, default=3, help="how many of each page's queries to explain")
    parser.add_argument("--commit", help="the commit measured, where this tree is no git checkout (git archive)")
    args = parser.parse_args()
    if not 1 <= args.clients <= 50:
        parser.error("--clients must be from 1 to 50")

    def log(message):
        print(message, flush=True)

    url = database_url(args.server, args.database)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "DATABASE_URL": url,
        "DEBUG": "off",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on 127.0.0.1: the cookies must travel without TLS.
        "SESSION_COOKIE_SECURE": "off",
        "CSRF_COOKIE_SECURE": "off",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # No broker: nothing a page starts leaves the machine, and no worker competes for the cores.
        "CELERY_BROKER_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    started_at = time.perf_counter()
    load_at_start = machine()
    generated = prepare_database(args.server, args.database, args.seed, env, log)
    manage(env, "collectstatic", "--noinput", "-v", "0")

    # This process reads the same database for the log-ins, the items and the background work.
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    teams = prepare_teams()
    if args.explain:
        explain(teams, args.explain_top)
        return

    port = free_port()
    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"tracker-bench-gunicorn-{port}.log"
    # As in production (README): each worker thread keeps its database connection between requests.
    web_env = {**env, "DATABASE_URL": f"{url}?conn_max_age={CONN_MAX_AGE}&conn_health_checks=True"}
    server = start_gunicorn(web_env, port, log_path)
    try:
        for team in teams.values():
            team.browser = Browser(port)
            team.browser.log_in(team.username, team.password)
        log(f"Timing {len(pages(teams['S'])) + 2} pages × 2 teams, {args.rounds} rounds…")
        results = time_pages(teams, args.rounds, args.page_budget, log)
        loads = {}
        for name, paths in concurrent_pages(teams["L"]).items():
            log(f"{args.clients} clients for {args.duration:.0f} s on L: {name}…")
            loads[name] = concurrency(teams["L"], port, args.clients, args.duration, paths)
    finally:
        server.terminate()
        server.wait(timeout=30)

    digest = ingest = None
    if not args.skip_background:
        log(f"Digest for the members of L (at most {args.digest_timeout:.0f} s)…")
        digest = digest_run(teams["L"], args.digest_timeout)
        log(f"Ingest into L (at most {args.ingest_timeout:.0f} s)…")
        ingest_env = {**env, "DATABASE_URL": f"{url}?application_name={INGEST_APPLICATION}"}
        ingest = ingest_run(teams["L"], ingest_env, args.seed, args.ingest_timeout)

    table = page_table(teams, results)
    lines = [
        f"## {args.section} — {date.today().isoformat()}, commit {commit(args.commit)}",
        "",
        f"Machine: {load_at_start}. PostgreSQL database `{args.database}`; gunicorn with gunicorn.conf.py "
        f"({gunicorn_settings()}), database connections kept for {CONN_MAX_AGE} s, DEBUG off. "
        f"S: {teams['S'].rows:,} recommendations, L: {teams['L'].rows:,}; {args.rounds} rounds (fewer for pages "
        f"slower than {args.page_budget:.0f} s a round: see the last column). The floor is the password change "
        "form, the cheapest logged-in page. × floor: the median over the floor's median; L / S: L's median over "
        "S's.",
        "",
        table,
        "",
    ]
    for name, load in loads.items():
        errors = ", ".join(load["errors"][:5]) if load["errors"] else "none"
        lines.append(
            f"- **{args.clients} concurrent clients for {args.duration:.0f} s at L**, {name}: {load['requests']} "
            f"requests, {load['throughput']:.1f} per second, median {ms(load['median'])} ms, p95 "
            f"{ms(load['p95'])} ms; errors: {errors}."
        )
    lines += background_lines(digest, ingest, args)
    if generated:
        made = ", ".join(f"{label} {seconds:,.0f} s" for label, seconds in generated.items())
        lines.append(f"- **generate_demo_data** made the data in this run: {made}.")
    load_at_end = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines.append(
        f"- The whole run took {(time.perf_counter() - started_at) / 60:.1f} minutes; load average {load_at_end} "
        "at the end."
    )
    report = "\n".join(lines)
    print("\n" + report)
    write_section(args.output, args.section, report)
    log(f"\nWritten to {args.output} (section “{args.section}”).")


if __name__ == "__main__":
    main()
