"""Full-text search over recommendations: title, text, evidence passages and comments.

On PostgreSQL each recommendation keeps a weighted tsvector (GIN-indexed); on SQLite a row of an FTS5
table (English stemming by the porter tokenizer, ranked with bm25()). refresh_search_vector rebuilds
either whenever what it covers changes; record_activity and create_recommendation call it. Both
databases read a query alike: plain words match as prefixes, anything else as web-search syntax.
"""

import re

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, FloatField, OuterRef, Subquery, Value
from django.db.models.expressions import RawSQL

from . import hooks
from .models import Comment, Recommendation

SEARCH_CONFIG = "english"
# SQLite's full-text table of recommendations (made by migration 0007): one row per recommendation, rowid = id.
SQLITE_TABLE = "recommendations_recommendation_fts"
# bm25() weights of its columns, as PostgreSQL's ts_rank weighs A, B, C and D: title, text, passages, comments.
SQLITE_WEIGHTS = "1.0, 0.4, 0.2, 0.1"
WORD = re.compile(r"[^\W_]+")
# Web-search syntax: a "quoted phrase", a -word left out, "or" between alternatives, and plain words.
WEB_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


def _is_postgres():
    return connection.vendor == "postgresql"


def _joined(queryset, text):
    """One row per recommendation: the texts of `queryset` joined by spaces."""
    return Subquery(
        queryset.filter(recommendation=OuterRef("pk"))
        .order_by()
        .values("recommendation")
        .annotate(joined=StringAgg(text, delimiter=" "))
        .values("joined")
    )


def _document():
    # Title outweighs the text, which outweighs what the team added around it: passages (evidence, from the
    # apps above that register them), then comments.
    document = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "text", weight="B", config=SEARCH_CONFIG
    )
    for passages in hooks.search_passages:
        rows, text = passages()
        document += SearchVector(_joined(rows, text), weight="C", config=SEARCH_CONFIG)
    return document + SearchVector(_joined(Comment.objects.all(), F("body")), weight="D", config=SEARCH_CONFIG)


def _refresh_sqlite_row(recommendation_id):
    recommendation = Recommendation.objects.filter(pk=recommendation_id).values("title", "text").first()
    passages = []
    for registered in hooks.search_passages:
        rows, text = registered()
        found = rows.filter(recommendation_id=recommendation_id).annotate(passage_text=text).order_by("pk")
        passages += found.values_list("passage_text", flat=True)
    comments = Comment.objects.filter(recommendation_id=recommendation_id).order_by("pk").values_list("body", flat=True)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SQLITE_TABLE} WHERE rowid = %s", [recommendation_id])
        if recommendation:
            cursor.execute(
                f"INSERT INTO {SQLITE_TABLE}(rowid, title, text, passages, comments) VALUES (%s, %s, %s, %s, %s)",
                [
                    recommendation_id,
                    recommendation["title"],
                    recommendation["text"],
                    " ".join(filter(None, passages)),
                    " ".join(comments),
                ],
            )


def refresh_search_vector(recommendation_id):
    """Rebuild one recommendation's search document: one UPDATE on PostgreSQL, its FTS5 row on SQLite."""
    if _is_postgres():
        Recommendation.objects.filter(pk=recommendation_id).update(search_vector=_document())
    elif connection.vendor == "sqlite":
        _refresh_sqlite_row(recommendation_id)


def _is_plain(terms, words):
    return words and " ".join(words) == " ".join(terms.split()) and "or" not in {word.lower() for word in words}


def _query(terms):
    """The PostgreSQL query for what someone typed.

    Plain words match as prefixes, so results follow as someone types ("sanct" finds
    "sanctions"); anything else (a "quoted phrase", -word, or) is read as web-search syntax.
    """
    words = WORD.findall(terms)
    if _is_plain(terms, words):
        return SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG)
    return SearchQuery(terms, search_type="websearch", config=SEARCH_CONFIG)


def _fts5_string(text):
    """A string of the FTS5 query language: its words, stemmed by the table's tokenizer, as one phrase."""
    words = WORD.findall(text)
    return '"' + " ".join(words) + '"' if words else ""


def sqlite_query(terms):
    """The same reading of what someone typed, in FTS5's query language ("" when nothing can match).

    Plain words are prefixes that must all occur; otherwise a "quoted phrase" must occur as written,
    "or" joins alternatives (binding less tightly than the implied "and", as on PostgreSQL) and a -word
    must not occur.
    """
    words = WORD.findall(terms)
    if _is_plain(terms, words):
        return " AND ".join(f'"{word}"*' for word in words)
    alternatives, wanted, unwanted = [], [], []
    for match in WEB_TOKEN.finditer(terms):
        negated, phrase = (match[1], match[2]) if match[2] is not None else (match[3], match[4])
        if not negated and phrase.lower() == "or" and match[2] is None:
            if wanted:
                alternatives.append(wanted)
            wanted = []
            continue
        string = _fts5_string(phrase)
        if string:
            (unwanted if negated else wanted).append(string)
    if wanted:
        alternatives.append(wanted)
    if not alternatives:
        return ""
    query = " OR ".join("(" + " AND ".join(strings) + ")" for strings in alternatives)
    if unwanted:
        query = f"({query}) NOT ({' OR '.join(unwanted)})"
    return query


def search(queryset, terms):
    """Recommendations matching `terms`, annotated with `search_rank` (higher is better)."""
    terms = terms.strip()
    if not terms:
        return queryset
    if _is_postgres():
        query = _query(terms)
        return queryset.filter(search_vector=query).annotate(search_rank=SearchRank(F("search_vector"), query))
    match = sqlite_query(terms)
    if not match:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField())).none()
    table = Recommendation._meta.db_table
    matching = RawSQL(f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s", [match])
    # bm25() is lower for better matches; search_rank is higher for them on both databases.
    rank = RawSQL(
        f"SELECT -bm25({SQLITE_TABLE}, {SQLITE_WEIGHTS}) FROM {SQLITE_TABLE} "
        f"WHERE {SQLITE_TABLE} MATCH %s AND {SQLITE_TABLE}.rowid = {table}.id",
        [match],
        output_field=FloatField(),
    )
    return queryset.filter(pk__in=matching).annotate(search_rank=rank)
