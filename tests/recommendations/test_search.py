"""Searching the recommendation list reads alike on both databases: stemmed words, prefixes while typing,
web-search syntax, and a title match first (PostgreSQL's tsvector, SQLite's FTS5 table)."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.recommendations.test_list import titles
from tracker.evidence.models import Evidence
from tracker.recommendations import search
from tracker.recommendations.models import Comment
from tracker.recommendations.services import record_activity

LIST = reverse("recommendation_list")


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def found(as_alice):
    def titles_for(query):
        return titles(as_alice.get(LIST, {"q": query}))

    return titles_for


def test_a_word_finds_its_other_forms_and_a_prefix_finds_words_while_typing(found, team, make_one):
    make_one(team, "Tighten the sanctions regime", text="Close loopholes used by shadow fleet tankers.")
    make_one(team, "Resume negotiations", text="Talks on a ceasefire should start again.")
    make_one(team, "Fund the grid")

    assert found("sanct") == ["Tighten the sanctions regime"]
    assert found("sanction") == ["Tighten the sanctions regime"]
    assert found("negotiating") == ["Resume negotiations"]
    assert found("tanker") == ["Tighten the sanctions regime"]
    assert found("ceasefire talk") == ["Resume negotiations"]
    assert found("fund gri") == ["Fund the grid"]
    assert found("nonexistentword") == []


def test_a_title_match_comes_before_a_comment_match(found, alice, team, make_one):
    in_comment = make_one(team, "Fund reconstruction")
    Comment.objects.create(recommendation=in_comment, author=alice, body="Mind the tariffs on steel.")
    record_activity(in_comment.pk)
    make_one(team, "Lower tariffs on steel", text="Tariffs on steel hurt; cut tariffs.")
    make_one(team, "Fund the grid")

    assert found("tariff") == ["Lower tariffs on steel", "Fund reconstruction"]
    assert found("tari stee") == ["Lower tariffs on steel", "Fund reconstruction"]


def test_web_search_syntax_or_a_quoted_phrase_and_a_left_out_word(found, alice, team, make_one):
    in_comment = make_one(team, "Fund reconstruction")
    Comment.objects.create(recommendation=in_comment, author=alice, body="Mind the tariffs on steel.")
    record_activity(in_comment.pk)
    make_one(team, "Lower tariffs on steel", text="Tariffs on steel hurt; cut tariffs.")
    make_one(team, "Fund the grid")

    assert sorted(found("grid or steel")) == ["Fund reconstruction", "Fund the grid", "Lower tariffs on steel"]
    assert found('"tariffs on steel" -lower') == ["Fund reconstruction"]
    assert found('"cut tariffs"') == ["Lower tariffs on steel"]
    assert found('"tariffs cut"') == []


def test_search_follows_comments_and_confirmed_evidence_as_they_change(found, alice, team, make_one):
    rec = make_one(team, "First item")
    make_one(team, "Second item")
    comment = Comment.objects.create(recommendation=rec, author=alice, body="The Danube corridor matters.")
    record_activity(rec.pk)
    assert found("danube") == ["First item"]

    comment.delete()
    record_activity(rec.pk)
    assert found("danube") == []

    evidence = Evidence.objects.create(
        recommendation=rec, url="https://example.org/a", excerpt="Grain exports via Odesa recovered.", added_by=alice
    )
    record_activity(rec.pk)
    assert found("odesa") == ["First item"]
    evidence.state = Evidence.State.DISMISSED
    evidence.save()
    record_activity(rec.pk)
    assert found("odesa") == []


def test_a_query_of_punctuation_only_finds_nothing_and_does_not_fail(found, team, make_one):
    make_one(team, "Fund the grid")
    assert found('"" -') == []
    assert found("-grid") == []


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("sanct", '"sanct"*'),
        ("tari stee", '"tari"* AND "stee"*'),
        ("grid or steel", '("grid") OR ("steel")'),
        ('"tariffs on steel" -lower', '(("tariffs on steel")) NOT ("lower")'),
        ("long-range missiles", '("long range" AND "missiles")'),
        ("-grid", ""),
    ],
)
def test_sqlite_reads_what_was_typed_as_postgresql_does(typed, query):
    assert search.sqlite_query(typed) == query


def test_sqlite_keeps_one_fulltext_row_per_recommendation(team, make_one):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 table")
    rec = make_one(team, "Fund the grid")
    record_activity(rec.pk)
    record_activity(rec.pk)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT title FROM {search.SQLITE_TABLE} WHERE rowid = %s", [rec.pk])
        assert cursor.fetchall() == [("Fund the grid",)]
