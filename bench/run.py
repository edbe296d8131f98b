"""Benchmarks of the pages people wait on, as ratios against a baseline measured in the same run.

    make bench                      # SQLite (search compares nothing: both paths are the plain match)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker make bench

A throwaway test database is created and filled with ITEMS recommendations (default 3000), each
with two comments and a confirmed evidence passage; then each case is timed as the median of
ROUNDS requests through Django's test client, logged in as a team member:

- baseline: the login page (Django, middleware and template overhead, no data);
- list: the recommendation list's first page, unfiltered and filtered by status;
- search: the list searched for a word found in a handful of comments, and for a common word,
  with the full-text index (PostgreSQL) and with the plain substring match that SQLite uses.
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

from tracker.accounts.models import Membership  # noqa: E402
from tracker.accounts.services import get_or_create_team  # noqa: E402
from tracker.evidence.models import Evidence  # noqa: E402
from tracker.recommendations import search as search_module  # noqa: E402
from tracker.recommendations.models import Comment, Recommendation  # noqa: E402
from tracker.recommendations.search import refresh_search_vector  # noqa: E402
from tracker.sources.models import Paragraph, Source  # noqa: E402

WORDS = (
    "ceasefire sanctions energy grid shipping insurance dialogue deterrence missile talks border trade "
    "ministry parliament alliance summit envoy treaty export controls monitoring fisheries water drought"
).split()


def populate(items):
    team = get_or_create_team("Bench team")
    user = get_user_model().objects.create_user("bench", "bench@example.org", "password")
    Membership.objects.create(team=team, user=user, role=Membership.Role.EDITOR)
    source = Source.objects.create(team=team, title="Bench report", text="bench", checksum="bench")
    paragraphs = Paragraph.objects.bulk_create(
        Paragraph(
            source=source,
            number=n,
            kind=Paragraph.Kind.ITEM,
            text=f"The government should act on {WORDS[n % len(WORDS)]} and {WORDS[(n * 7) % len(WORDS)]} "
            f"within {n % 12 + 1} months, as item {n} of the review proposes.",
        )
        for n in range(1, items + 1)
    )
    recs = Recommendation.objects.bulk_create(
        Recommendation(team=team, source=source, paragraph=p, text=p.text, title=p.text[:90]) for p in paragraphs
    )
    Comment.objects.bulk_create(
        Comment(
            recommendation=rec,
            author=user,
            body=("Raised with the Kaliningrad desk." if i % 500 == 0 else f"Discussed {WORDS[i % len(WORDS)]}."),
        )
        for i, rec in enumerate(recs)
        for _ in range(2)
    )
    Evidence.objects.bulk_create(
        Evidence(recommendation=rec, paragraph=paragraphs[(i + 1) % items], stance="supports")
        for i, rec in enumerate(recs)
    )
    for rec in recs:
        refresh_search_vector(rec.pk)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return user


def timed(client, url, rounds):
    client.get(url)  # warm caches and compiled templates
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    warnings.filterwarnings("ignore", message="No directory at")
    setup_test_environment()
    settings.DEBUG = False
    settings.AXES_ENABLED = False
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.perf_counter()
        user = populate(args.items)
        print(f"{connection.vendor}: {args.items} recommendations loaded in {time.perf_counter() - started:.1f} s")
        client = Client()
        baseline = timed(client, "/login/", args.rounds)
        client.force_login(user)
        cases = [
            ("list, first page", "/recommendations/"),
            ("list, filtered by status", "/recommendations/?status=new&sort=due"),
            ("search, rare word (comments)", "/recommendations/?q=Kaliningrad"),
            ("search, common word", "/recommendations/?q=sanctions"),
        ]
        rows = [("baseline: login page", baseline)]
        rows += [(name, timed(client, url, args.rounds)) for name, url in cases]
        if connection.vendor == "postgresql":
            # The same searches through the plain substring match, as on SQLite.
            search_module._is_postgres = lambda: False
            for name, url in cases[2:]:
                rows.append((f"{name}, substring match", timed(client, url, args.rounds)))
        print(f"{'case':<45} {'median ms':>10} {'× baseline':>11}")
        for name, seconds in rows:
            print(f"{name:<45} {seconds * 1000:>10.1f} {seconds / baseline:>11.1f}")
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
