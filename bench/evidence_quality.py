"""How well evidence is ranked, over the labelled set in bench/evidence/ (see its README).

    .venv/bin/python bench/evidence_quality.py            # on SQLite, or on the database DATABASE_URL names
    .venv/bin/python bench/evidence_quality.py --both     # on SQLite and on PostgreSQL, one after the other
    .venv/bin/python bench/evidence_quality.py --stored   # what suggest_evidence stores, not the whole ranking

--both runs this script twice, without DATABASE_URL and with --postgres-url (by default
postgres://postgres@127.0.0.1:5432/tracker_evidence_bench; create that database once with
`psql -h 127.0.0.1 -U postgres -c "create database tracker_evidence_bench"`), prints both tables, then the
PostgreSQL-minus-SQLite difference in precision@5.

Each subject (a report and six articles) is stored as the sources of one team in a throwaway test database, so
the database named by DATABASE_URL is left as it was, and its recommendations are created from the labelled
texts, each linked to the report paragraph that holds it. Two rankings are measured on the same candidates,
every paragraph of the team's sources that is not a heading, a title line or a recommendation's paragraph:

- Tracker's, from tracker_ranking() below, which calls the production ranker;
- a baseline: BM25 (rank_bm25's Okapi BM25) over lowercase words without English stop words, stemmed by
  Snowball's English stemmer when snowballstemmer is installed, keeping the paragraphs that share a word.

For each recommendation: precision@5 (labelled paragraphs of either grade among the first five),
recall@10 (the labelled paragraphs found among the first ten) and nDCG@10 (gain = the label's grade,
discounted by log2(rank + 1), against the ideal order of all labelled paragraphs). It prints one table per
database: a row per subject and one over all recommendations (their mean), and for Tracker and for BM25 the
mean of each measure.

An experiment (issue 11), not in the product: with --rerank MODEL_PATH, a third ranking, "Tracker, reranked":
Tracker's first --rerank-candidates paragraphs (30) reordered by (1 - mix) x their lexical score + mix x the
cosine similarity of the recommendation's and the paragraph's sentence embeddings (--unit sentence: its best
sentence's), both scaled to 0..1 over those candidates (--mix, 0.5). The model is a sentence-transformers
directory, read from disk; it needs packages the project does not install (bench/evidence/README.md says which
and what it measured):

    HF_HUB_OFFLINE=1 VENV/bin/python bench/evidence_quality.py --both --rerank MODEL_PATH [--mix 0.5] [--unit paragraph]

Tracker's ranking is the whole ranked list of tracker.evidence.suggestions.rank_paragraphs where the module has
it; where it has not, or with --stored, it is what suggest_evidence stores (at most a few per source and ten in
all, above its score floor), best score first. The title line of each table says which was measured.
"""

import argparse
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from statistics import mean

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402
from rank_bm25 import BM25Okapi  # noqa: E402

from tracker.accounts.models import Team  # noqa: E402
from tracker.evidence import suggestions  # noqa: E402
from tracker.evidence.models import Evidence  # noqa: E402
from tracker.recommendations.finder import split_sentences  # noqa: E402
from tracker.recommendations.models import Recommendation  # noqa: E402
from tracker.recommendations.services import create_recommendation  # noqa: E402
from tracker.sources.models import Paragraph  # noqa: E402
from tracker.sources.services import store_document  # noqa: E402

try:
    import snowballstemmer
except ImportError:  # the baseline then compares words unstemmed
    snowballstemmer = None

CORPUS = ROOT / "bench" / "evidence"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/tracker_evidence_bench"
METRICS = ("p@5", "r@10", "ndcg@10")
RANKERS = ("tracker", "reranked", "bm25")


def tracker_ranking(recommendation, stored=False):
    """Tracker's ranking of the team's paragraphs for one recommendation: paragraph ids, best first.

    The production ranker's whole ranked list when tracker.evidence.suggestions offers one
    (rank_paragraphs); otherwise, or with stored=True, the suggestions suggest_evidence stored for the
    recommendation (the caller has run it for the team, see reads_stored), best score first.
    """
    if not reads_stored(stored):
        return [item.paragraph_id for item in suggestions.rank_paragraphs(recommendation)]
    return list(
        Evidence.objects.filter(recommendation=recommendation, state=Evidence.State.SUGGESTED)
        .order_by("-score", "pk")
        .values_list("paragraph_id", flat=True)
    )


class Reranker:
    """Experiment: Tracker's lexical top candidates reordered by a mix of their lexical score and the cosine
    similarity of sentence embeddings (recommendation against paragraph, or against its best sentence)."""

    def __init__(self, model_path, mix, candidates, unit):
        # Imported only for this experiment: sentence-transformers (and PyTorch) are not the project's requirements.
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(model_path, device="cpu")
        self.mix, self.candidates, self.unit = mix, candidates, unit
        self.cache = {}

    def embed(self, texts):
        missing = [text for text in dict.fromkeys(texts) if text not in self.cache]
        if missing:
            vectors = self.model.encode(missing, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
            self.cache.update(zip(missing, vectors, strict=True))
        return [self.cache[text] for text in texts]

    def similarity(self, query, text):
        units = [text] if self.unit == "paragraph" else [s for s in split_sentences(text) if s.strip()] or [text]
        return max(float(query @ vector) for vector in self.embed(units))

    def rank(self, recommendation):
        ranked = suggestions.rank_paragraphs(recommendation)
        head, tail = ranked[: self.candidates], ranked[self.candidates :]
        if len(head) < 2:
            return [item.paragraph_id for item in ranked]
        texts = dict(Paragraph.objects.filter(pk__in=[item.paragraph_id for item in head]).values_list("pk", "text"))
        (query,) = self.embed([recommendation.text])
        lexical = [item.score for item in head]
        semantic = [self.similarity(query, texts[item.paragraph_id]) for item in head]

        def scaled(values):
            low, high = min(values), max(values)
            return [(value - low) / (high - low) if high > low else 1.0 for value in values]

        mixed = [
            (1 - self.mix) * lex + self.mix * sem for lex, sem in zip(scaled(lexical), scaled(semantic), strict=True)
        ]
        order = sorted(range(len(head)), key=lambda i: (-mixed[i], head[i].paragraph_id))
        return [head[i].paragraph_id for i in order] + [item.paragraph_id for item in tail]


def reads_stored(stored):
    """Whether tracker_ranking reads stored suggestions, so that suggest_evidence must run first."""
    return stored or not hasattr(suggestions, "rank_paragraphs")


# English stop words (the usual short list), for the baseline only.
STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being below between
    both but by can did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now
    of off on once only or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours yourself yourselves
    """.split()
)
WORD = re.compile(r"[^\W_]+")
_STEMMER = snowballstemmer.stemmer("english") if snowballstemmer else None


def analyse(text):
    """The baseline's terms of a text: lowercase words, no stop words or single characters, stemmed if we can."""
    words = [word for word in WORD.findall(text.lower()) if len(word) > 1 and word not in STOP_WORDS]
    return _STEMMER.stemWords(words) if _STEMMER else words


def bm25_rankings(candidates, recommendations):
    """For each recommendation, the candidates sharing a term with it, by BM25 score (ties by id)."""
    ids = [pk for pk, _ in candidates]
    terms = [analyse(text) for _, text in candidates]
    bm25 = BM25Okapi(terms)
    rankings = {}
    for recommendation in recommendations:
        query = analyse(recommendation.text)
        wanted = set(query)
        score = bm25.get_scores(query)
        sharing = [i for i, words in enumerate(terms) if wanted.intersection(words)]
        rankings[recommendation.pk] = [ids[i] for i in sorted(sharing, key=lambda i: (-score[i], ids[i]))]
    return rankings


def precision_at(ranking, grades, k):
    return sum(1 for pk in ranking[:k] if pk in grades) / k


def recall_at(ranking, grades, k):
    return sum(1 for pk in ranking[:k] if pk in grades) / len(grades)


def ndcg_at(ranking, grades, k):
    dcg = sum(grades.get(pk, 0) / math.log2(rank + 1) for rank, pk in enumerate(ranking[:k], start=1))
    ideal = sum(grade / math.log2(rank + 1) for rank, grade in enumerate(sorted(grades.values(), reverse=True)[:k], 1))
    return dcg / ideal


def scores(ranking, grades):
    return {
        "p@5": precision_at(ranking, grades, 5),
        "r@10": recall_at(ranking, grades, 10),
        "ndcg@10": ndcg_at(ranking, grades, 10),
    }


@dataclass
class Labelled:
    recommendation: Recommendation
    # Labelled paragraph id -> grade (2: bears on the recommendation, 1: relevant context).
    grades: dict


def squash(text):
    return " ".join(text.split())


def find_paragraph(paragraphs, opening, whole=False):
    """The one stored paragraph that starts with `opening` (or, whole=False, contains it), its marker or not."""
    opening = squash(opening)
    found = []
    for paragraph in paragraphs:
        texts = {
            squash(paragraph.text),
            squash(f"{paragraph.marker} {paragraph.text}"),
            squash(paragraph.marker + paragraph.text),
        }
        if any(text.startswith(opening) or (not whole and opening in text) for text in texts):
            found.append(paragraph)
    if len(found) != 1:
        raise SystemExit(f"{len(found)} stored paragraphs match the label {opening[:70]!r}")
    return found[0]


def sentence_index(paragraph, text):
    """The index of the paragraph's sentence where `text` starts (0 when it starts the paragraph)."""
    start = squash(paragraph.text).find(squash(text)[:40])
    position = 0
    for index, sentence in enumerate(split_sentences(squash(paragraph.text))):
        position = squash(paragraph.text).find(sentence, position) + len(sentence)
        if start < position:
            return index
    return 0


def load_subject(name, spec):
    """Store one subject's report and articles as one team's sources, and its recommendations from the labels."""
    team = Team.objects.create(name=f"Evidence quality: {name}", slug=f"evidence-quality-{name}")
    documents = {}
    for document in [spec["report"], *spec["articles"]]:
        path = CORPUS / name / document["file"]
        documents[document["file"]] = store_document(
            team, path.read_bytes(), filename=path.name, publisher=document["publisher"][:200], url=document["source"]
        )
    report = documents[spec["report"]["file"]]
    labelled = []
    taken = set()
    for item in spec["recommendations"]:
        paragraph = find_paragraph(report.paragraphs, item["text"])
        sentence = sentence_index(paragraph, item["text"])
        # Two recommendations in one sentence (the obesity report's last bullet) each need a place of their own.
        while (paragraph.pk, sentence) in taken:
            sentence += 1
        taken.add((paragraph.pk, sentence))
        recommendation = create_recommendation(
            team=team,
            source=report.source,
            paragraph=paragraph,
            sentence=sentence,
            text=item["text"],
            title=item["text"][:200],
        )
        grades = {}
        for evidence in item["evidence"]:
            article = documents[evidence["file"]]
            grades[find_paragraph(article.paragraphs, evidence["paragraph"], whole=True).pk] = evidence["grade"]
        labelled.append(Labelled(recommendation, grades))
    return team, labelled


def candidates(team):
    """Every paragraph of the team's sources that could be evidence: not a heading, a title line or a
    recommendation's own paragraph."""
    return list(
        Paragraph.objects.filter(source__team=team)
        .exclude(kind=Paragraph.Kind.HEADING)
        .exclude(number=1, text=F("source__title"))
        .exclude(pk__in=Recommendation.objects.filter(team=team).values("paragraph_id"))
        .order_by("pk")
        .values_list("pk", "text")
    )


def measure(stored=False, reranker=None):
    """Load every subject, rank, and return {subject: {"tracker": [scores...], "bm25": [...], ...}}."""
    labels = json.loads((CORPUS / "labels.json").read_text())
    results = {}
    for name, spec in labels["subjects"].items():
        team, labelled = load_subject(name, spec)
        if reads_stored(stored):
            suggestions.suggest_evidence(team.pk)
        pool = candidates(team)
        pool_ids = {pk for pk, _ in pool}
        for item in labelled:
            missing = set(item.grades) - pool_ids
            if missing:
                raise SystemExit(f"{name}: labelled paragraphs {sorted(missing)} are not candidates")
        baseline = bm25_rankings(pool, [item.recommendation for item in labelled])
        results[name] = {
            "candidates": len(pool),
            "tracker": [scores(tracker_ranking(item.recommendation, stored), item.grades) for item in labelled],
            "bm25": [scores(baseline[item.recommendation.pk], item.grades) for item in labelled],
            "reranked": [scores(reranker.rank(item.recommendation), item.grades) for item in labelled]
            if reranker
            else [],
            "recall_ceiling": [min(10, len(item.grades)) / len(item.grades) for item in labelled],
        }
    return results


def summary(results):
    """Mean scores per subject and over all recommendations: {row: {"tracker": {...}, "bm25": {...}}}."""
    rows = {}
    every = {ranker: [] for ranker in RANKERS if next(iter(results.values()))[ranker]}
    for name, result in results.items():
        rows[name] = {}
        for ranker in every:
            every[ranker].extend(result[ranker])
            rows[name][ranker] = {metric: mean(s[metric] for s in result[ranker]) for metric in METRICS}
    rows["overall"] = {
        ranker: {metric: mean(s[metric] for s in every[ranker]) for metric in METRICS} for ranker in every
    }
    return rows


def database_name():
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    return f"PostgreSQL {connection.pg_version // 10000}"


NAMES = {"tracker": "Tracker", "reranked": "Tracker, reranked", "bm25": "BM25 baseline"}
SHORT_NAMES = {"tracker": "Tracker", "reranked": "Reranked", "bm25": "BM25"}


def print_table(title, rows, notes):
    print(title)
    width = max(len(row) for row in rows) + 2
    shown = [ranker for ranker in RANKERS if ranker in rows["overall"]]
    print(f"{'':<{width}}" + "".join(f"{NAMES[ranker]:<24}" for ranker in shown))
    print(f"{'subject':<{width}}" + "".join(f"{metric:>8}" for metric in METRICS) * len(shown))
    for row, values in rows.items():
        cells = "".join(f"{values[ranker][metric]:>8.2f}" for ranker in shown for metric in METRICS)
        print(f"{row:<{width}}{cells}")
    for note in notes:
        print(note)
    print()


def run_here(args):
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        with transaction.atomic():
            reranker = Reranker(args.rerank, args.mix, args.rerank_candidates, args.unit) if args.rerank else None
            results = measure(stored=args.stored, reranker=reranker)
            transaction.set_rollback(True)
        title = database_name()
    finally:
        teardown_databases(old_config, verbosity=0)
    rows = summary(results)
    count = sum(len(result["tracker"]) for result in results.values())
    ceiling = mean(value for result in results.values() for value in result["recall_ceiling"])
    source = "suggest_evidence's stored suggestions" if reads_stored(args.stored) else "rank_paragraphs"
    pool = sum(result["candidates"] for result in results.values())
    print_table(
        f"{title}: {len(results)} subjects, {count} recommendations, {pool} candidate paragraphs; "
        f"Tracker's ranking from {source}",
        rows,
        [
            "overall: the mean over all recommendations. recall@10 can reach at most "
            f"{ceiling:.2f} overall, since some recommendations have more than 10 labelled paragraphs.",
            f"Baseline stemming: {'Snowball (English)' if _STEMMER else 'none (snowballstemmer is not installed)'}.",
        ],
    )
    if args.results:
        Path(args.results).write_text(json.dumps({"database": title, "rows": rows}))


def run_both(args):
    """This script on SQLite, then on PostgreSQL, in subprocesses; then the difference in precision@5."""
    runs = {}
    with tempfile.TemporaryDirectory() as folder:
        for label, url in (("sqlite", None), ("postgresql", args.postgres_url)):
            env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
            if url:
                env["DATABASE_URL"] = url
            results = Path(folder) / f"{label}.json"
            command = [sys.executable, __file__, "--results", str(results)] + (["--stored"] if args.stored else [])
            if args.rerank:
                command += ["--rerank", args.rerank, "--mix", str(args.mix), "--unit", args.unit]
                command += ["--rerank-candidates", str(args.rerank_candidates)]
            if subprocess.run(command, env=env).returncode:
                raise SystemExit(f"the run on {label} failed")
            runs[label] = json.loads(results.read_text())
    sqlite, postgres = runs["sqlite"]["rows"], runs["postgresql"]["rows"]
    print(f"precision@5, {runs['postgresql']['database']} minus {runs['sqlite']['database']}")
    width = max(len(row) for row in sqlite) + 2
    shown = [ranker for ranker in RANKERS if ranker in sqlite["overall"]]
    print(f"{'subject':<{width}}" + "".join(f"{SHORT_NAMES[ranker]:>10}" for ranker in shown))
    for row in sqlite:
        cells = "".join(f"{postgres[row][ranker]['p@5'] - sqlite[row][ranker]['p@5']:>+10.2f}" for ranker in shown)
        print(f"{row:<{width}}{cells}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--both", action="store_true", help="run on SQLite and on PostgreSQL, and compare")
    parser.add_argument("--postgres-url", default=POSTGRES_URL, help="the PostgreSQL database for --both")
    parser.add_argument("--stored", action="store_true", help="measure the suggestions suggest_evidence stores")
    parser.add_argument("--rerank", metavar="MODEL_PATH", help="also measure a reranking by this embedding model")
    parser.add_argument("--mix", type=float, default=0.5, help="the share of the embedding's similarity")
    parser.add_argument("--rerank-candidates", type=int, default=30, help="how many lexical candidates to rerank")
    parser.add_argument("--unit", choices=("paragraph", "sentence"), default="paragraph")
    parser.add_argument("--results", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.both:
        run_both(args)
    else:
        run_here(args)


if __name__ == "__main__":
    main()
