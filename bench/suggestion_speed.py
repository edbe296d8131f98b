"""Time evidence suggestion at the demo data's L size, on PostgreSQL, and leave the database as it was.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench .venv/bin/python bench/suggestion_speed.py

Against the team with the most recommendations (`manage.py generate_demo_data` makes one of 20,000 with
1,000 sources of 30 paragraphs), each run inside a transaction that is rolled back:

- a new document of 30 and of 200 generated paragraphs, stored, then its paragraphs suggested as evidence for
  every open recommendation of the team (suggest_from_source, what an ingest does); the old way, one
  ranking per recommendation (suggest_evidence narrowed to the source), timed over the first `--sample`
  recommendations and scaled to all of them;
- a new recommendation ranked over all the team's paragraphs (rank_paragraphs), and its suggestions stored
  (suggest_evidence for it alone).

Each figure is the median of `--runs` runs. Keep runs short when others time pages on the same database.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.db.models.functions import MD5  # noqa: E402

from tracker.accounts.models import Team  # noqa: E402
from tracker.demo import text  # noqa: E402
from tracker.evidence.models import Evidence  # noqa: E402
from tracker.evidence.suggestions import (  # noqa: E402
    Ranker,
    rank_paragraphs,
    suggest_evidence,
    suggest_from_source,
)
from tracker.recommendations.models import Recommendation  # noqa: E402
from tracker.sources.models import Paragraph  # noqa: E402
from tracker.sources.services import store_document  # noqa: E402


class Rollback(Exception):
    """Raised at the end of each run, so that its transaction is rolled back."""


def rolled_back(action):
    """Run action() in a transaction that is then rolled back; return its result and its time in seconds."""
    outcome = {}
    try:
        with transaction.atomic():
            outcome["result"], outcome["seconds"] = action()
            raise Rollback
    except Rollback:
        pass
    return outcome["result"], outcome["seconds"]


def timed(call):
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def document(team, paragraphs, seed):
    rng = random.Random(seed)
    body = [f"Bench suggestion speed {seed}: weekly news roundup"]
    body += [text.news_paragraph(rng, 0.03) for _ in range(paragraphs)]
    return store_document(team, "\n\n".join(body).encode()).source


def new_document(team, open_ids, paragraphs, seed):
    def action():
        source = document(team, paragraphs, seed)
        return timed(lambda: suggest_from_source(team.pk, source.pk, recommendation_ids=open_ids))

    return rolled_back(action)


def old_way(team, open_ids, paragraphs, seed, sample):
    def action():
        source = document(team, paragraphs, seed)
        return timed(lambda: suggest_evidence(team.pk, recommendation_ids=open_ids[:sample], source_ids=[source.pk]))

    return rolled_back(action)


def new_recommendation(team, seed, store):
    rng = random.Random(seed)
    report = Paragraph.objects.filter(source__team=team, kind=Paragraph.Kind.TEXT).order_by("pk").first()

    _, sentence, title = text.recommendation(rng, 0.03)

    def action():
        recommendation = Recommendation.objects.create(
            team=team,
            source_id=report.source_id,
            paragraph=report,
            sentence=99,
            text=sentence,
            title=title,
        )
        if store:
            return timed(lambda: suggest_evidence(team.pk, recommendation_ids=[recommendation.pk]))
        return timed(lambda: len(rank_paragraphs(recommendation)))

    return rolled_back(action)


def median(runs):
    results, seconds = zip(*runs, strict=True)
    return results[0], statistics.median(seconds), min(seconds), max(seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sample", type=int, default=100, help="recommendations the old way is timed over")
    parser.add_argument("--no-old", action="store_true", help="skip timing the old way")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to the PostgreSQL database with the demo data.")
    team = Team.objects.annotate(n=Count("recommendations")).order_by("-n").first()
    open_ids = list(Recommendation.objects.open().filter(team=team).order_by("pk").values_list("pk", flat=True))
    paragraphs = Paragraph.objects.filter(source__team=team).count()
    print(
        f"{team.name}: {team.recommendations.count():,} recommendations ({len(open_ids):,} open), "
        f"{paragraphs:,} paragraphs, {Evidence.objects.filter(recommendation__team=team).count():,} evidence rows; "
        f"median of {args.runs} runs, each rolled back"
    )
    # The recommendations' words are stored by the first ingest after they were created or changed (see
    # RecommendationTerms); runs are rolled back, so they are stored here first, as an earlier ingest would have.
    started = time.perf_counter()
    Ranker(team.pk).load_words(
        list(Recommendation.objects.open().filter(team=team).annotate(text_key=MD5("text")).only("pk"))
    )
    print(f"The open recommendations' words read and stored in {time.perf_counter() - started:.2f} s (once)")
    rows = []
    for size in (30, 200):
        created, seconds, low, high = median([new_document(team, open_ids, size, run) for run in range(args.runs)])
        rows.append((f"New {size}-paragraph document, suggestions for all open items", seconds, low, high, created))
        if not args.no_old:
            _, sample_seconds = old_way(team, open_ids, size, 0, args.sample)
            scaled = sample_seconds * len(open_ids) / args.sample
            rows.append((f"  the old way (from {args.sample} items, scaled)", scaled, None, None, None))
    count, seconds, low, high = median([new_recommendation(team, run, store=False) for run in range(args.runs)])
    rows.append((f"New recommendation ranked over all paragraphs ({count} ranked)", seconds, low, high, None))
    created, seconds, low, high = median([new_recommendation(team, run, store=True) for run in range(args.runs)])
    rows.append(("New recommendation, its suggestions stored", seconds, low, high, created))
    print(f"\n| {'What':<64} | {'Median':>9} | {'Min–max':>13} | Stored |")
    print(f"|{'-' * 66}|{'-' * 11}:|{'-' * 15}:|-------:|")
    for label, seconds, low, high, created in rows:
        spread = f"{low:.2f}–{high:.2f} s" if low is not None else ""
        stored = f"{created:,}" if created is not None else ""
        print(f"| {label:<64} | {seconds:>7.2f} s | {spread:>13} | {stored:>6} |")


if __name__ == "__main__":
    main()
