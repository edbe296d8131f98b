"""Full-text search over recommendations: title, text, evidence passages and comments.

On PostgreSQL each recommendation keeps a weighted tsvector (GIN-indexed) that
refresh_search_vector rebuilds whenever what it covers changes; record_activity
and create_recommendation call it. Other databases get a plain substring match.
"""

import re

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, Subquery, Value, When

from . import hooks
from .models import Comment, Recommendation

SEARCH_CONFIG = "english"


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


def refresh_search_vector(recommendation_id):
    """Rebuild one recommendation's search document, in one UPDATE (nothing to do off PostgreSQL)."""
    if _is_postgres():
        Recommendation.objects.filter(pk=recommendation_id).update(search_vector=_document())


def _query(terms):
    """The query for what someone typed.

    Plain words match as prefixes, so results follow as someone types ("sanct" finds
    "sanctions"); anything else (a "quoted phrase", -word, or) is read as web-search syntax.
    """
    words = re.findall(r"[^\W_]+", terms)
    plain = " ".join(words) == " ".join(terms.split()) and "or" not in {word.lower() for word in words}
    if words and plain:
        return SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG)
    return SearchQuery(terms, search_type="websearch", config=SEARCH_CONFIG)


def search(queryset, terms):
    """Recommendations matching `terms`, annotated with `search_rank` (higher is better)."""
    terms = terms.strip()
    if not terms:
        return queryset
    if _is_postgres():
        query = _query(terms)
        return queryset.filter(search_vector=query).annotate(search_rank=SearchRank(F("search_vector"), query))
    comments = Comment.objects.filter(recommendation=OuterRef("pk"), body__icontains=terms)
    # Exists, not joins: one row per recommendation however many comments or passages match.
    matches = Q(title__icontains=terms) | Q(text__icontains=terms) | Exists(comments)
    for passages in hooks.search_passages:
        rows, text = passages()
        matches |= Exists(
            rows.annotate(passage_text=text).filter(recommendation=OuterRef("pk"), passage_text__icontains=terms)
        )
    return queryset.filter(matches).annotate(
        search_rank=Case(
            When(title__icontains=terms, then=Value(2.0)),
            When(text__icontains=terms, then=Value(1.0)),
            default=Value(0.5),
            output_field=FloatField(),
        )
    )
