"""Suggesting evidence: for each open recommendation, the team's paragraphs that bear on it most.

One design on both databases. The database's own full-text index (PostgreSQL's stored tsvector, SQLite's
FTS5 table) finds the paragraphs that share any of the recommendation's words and keeps the best few
hundred by BM25; then the same Python scores those candidates identically on either database: BM25 with
team-wide term rarity, the recommendation's own report counting for less. Paragraphs that share enough,
within a share of the best, a few per source, are stored as suggestions with their best-matching sentence
and the words that matched. A new source goes the other way (suggest_from_source): its paragraphs are scored
against every open recommendation at once, in memory, and compete with what earlier runs stored.
docs/evidence-suggestions.md explains the ranking, how well it does and how fast.
"""

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import snowballstemmer
from django.db import connection, transaction
from django.db.models import Avg, Count, F
from django.db.models.functions import MD5, Length

from tracker.recommendations.finder import find_actor
from tracker.recommendations.models import Recommendation
from tracker.sources.fulltext import PARAGRAPH_FTS
from tracker.sources.models import SEARCH_CONFIG, Paragraph

from .models import Evidence, RecommendationTerms, Stance, sentence_spans

# The best few paragraphs of each source are suggested, so that a long source does not crowd out the others,
# and no more than this many in all for one recommendation in one run.
SUGGESTIONS_PER_SOURCE = 3
MAX_SUGGESTIONS = 10
# The index hands this many paragraphs, its best by BM25, to the final scoring.
CANDIDATES = 200
# A long run reports its progress after this many recommendations.
PROGRESS_EVERY = 50
# A new source's passage is suggested to at most this many recommendations, those it bears on most: a passage
# that shares words with thousands of items is evidence for none in particular, and a team reviews each
# suggestion by hand.
PASSAGE_REACH = 20
# The version of how a recommendation's words are read (tokens() and Ranker.read_words): stored words read
# otherwise are read again.
TERMS_VERSION = 1
# Stored words read again are fetched this many recommendations at a time.
STALE_BATCH = 2000
# BM25's saturation of a term's repeats (k1) and its length normalisation (b), at their usual values.
K1 = 1.2
B = 0.75
# A word the recommendation repeats weighs more, with diminishing returns (BM25's k3 for the query).
K3 = 1.2
# A report's own paragraphs are its argument, not evidence of what became of its recommendations: they count
# for this share of their score, so that other sources come first.
OWN_SOURCE_WEIGHT = 0.3
# A paragraph is worth suggesting only if what it shares with the recommendation is as telling as one word
# found in at most this share of the team's paragraphs: one such word, or several commoner ones whose rarity
# adds up to as much. One common word never suffices ("Russia" on a Russia desk)...
UNCOMMON_SHARE = 0.1
# ...and scores at least this share of the best paragraph that is. The cut is lenient: a news report that
# restates the recommendation word for word can score five times as much as the next passage.
RELATIVE_CUT = 0.15

WORD = re.compile(r"[^\W_]+")
# Words too common in any text to tell paragraphs apart: PostgreSQL's English stop words
# (tsearch_data/english.stop) and the modal verbs and connectives of policy prose, dropped on both databases.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
    herself it its itself they them their theirs themselves what which who whom this that these those am is
    are was were be been being have has had having do does did doing a an the and but if or because as until
    while of at by for with about against between into through during before after above below to from up down
    in out on off over under again further then once here there when where why how all any both each few more
    most other some such no nor not only own same so than too very s t can will just don should now
    also although could either else even ever every however may might must neither otherwise per perhaps
    rather shall since therefore though thus toward towards upon us via whether within without would yet
    """.split()
)
# The words a recommendation recommends with, not what it is about: evidence reports on the thing to be done.
RECOMMENDING_WORDS = frozenset(
    """
    recommend recommends recommended recommendation recommendations call calls called urge urges urged endorse
    endorses consider considers ensure ensures need needs step steps take taken make made set put place
    """.split()
)
# The Snowball English stemmer, the one PostgreSQL's English configuration uses.
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word):
    return _STEMMER.stemWord(word)


RECOMMENDING_STEMS = frozenset(stem(word) for word in RECOMMENDING_WORDS)


def tokens(text):
    """The words of a text that can match: (stem, start, end), stop words and single characters left out."""
    found = []
    for match in WORD.finditer(text):
        word = match[0].lower()
        if len(word) > 1 and word not in STOP_WORDS:
            found.append((stem(word), match.start(), match.end()))
    return found


def idf(frequency, count):
    """How rare a term is among `count` paragraphs, `frequency` of which contain it (BM25's, never negative)."""
    return math.log(1 + (count - frequency + 0.5) / (frequency + 0.5))


@dataclass(frozen=True)
class Term:
    """One of the recommendation's terms: its stem, the word the index is asked for, and its weight."""

    stem: str
    word: str
    rarity: float
    weight: float


@dataclass(frozen=True)
class Ranked:
    """A paragraph ranked for a recommendation, with why: its best-matching sentences (a character span of
    its text) and the words of it that matched, most telling first."""

    paragraph_id: int
    source_id: int
    score: float
    sentences: tuple[int, int]
    terms: tuple[str, ...]
    # Whether it shares enough with the recommendation to be suggested at all (see UNCOMMON_SHARE).
    qualifies: bool = True


def suggest_evidence(team_id, recommendation_ids=None, source_ids=None, progress=None):
    """Store the best paragraphs for each open recommendation as suggested evidence; return how many are new.

    recommendation_ids and source_ids narrow the run to those recommendations and those sources'
    paragraphs. A paragraph that already has an evidence row for the recommendation (suggested,
    confirmed, dismissed or removed) is never suggested again, so running twice changes nothing.
    progress, if given, is called with (done, total) after every PROGRESS_EVERY recommendations and the last.
    """
    recommendations = Recommendation.objects.open().filter(team_id=team_id).order_by("pk")
    if recommendation_ids is not None:
        recommendations = recommendations.filter(pk__in=recommendation_ids)
    recommendations = list(recommendations.only("pk", "team_id", "source_id", "text", "paragraph_id"))
    ranker = Ranker(team_id)
    ranker.learn(recommendations)
    created = 0
    for done, recommendation in enumerate(recommendations, start=1):
        # All the team's paragraphs compete, so that a run narrowed to one source suggests what a full run would.
        best = [
            ranked
            for ranked in select(ranker.rank(recommendation))
            if source_ids is None or ranked.source_id in source_ids
        ]
        created += _store(recommendation, best)
        if progress and (done % PROGRESS_EVERY == 0 or done == len(recommendations)):
            progress(done, len(recommendations))
    return created


def suggest_from_source(team_id, source_id, recommendation_ids=None, progress=None):
    """Store a new source's best paragraphs for the open recommendations they bear on most as suggested evidence;
    return how many are new.

    The other way round from suggest_evidence, for a source just added: instead of searching all the team's
    paragraphs once per recommendation, the source's few paragraphs are scored against every open
    recommendation at once, in memory, with the same terms, rarity and BM25 (the recommendations' words are
    stored, see RecommendationTerms). Each paragraph goes to the PASSAGE_REACH recommendations it scores best
    for, if it qualifies for them. There it competes, as in a full run, with the paragraphs of other sources
    the recommendation already has an evidence row for (suggested, confirmed, dismissed or removed), scored
    afresh: those are the best of the rest, the ones earlier runs chose. progress, if given, is called with
    (done, total) once the recommendations are scored and once they are stored.
    """
    recommendations = Recommendation.objects.open().filter(team_id=team_id).order_by("pk")
    if recommendation_ids is not None:
        recommendations = recommendations.filter(pk__in=recommendation_ids)
    recommendations = list(
        recommendations.annotate(text_key=MD5("text")).only("pk", "team_id", "source_id", "paragraph_id")
    )
    ranker = Ranker(team_id)
    new = list(ranker.candidates.filter(source_id=source_id).values_list("pk", "source_id", "text"))
    if not recommendations or not new:
        return 0
    ranker.load_words(recommendations)
    ranker.learn(recommendations)
    ranker.remember(new)
    reached = _reached(ranker, recommendations, [pk for pk, _, _ in new], source_id)
    if progress:
        progress(len(recommendations) // 2, len(recommendations))
    chosen = [recommendation for recommendation in recommendations if recommendation.pk in reached]
    existing = {}
    for recommendation_id, paragraph_id in Evidence.objects.filter(recommendation__in=chosen).values_list(
        "recommendation_id", "paragraph_id"
    ):
        existing.setdefault(recommendation_id, set()).add(paragraph_id)
    # The rest of each ranking: the other sources' paragraphs that earlier runs gave an evidence row.
    rest = {pk for pks in existing.values() for pk in pks if pk not in ranker.counts}
    ranker.remember(ranker.candidates.filter(pk__in=rest).values_list("pk", "source_id", "text"))
    enough = ranker.enough()
    rows = []
    for recommendation in chosen:
        terms = ranker.terms(recommendation)
        score = ranker.scorer(terms, enough, recommendation.source_id, qualified_only=True)
        known = existing.get(recommendation.pk, set())
        candidates = set(reached[recommendation.pk])
        candidates |= {pk for pk in known if pk in ranker.counts and pk != recommendation.paragraph_id}
        ranked = sorted(
            (item for item in map(score, candidates) if item), key=lambda item: (-item.score, item.paragraph_id)
        )
        for item in select(ranked):
            if item.source_id == source_id and item.paragraph_id not in known:
                rows.append(_evidence(recommendation, ranker.explain(item.paragraph_id, terms, item)))
    # A concurrent run may have stored the same pair meanwhile; the unique constraint keeps one row.
    Evidence.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    if progress:
        progress(len(recommendations), len(recommendations))
    return len(rows)


def _reached(ranker, recommendations, paragraph_ids, source_id):
    """{recommendation id: [paragraph ids]}: for each of the new paragraphs, the PASSAGE_REACH recommendations
    it scores best for among those it qualifies for (see Ranker.scorer), scored all at once as one sparse
    product: the recommendations' term weights times the paragraphs' BM25 term frequencies."""
    vocabulary = {}
    for pk in paragraph_ids:
        for term in ranker.counts[pk]:
            vocabulary.setdefault(term, len(vocabulary))
    frequencies = np.zeros((len(vocabulary), len(paragraph_ids)))
    for column, pk in enumerate(paragraph_ids):
        norm = K1 * (1 - B + B * len(ranker.texts[pk]) / ranker.average_length)
        for term, used in ranker.counts[pk].items():
            frequencies[vocabulary[term], column] = used * (K1 + 1) / (used + norm)
    rows, columns, weights, rarities = [], [], [], []
    for row, recommendation in enumerate(recommendations):
        for term in ranker.terms(recommendation):
            if (column := vocabulary.get(term.stem)) is not None:
                rows.append(row)
                columns.append(column)
                weights.append(term.weight)
                rarities.append(term.rarity)
    scores = np.zeros((len(recommendations), len(paragraph_ids)))
    shared = np.zeros((len(recommendations), len(paragraph_ids)))
    if rows:
        np.add.at(scores, rows, np.asarray(weights)[:, None] * frequencies[columns])
        np.add.at(shared, rows, np.asarray(rarities)[:, None] * (frequencies[columns] > 0))
    # What does not qualify is not suggested; a recommendation's own paragraph never is, and its own report's
    # paragraphs count for less.
    scores[shared < ranker.enough()] = 0
    own = [row for row, recommendation in enumerate(recommendations) if recommendation.source_id == source_id]
    scores[own] *= OWN_SOURCE_WEIGHT
    position = {pk: column for column, pk in enumerate(paragraph_ids)}
    for row, recommendation in enumerate(recommendations):
        if recommendation.paragraph_id in position:
            scores[row, position[recommendation.paragraph_id]] = 0
    reached = {}
    reach = min(PASSAGE_REACH, len(recommendations))
    for column, pk in enumerate(paragraph_ids):
        best = np.argpartition(-scores[:, column], reach - 1)[:reach]
        for row in best:
            if scores[row, column] > 0:
                reached.setdefault(recommendations[row].pk, []).append(pk)
    return reached


def rank_paragraphs(recommendation, limit=CANDIDATES):
    """The team's paragraphs that can be evidence for the recommendation and share a word with it, best first,
    each with its score, its best-matching sentences and the words that matched. This is the whole ranking:
    suggest_evidence then keeps those that qualify, within RELATIVE_CUT of the best, a few per source."""
    return Ranker(recommendation.team_id).rank(recommendation)[:limit]


def select(ranked):
    """What is worth suggesting: paragraphs that qualify and score within RELATIVE_CUT of the best of them,
    at most SUGGESTIONS_PER_SOURCE of each source and MAX_SUGGESTIONS in all."""
    qualified = [item for item in ranked if item.qualifies]
    if not qualified:
        return []
    floor = RELATIVE_CUT * qualified[0].score
    taken = Counter()
    chosen = []
    for item in qualified:
        if item.score < floor or len(chosen) == MAX_SUGGESTIONS:
            break
        if taken[item.source_id] < SUGGESTIONS_PER_SOURCE:
            taken[item.source_id] += 1
            chosen.append(item)
    return chosen


def candidate_paragraphs(team_id):
    """The team's paragraphs that can be evidence: not headings or titles, and not themselves a recommendation."""
    return (
        Paragraph.objects.filter(source__team_id=team_id)
        .exclude(kind=Paragraph.Kind.HEADING)
        # A document's first line read as its title is a headline, not a passage to cite.
        .exclude(number=1, text=F("source__title"))
        .exclude(pk__in=Recommendation.objects.filter(team_id=team_id).values("paragraph_id"))
    )


class Ranker:
    """Ranks the team's paragraphs for one recommendation after another, keeping what they share: the team's
    term statistics and the paragraphs already read."""

    def __init__(self, team_id):
        self.team_id = team_id
        self.candidates = candidate_paragraphs(team_id)
        stats = self.candidates.aggregate(count=Count("pk"), length=Avg(Length("text")))
        self.count = stats["count"]
        self.average_length = stats["length"] or 1.0
        self.index = (
            PostgresIndex(self.candidates) if connection.vendor == "postgresql" else SqliteIndex(self.candidates)
        )
        # Rarity counts from all the team's paragraphs, so that every run scores a paragraph alike.
        self.frequency = {}
        # What is known of the recommendations and paragraphs already read (see _words and remember).
        self.words = {}
        self.sources = {}
        self.texts = {}
        self.tokens = {}
        self.counts = {}
        self.sentences = {}

    def learn(self, recommendations):
        """Look up the rarity of all the recommendations' words at once, before ranking them one by one."""
        words = {word for recommendation in recommendations for word in self._words(recommendation)[1].values()}
        self.frequency.update(self.index.frequency(sorted(words - self.frequency.keys())))

    def _words(self, recommendation):
        """The recommendation's stems with their uses and the word that stands for each (see terms())."""
        if recommendation.pk is not None and recommendation.pk in self.words:
            return self.words[recommendation.pk]
        uses, words = read_words(recommendation.text)
        if recommendation.pk is not None:
            self.words[recommendation.pk] = uses, words
        return uses, words

    def load_words(self, recommendations):
        """The recommendations' words from where they are stored (RecommendationTerms), each read again from its
        text, and stored, where the text or the way of reading changed since: recommendations annotated with
        `text_key`, the MD5 of their text, and loaded without it."""
        stored = {
            pk: (key, version, terms)
            for pk, key, version, terms in RecommendationTerms.objects.filter(
                recommendation__team_id=self.team_id
            ).values_list("recommendation_id", "key", "version", "terms")
        }
        stale = []
        for recommendation in recommendations:
            key, version, terms = stored.get(recommendation.pk, ("", 0, {}))
            if key == recommendation.text_key and version == TERMS_VERSION:
                self.words[recommendation.pk] = (
                    Counter({term: uses for term, (uses, _) in terms.items()}),
                    {term: word for term, (_, word) in terms.items()},
                )
            else:
                stale.append(recommendation.pk)
        rows = []
        for start in range(0, len(stale), STALE_BATCH):
            for pk, text in Recommendation.objects.filter(pk__in=stale[start : start + STALE_BATCH]).values_list(
                "pk", "text"
            ):
                uses, words = self.words[pk] = read_words(text)
                rows.append(
                    RecommendationTerms(
                        recommendation_id=pk,
                        key=hashlib.md5(text.encode()).hexdigest(),
                        version=TERMS_VERSION,
                        terms={term: [used, words[term]] for term, used in uses.items()},
                    )
                )
        RecommendationTerms.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["recommendation"],
            update_fields=["key", "version", "terms"],
            batch_size=1000,
        )

    def terms(self, recommendation):
        """The recommendation's terms that occur in the team's paragraphs, weighted by rarity and repeats.

        What it is about, not who is to act or how it recommends: the actor it addresses ("the Government
        must ...") and the words of recommending ("we call on", "ensure") are left out, unless nothing else
        is left; so are numbers (years, counts, paragraph references).
        """
        uses, words = self._words(recommendation)
        unknown = [words[term] for term in uses if words[term] not in self.frequency]
        self.frequency.update(self.index.frequency(unknown))
        terms = []
        for term, used in uses.items():
            if self.frequency[words[term]]:
                rarity = idf(self.frequency[words[term]], self.count)
                terms.append(Term(term, words[term], rarity, rarity * (K3 + 1) * used / (K3 + used)))
        return terms

    def enough(self):
        """As telling as one word found in UNCOMMON_SHARE of the team's paragraphs."""
        return idf(max(1.0, UNCOMMON_SHARE * self.count), self.count)

    def rank(self, recommendation):
        terms = self.terms(recommendation)
        if not terms:
            return []
        found = self.index.search(terms, self.average_length, exclude=recommendation.paragraph_id, limit=CANDIDATES)
        self.remember(
            Paragraph.objects.filter(pk__in=[pk for pk in found if pk not in self.counts]).values_list(
                "pk", "source_id", "text"
            )
        )
        score = self.scorer(terms, self.enough(), own_source=recommendation.source_id)
        ranked = []
        for pk in found:
            item = score(pk)
            if item:
                ranked.append(self.explain(pk, terms, item))
        return sorted(ranked, key=lambda item: (-item.score, item.paragraph_id))

    def remember(self, rows):
        """Keep paragraphs (pk, source_id, text) read, with their stems counted in the order they first occur."""
        for pk, source_id, text in rows:
            self.sources[pk] = source_id
            self.texts[pk] = text
            self.tokens[pk] = tokens(text)
            self.counts[pk] = Counter(term for term, _, _ in self.tokens[pk])

    def scorer(self, terms, enough, own_source, qualified_only=False):
        """A function giving a paragraph's BM25 for the recommendation's terms (less in the recommendation's own
        source) and whether it qualifies, without saying why (see explain); the terms' weights are worked out
        once for all the paragraphs it scores. With qualified_only, one that does not qualify is None too."""
        weights = {term.stem: term.weight for term in terms}
        rarities = [(term.stem, term.rarity) for term in terms]

        def score(pk):
            counts = self.counts[pk]
            qualifies = sum(rarity for term, rarity in rarities if term in counts) >= enough
            if qualified_only and not qualifies:
                return None
            repeats = [(term, used) for term, used in counts.items() if term in weights]
            if not repeats:
                return None
            norm = K1 * (1 - B + B * len(self.texts[pk]) / self.average_length)
            total = sum(weights[term] * used * (K1 + 1) / (used + norm) for term, used in repeats)
            if self.sources[pk] == own_source:
                total *= OWN_SOURCE_WEIGHT
            return Ranked(pk, self.sources[pk], round(total, 4), (0, 0), (), qualifies)

        return score

    def explain(self, pk, terms, item):
        """The ranked paragraph with why it matched: its best sentence and the words of it that matched."""
        text = self.texts[pk]
        words = self.tokens[pk]
        weights = {term.stem: term.weight for term in terms}
        # The sentence that holds most of the recommendation's weight, terms found together.
        if pk not in self.sentences:
            self.sentences[pk] = sentence_spans(text)
        sentences = self.sentences[pk]
        best_span, best_cover = sentences[0], -1.0
        for start, end in sentences:
            cover = sum(weights[t] for t in {term for term, at, _ in words if start <= at < end and term in weights})
            if cover > best_cover:
                best_span, best_cover = (start, end), cover
        # The words of the paragraph that matched, as it writes them, the most telling first.
        written = {}
        for term, start, end in words:
            if term in weights:
                written.setdefault(term, text[start:end].lower())
        matched = tuple(written[term] for term in sorted(written, key=lambda t: (-weights[t], t)))
        return replace(item, sentences=best_span, terms=matched)


def read_words(text):
    """A recommendation's stems with their uses and the word that stands for each: what it is about, not who is to
    act or how it recommends (see Ranker.terms)."""
    left_out = {term for term, _, _ in tokens(find_actor(text))} | RECOMMENDING_STEMS
    found = [(term, start, end) for term, start, end in tokens(text) if not term.isdigit()]
    found = [token for token in found if token[0] not in left_out] or found
    uses = Counter()
    words = {}
    for term, start, end in found:
        uses[term] += 1
        words.setdefault(term, text[start:end].lower())
    return uses, words


class PostgresIndex:
    """The paragraphs' stored tsvector (GIN-indexed), stemmed by PostgreSQL's English configuration."""

    # The paragraphs' table and their stored tsvector (Paragraph.search_vector), named through the model.
    TABLE = connection.ops.quote_name(Paragraph._meta.db_table)
    VECTOR = connection.ops.quote_name(Paragraph._meta.get_field("search_vector").column)

    def __init__(self, candidates):
        self.sql, self.params = candidates.order_by().values("pk").query.sql_with_params()

    # Beyond this many words, one pass over all the team's vectors counts them faster than a lookup each.
    MANY_WORDS = 20

    def frequency(self, words):
        """In how many of the team's candidate paragraphs each word occurs (as the index stems it)."""
        if not words:
            return {}
        if len(words) > self.MANY_WORDS:
            return self._count_all(words)
        with connection.cursor() as cursor:
            # Each word's paragraphs through the GIN index, then those of them that are the team's candidates
            # (OFFSET 0 keeps the planner from checking every candidate against every word instead).
            cursor.execute(
                f"SELECT u.word, (SELECT count(*) FROM (SELECT p.id FROM {self.TABLE} p "
                f"WHERE p.{self.VECTOR} @@ plainto_tsquery(%s::regconfig, u.word) OFFSET 0) AS m "
                f"WHERE m.id IN ({self.sql})) FROM unnest(%s::text[]) AS u(word)",
                [SEARCH_CONFIG, *self.params, words],
            )
            return dict(cursor.fetchall())

    def _count_all(self, words):
        """The same counts as frequency()'s, from ts_stat's count of every lexeme in the team's paragraphs."""
        with connection.cursor() as cursor:
            # Each word as the index stems it: a word of one lexeme is counted as that lexeme is.
            cursor.execute(
                "SELECT u.word, array(SELECT lex.lexeme FROM unnest(to_tsvector(%s::regconfig, u.word)) AS lex) "
                "FROM unnest(%s::text[]) AS u(word)",
                [SEARCH_CONFIG, words],
            )
            lexemes = dict(cursor.fetchall())
            vectors = connection.ops.compose_sql(
                f"SELECT p.{self.VECTOR} FROM {self.TABLE} p WHERE p.id IN ({self.sql})", self.params
            )
            cursor.execute("SELECT word, ndoc FROM ts_stat(%s)", [vectors])
            counts = dict(cursor.fetchall())
        # A stop word has no lexeme and is in no paragraph; a word of several (rare) is looked up as before.
        several = [word for word in words if len(lexemes[word]) > 1]
        found = {word: counts.get(lexemes[word][0], 0) if lexemes[word] else 0 for word in words}
        for start in range(0, len(several), self.MANY_WORDS):
            found.update(self.frequency(several[start : start + self.MANY_WORDS]))
        return found

    def search(self, terms, average_length, exclude, limit):
        """The ids of the paragraphs with any of the terms, best first by BM25 computed from the stored vectors."""
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH t AS (SELECT lex.lexeme, u.weight FROM unnest(%s::text[], %s::float8[]) AS u(word, weight) "
                "CROSS JOIN LATERAL unnest(to_tsvector(%s::regconfig, u.word)) AS lex), "
                f"m AS MATERIALIZED (SELECT p.id, p.{self.VECTOR} AS vector, length(p.text) AS length "
                f"FROM {self.TABLE} p WHERE p.{self.VECTOR} @@ to_tsquery(%s::regconfig, %s) "
                f"AND p.id IN ({self.sql}) AND p.id <> %s) "
                "SELECT m.id FROM m CROSS JOIN LATERAL unnest(m.vector) AS lex JOIN t ON t.lexeme = lex.lexeme "
                "GROUP BY m.id, m.length "
                "ORDER BY SUM(t.weight * cardinality(lex.positions) * %s / (cardinality(lex.positions) "
                "+ %s * (1 - %s + %s * m.length / %s))) DESC, m.id LIMIT %s",
                [
                    [term.word for term in terms],
                    [term.weight for term in terms],
                    SEARCH_CONFIG,
                    SEARCH_CONFIG,
                    " | ".join(term.word for term in terms),
                    *self.params,
                    exclude or 0,
                    K1 + 1,
                    K1,
                    B,
                    B,
                    average_length,
                    limit,
                ],
            )
            return [pk for (pk,) in cursor.fetchall()]


class SqliteIndex:
    """SQLite's FTS5 table of paragraphs (tracker/sources/fulltext.py), stemmed by its porter tokenizer.

    The team's paragraphs are filtered by `+rowid IN (...)`: without the plus, FTS5 takes the list as a
    constraint of its own and looks each paragraph up apart, thirty times slower.
    """

    def __init__(self, candidates):
        self.sql, self.params = candidates.order_by().values("pk").query.sql_with_params()

    def frequency(self, words):
        counts = {}
        with connection.cursor() as cursor:
            for word in words:
                cursor.execute(
                    f"SELECT count(*) FROM {PARAGRAPH_FTS} WHERE {PARAGRAPH_FTS} MATCH %s AND +rowid IN ({self.sql})",
                    [f'"{word}"', *self.params],
                )
                counts[word] = cursor.fetchone()[0]
        return counts

    def search(self, terms, average_length, exclude, limit):
        """The ids of the paragraphs with any of the terms, best first by FTS5's bm25() (its own length
        normalisation: average_length is not needed)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {PARAGRAPH_FTS} WHERE {PARAGRAPH_FTS} MATCH %s AND +rowid IN ({self.sql}) "
                f"AND rowid <> %s ORDER BY bm25({PARAGRAPH_FTS}), rowid LIMIT %s",
                [" OR ".join(f'"{term.word}"' for term in terms), *self.params, exclude or 0, limit],
            )
            return [pk for (pk,) in cursor.fetchall()]


@transaction.atomic
def _store(recommendation, best):
    if not best:
        return 0
    existing = set(
        Evidence.objects.filter(
            recommendation=recommendation, paragraph_id__in=[item.paragraph_id for item in best]
        ).values_list("paragraph_id", flat=True)
    )
    new = [_evidence(recommendation, item) for item in best if item.paragraph_id not in existing]
    # A concurrent run may have stored the same pair meanwhile; the unique constraint keeps one row.
    Evidence.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _evidence(recommendation, item):
    return Evidence(
        recommendation=recommendation,
        paragraph_id=item.paragraph_id,
        stance=Stance.CONTEXT,
        state=Evidence.State.SUGGESTED,
        score=item.score,
        matched_terms=", ".join(item.terms),
        sentence_start=item.sentences[0],
        sentence_end=item.sentences[1],
    )
