"""Suggesting evidence: for each open recommendation, the team's paragraphs that bear on it most.

On PostgreSQL, paragraphs are ranked by full-text search; elsewhere (SQLite in development) by
a simple overlap of terms. docs/evidence-suggestions.md explains the ranking.
"""

import math
import re
from collections import Counter

from django.db import connection, transaction
from django.db.models import F

from tracker.recommendations.models import Recommendation
from tracker.sources.models import SEARCH_CONFIG, Paragraph

from .models import Evidence, Stance

# The best few paragraphs of each source are suggested, so that a long source does not crowd out the others.
SUGGESTIONS_PER_SOURCE = 3
# At most this many of a recommendation's terms make its query: the most distinctive ones.
MAX_TERMS = 40
# A term found in more than this share of the team's paragraphs says little about any of them.
MAX_TERM_SHARE = 0.2
# Scores run from 0 to about 1; below this a paragraph shares too little with the recommendation.
MIN_SCORE = 0.03

# Weighted ts_rank values are small (a term found once scores about 0.06, divided by the length
# normalisation below); scaled, the PostgreSQL score reads on roughly the overlap score's 0-1 scale.
RANK_SCALE = 50
# ts_rank normalisation 1 divides by 1 + log(paragraph length): long paragraphs do not win by length alone.
RANK_NORMALIZATION = 1
LEXEME = re.compile(r"[a-z][a-z0-9.-]*")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

# Words too common in any text to tell paragraphs apart (PostgreSQL drops its own list of these).
STOP_WORDS = set(
    """
    a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each either else even ever every few for from
    further had has have having he her here hers him his how however i if in into is it its itself just least
    less let like made make many may me might more most much must my neither no nor not now of off often on
    once one only or other others otherwise ought our ours out over own per perhaps rather same shall she
    should since so some such than that the their them then there these they this those though through thus
    to too toward towards under until up upon us very via was we well were what when where whether which
    while who whom whose why will with within without would yet you your
    """.split()
)

# Words that policy writing uses for the same thing: a recommendation on a "ceasefire" bears on
# reporting about a "truce". Each term of a group counts as often as the recommendation uses the group.
THESAURUS = [
    ("ceasefire", "truce", "armistice"),
    ("negotiation", "talks"),
    ("agreement", "deal", "accord", "treaty"),
    ("cooperation", "partnership", "alliance"),
    ("sanctions", "embargo"),
    ("weapons", "arms", "armaments"),
    ("troops", "soldiers"),
    ("dialogue", "talks"),
]

# The paragraphs' table and their stored tsvector (Paragraph.search_vector), named through the model.
TABLE = connection.ops.quote_name(Paragraph._meta.db_table)
VECTOR = connection.ops.quote_name(Paragraph._meta.get_field("search_vector").column)


def suggest_evidence(team_id, recommendation_ids=None, source_ids=None, progress=None):
    """Store the best paragraphs for each open recommendation as suggested evidence; return how many are new.

    recommendation_ids and source_ids narrow the run to those recommendations and those sources'
    paragraphs. A paragraph that already has an evidence row for the recommendation (suggested,
    confirmed, dismissed or removed) is never suggested again, so running twice changes nothing.
    progress, if given, is called with (done, total) after each recommendation.
    """
    recommendations = Recommendation.objects.open().filter(team_id=team_id).order_by("pk")
    if recommendation_ids is not None:
        recommendations = recommendations.filter(pk__in=recommendation_ids)
    recommendations = list(recommendations.only("pk", "text", "paragraph_id"))
    # Term statistics come from all the team's paragraphs, so that a run narrowed to one source
    # scores its paragraphs exactly as a run over everything would.
    every_candidate = _candidates(team_id)
    candidates = every_candidate if source_ids is None else every_candidate.filter(source_id__in=source_ids)
    ranker = PostgresRanker if connection.vendor == "postgresql" else OverlapRanker
    rank = ranker(every_candidate, recommendations)
    created = 0
    for done, recommendation in enumerate(recommendations, start=1):
        created += _store(recommendation, _best_per_source(rank(recommendation, candidates)))
        if progress:
            progress(done, len(recommendations))
    return created


def _candidates(team_id):
    """The team's paragraphs that can be evidence: not headings or titles, and not themselves a recommendation."""
    return (
        Paragraph.objects.filter(source__team_id=team_id)
        .exclude(kind=Paragraph.Kind.HEADING)
        # A document's first line read as its title is a headline, not a passage to cite.
        .exclude(number=1, text=F("source__title"))
        .exclude(pk__in=Recommendation.objects.filter(team_id=team_id).values("paragraph_id"))
    )


def term_weights(counts, frequency, paragraph_count):
    """The recommendation's distinctive terms, each weighted by its use in the recommendation and its rarity.

    counts: how often the recommendation uses each term; frequency: in how many of the team's
    paragraphs each term occurs. Terms in no paragraph cannot match; terms in more than
    MAX_TERM_SHARE of them ("Russia" in a desk about Russia) say little about any one paragraph.
    """
    limit = max(1, MAX_TERM_SHARE * paragraph_count)
    weights = {
        term: used * math.log(1 + paragraph_count / frequency[term])
        for term, used in counts.items()
        if term not in STOP_WORDS and 0 < frequency.get(term, 0) <= limit
    }
    best = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:MAX_TERMS]
    return dict(best)


def with_synonyms(counts, groups):
    """counts with every term of a thesaurus group the recommendation uses, at the group's highest count."""
    expanded = Counter(counts)
    for group in groups:
        used = max((counts.get(term, 0) for term in group), default=0)
        if used:
            for term in group:
                expanded[term] = max(expanded[term], used)
    return expanded


class OverlapRanker:
    """Without full-text search: the weighted share of the recommendation's terms that a paragraph contains."""

    def __init__(self, every_candidate, recommendations):
        self.paragraphs = {p.pk: (p.source_id, set(_words(p.text))) for p in every_candidate.only("text", "source")}
        self.frequency = Counter(term for _, terms in self.paragraphs.values() for term in terms)
        self.groups = [[_stem(word) for word in group] for group in THESAURUS]

    def __call__(self, recommendation, candidates):
        counts = with_synonyms(Counter(_words(recommendation.text)), self.groups)
        weights = term_weights(counts, self.frequency, len(self.paragraphs))
        total = sum(weights.values())
        if not total:
            return []
        allowed = set(candidates.values_list("pk", flat=True)) - {recommendation.paragraph_id}
        scored = []
        for pk in allowed:
            source_id, terms = self.paragraphs[pk]
            score = sum(weight for term, weight in weights.items() if term in terms) / total
            if score >= MIN_SCORE:
                scored.append((pk, source_id, round(score, 4)))
        return sorted(scored, key=lambda row: (-row[2], row[0]))


class PostgresRanker:
    """Full-text ranking: each distinctive term's ts_rank in the paragraph, weighted, over the total weight."""

    def __init__(self, every_candidate, recommendations):
        groups = _thesaurus_lexemes()
        self.counts = {
            pk: with_synonyms(counts, groups) for pk, counts in _lexeme_counts([r.pk for r in recommendations]).items()
        }
        lexemes = sorted(set().union(*self.counts.values())) if self.counts else []
        self.frequency, self.paragraph_count = _lexeme_frequency(every_candidate, lexemes)

    def __call__(self, recommendation, candidates):
        weights = term_weights(self.counts.get(recommendation.pk, {}), self.frequency, self.paragraph_count)
        total = sum(weights.values())
        if not total:
            return []
        terms = list(weights)
        quoted = [f"'{term}'" for term in terms]
        sql, params = candidates.exclude(pk=recommendation.paragraph_id).order_by().values("pk").query.sql_with_params()
        # One query: the GIN index on the stored search_vector finds the paragraphs with any of the
        # terms (the lexemes are stemmed already, hence the "simple" configuration), then every
        # term's ts_rank in each of them is weighted and summed. Nothing is re-parsed from the text.
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH m AS MATERIALIZED (SELECT p.id, p.source_id, p.{VECTOR} AS search_vector FROM {TABLE} p "
                f"WHERE p.{VECTOR} @@ to_tsquery('simple', %s) AND p.id IN ({sql})) "
                "SELECT m.id, m.source_id, %s * SUM(t.weight * ts_rank(m.search_vector, t.query, %s)) AS score "
                "FROM m CROSS JOIN (SELECT to_tsquery('simple', term) AS query, weight "
                "FROM unnest(%s::text[], %s::float8[]) AS u(term, weight)) AS t "
                "GROUP BY m.id, m.source_id ORDER BY score DESC, m.id",
                [
                    " | ".join(quoted),
                    *params,
                    RANK_SCALE / total,
                    RANK_NORMALIZATION,
                    quoted,
                    [weights[term] for term in terms],
                ],
            )
            rows = cursor.fetchall()
        return [(pk, source_id, round(score, 4)) for pk, source_id, score in rows if score >= MIN_SCORE]


def _words(text):
    """The words of a text, lowercased and crudely stemmed, stop words dropped, for ranking without full-text search."""
    words = []
    for word in WORD.findall(text.lower()):
        word = re.sub(r"['’]s$", "", word)
        if len(word) >= 3 and word not in STOP_WORDS:
            words.append(_stem(word))
    return words


def _lexeme_counts(recommendation_ids):
    """How often each recommendation uses each lexeme (English stemming, PostgreSQL's stop words dropped)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.id, lex.lexeme, array_length(lex.positions, 1) FROM recommendations_recommendation r "
            "CROSS JOIN LATERAL unnest(to_tsvector(%s::regconfig, r.text)) AS lex WHERE r.id = ANY(%s)",
            [SEARCH_CONFIG, recommendation_ids],
        )
        counts = {}
        for pk, lexeme, used in cursor.fetchall():
            if LEXEME.fullmatch(lexeme):
                counts.setdefault(pk, Counter())[lexeme] = used or 1
    return counts


def _thesaurus_lexemes():
    words = [word for group in THESAURUS for word in group]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, lex.lexeme FROM unnest(%s::text[]) AS word "
            "CROSS JOIN LATERAL unnest(to_tsvector(%s::regconfig, word)) AS lex",
            [words, SEARCH_CONFIG],
        )
        lexeme = dict(cursor.fetchall())
    return [[lexeme[word] for word in group if word in lexeme] for group in THESAURUS]


def _lexeme_frequency(candidates, lexemes):
    """In how many candidate paragraphs each lexeme occurs, and how many candidates there are."""
    sql, params = candidates.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql}) AS candidate", params)
        count = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT lex.lexeme, count(*) FROM {TABLE} p CROSS JOIN LATERAL unnest(p.{VECTOR}) AS lex "
            f"WHERE p.id IN ({sql}) AND lex.lexeme = ANY(%s) GROUP BY lex.lexeme",
            [*params, lexemes],
        )
        return dict(cursor.fetchall()), count


def _stem(word):
    """Enough stemming for 'negotiations' to meet 'negotiate'."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "es", "ed", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _best_per_source(ranked):
    taken = Counter()
    best = []
    for pk, source_id, score in ranked:
        if taken[source_id] < SUGGESTIONS_PER_SOURCE:
            taken[source_id] += 1
            best.append((pk, score))
    return best


@transaction.atomic
def _store(recommendation, best):
    if not best:
        return 0
    existing = set(
        Evidence.objects.filter(recommendation=recommendation, paragraph_id__in=[pk for pk, _ in best]).values_list(
            "paragraph_id", flat=True
        )
    )
    new = [
        Evidence(
            recommendation=recommendation,
            paragraph_id=pk,
            stance=Stance.CONTEXT,
            state=Evidence.State.SUGGESTED,
            score=score,
        )
        for pk, score in best
        if pk not in existing
    ]
    # A concurrent run may have stored the same pair meanwhile; the unique constraint keeps one row.
    Evidence.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
