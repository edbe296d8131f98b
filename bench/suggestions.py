"""Time evidence suggestion for the seed brief's 3 recommendations over about 3,100 paragraphs.

    DATABASE_URL=postgres://... .venv/bin/python bench/suggestions.py

Both databases run the same ranking (the database's full-text index finds candidates, Python scores them);
run it with and without DATABASE_URL to compare PostgreSQL's GIN index with SQLite's FTS5 table.

The corpus (the seeds plus 102 documents of 29 seed paragraphs each, shuffled) is built in a
throwaway test database, so the database named by DATABASE_URL is left as it was.
"""

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

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

from tracker.accounts.models import Team  # noqa: E402
from tracker.evidence.models import Evidence  # noqa: E402
from tracker.evidence.suggestions import suggest_evidence  # noqa: E402
from tracker.sources.models import Paragraph  # noqa: E402
from tracker.sources.services import store_document  # noqa: E402

DOCUMENTS = 102
RUNS = 5


def main():
    with transaction.atomic():
        team = Team.objects.create(name="Suggestion benchmark", slug="suggestion-benchmark")
        # The seeds with the brief's recommendations accepted, as `make setup` imports them.
        call_command("import_seeds", "--team", team.name, "--accept", stdout=open(os.devnull, "w"))
        texts = list(Paragraph.objects.filter(source__team=team, kind="text").values_list("text", flat=True))
        rng = random.Random(1)
        for number in range(DOCUMENTS):
            store_document(team, f"Digest {number}\n\n" + "\n\n".join(rng.sample(texts, 29)))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE sources_paragraph")
        paragraphs = Paragraph.objects.filter(source__team=team).count()

        def timed(label):
            times = []
            for _ in range(RUNS):
                Evidence.objects.filter(recommendation__team=team).delete()
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    created = suggest_evidence(team.pk)
                    times.append(time.perf_counter() - started)
            median = statistics.median(times)
            print(
                f"{label:<28} {median:>8.3f} s  (min {min(times):.3f}, max {max(times):.3f}; "
                f"{created} suggestions, {len(queries)} queries)"
            )
            return median

        print(
            f"{connection.vendor}: {team.recommendations.count()} recommendations over {paragraphs} paragraphs, "
            f"median of {RUNS} runs"
        )
        timed("ranking of this database")
        transaction.set_rollback(True)


if __name__ == "__main__":
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        main()
    finally:
        teardown_databases(old_config, verbosity=0)
