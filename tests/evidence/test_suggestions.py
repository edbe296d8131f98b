"""Evidence suggestion: what a person relies on, on either database (tests run on SQLite here, on PostgreSQL
in CI): relevant passages come first, weak matches are not offered, some passages are never offered, and a
suggestion says why."""

import pytest
from django.db import connection

from tests.recommendations.conftest import make_source
from tracker.evidence.models import Evidence, Stance
from tracker.evidence.suggestions import rank_paragraphs, suggest_evidence, suggest_from_source
from tracker.recommendations.services import create_recommendation
from tracker.sources import fulltext
from tracker.sources.models import Paragraph, Source
from tracker.sources.services import store_document

ARTICLE = "7 weeks until Trump"

# A desk that writes about Russia: the word is in nearly every paragraph, as "Ukraine" is in many.
DESK = [
    "Russia raised its key interest rate again as inflation stayed high.",
    "Russia and Ukraine exchanged prisoners of war after talks in Istanbul.",
    "Drone strikes hit an oil refinery in southern Russia overnight.",
    "Russia expelled two diplomats in a dispute over embassy staff.",
    "Ukraine's grain corridor kept ships moving despite attacks on the port of Odesa.",
    "Russia hosted an international football tournament for the first time since the invasion.",
    "The rouble fell against the dollar as Russia's oil revenues shrank.",
    "Russia's parliament passed a law raising taxes on large companies.",
    "Farmers in Russia reported a smaller wheat harvest after a dry summer.",
    "Russia opened a new bridge across the Amur river to China.",
    "Power cuts hit Kharkiv after Russia struck the city's substations.",
    "Russia's space agency announced a delay to its lunar mission.",
    "Elections for regional governors in Russia drew a low turnout.",
    "Russia increased its defence budget by a quarter for next year.",
    "Wildfires in Siberia burned a record area of forest, officials in Russia said.",
    "Russia signed a gas supply deal with Turkey for the coming decade.",
    "A court in Russia sentenced an activist to six years in a penal colony.",
    "Tourism from Russia to the Gulf states grew as European routes stayed closed.",
    "Russia's central bank capped cash withdrawals in foreign currency.",
    "The European Union debated a new package of sanctions against Russia's banks.",
    "Ukraine received air defence systems from its partners before the winter.",
    "Russia held naval exercises in the Baltic Sea with ships from its northern fleet.",
    "Refugees from Ukraine in Poland found work in construction and care.",
    "Russia banned imports of some fruit from Moldova, citing pests.",
]
RELEVANT = (
    "Two journalists detained in Moscow on espionage charges have been held for a year without trial; their "
    "families urge Russia to release them."
)
JOURNALISTS = "The government should press Russia to release the detained journalists and allow consular visits."


def suggested_numbers(recommendation, title=ARTICLE):
    """Paragraph numbers of a source suggested for a recommendation."""
    return set(
        Evidence.objects.filter(
            recommendation=recommendation, state=Evidence.State.SUGGESTED, paragraph__source__title__startswith=title
        ).values_list("paragraph__number", flat=True)
    )


def track(team, text):
    """A recommendation of a report of its own, tracked."""
    source = make_source(team, "Recommendations to the desk", [text])
    paragraph = source.paragraphs.get()
    return create_recommendation(team=team, source=source, paragraph=paragraph, text=text, title=text[:60])


def desk(team, *extra, title="Russia desk"):
    """The desk's paragraphs, with `extra` ones among them, as one source."""
    paragraphs = list(DESK)
    for position, text in enumerate(extra):
        paragraphs.insert(5 + 7 * position, text)
    return make_source(team, title, paragraphs)


def ranked_texts(recommendation, limit=5):
    texts = dict(Paragraph.objects.values_list("pk", "text"))
    return [texts[item.paragraph_id] for item in rank_paragraphs(recommendation, limit=limit)]


def suggested_texts(recommendation):
    return set(
        Evidence.objects.filter(recommendation=recommendation, state=Evidence.State.SUGGESTED).values_list(
            "paragraph__text", flat=True
        )
    )


# Ranking


def test_a_clearly_relevant_passage_among_many_distractors_is_in_the_top_five(team):
    recommendation = track(
        team, "Monitor the ceasefire along the line of contact with an international mission of observers."
    )
    relevant = (
        "An international observer mission could monitor any ceasefire along the contact line, diplomats said, "
        "though Russia rejected observers from NATO members."
    )
    desk(
        team,
        relevant,
        # Distractors that share a word or two: "international", "line", "mission", "contact".
        "An international arbitration court ruled on the line of a disputed gas pipeline.",
        "The space mission lost contact with its lander shortly before touchdown.",
    )

    assert relevant in ranked_texts(recommendation)
    assert ranked_texts(recommendation, limit=1) == [relevant]
    suggest_evidence(team.pk)
    assert relevant in suggested_texts(recommendation)


def test_a_passage_sharing_only_a_frequent_word_is_not_suggested(team):
    recommendation = track(team, JOURNALISTS)
    desk(team, RELEVANT)

    suggest_evidence(team.pk)

    suggested = suggested_texts(recommendation)
    assert RELEVANT in suggested
    # Every other paragraph of the desk shares "Russia" with it, and nothing else.
    assert suggested == {RELEVANT}


def test_a_recommendation_about_a_frequent_word_still_gets_its_relevant_passages(team):
    # "Russia" is in nearly every paragraph: it weighs little, but it is not left out of the ranking.
    recommendation = track(team, "Keep up the sanctions against Russia's banks.")
    desk(team)

    top = rank_paragraphs(recommendation, limit=1)[0]
    assert Paragraph.objects.get(pk=top.paragraph_id).text == DESK[19]
    assert "russia" in top.terms and "sanctions" in top.terms
    suggest_evidence(team.pk)
    assert DESK[19] in suggested_texts(recommendation)


def test_a_long_recommendation_gets_suggestions_too(team):
    # The cut is relative to the best paragraph: however many words a recommendation has, its best matches qualify.
    text = (
        "The government should press Russia, through every channel available to it, bilateral and multilateral, "
        "to release the journalists detained on espionage charges, to grant them consular visits and a fair trial "
        "in the meantime, and to stop the practice of holding foreign reporters as bargaining chips, which "
        "endangers every correspondent who still works in the country and deprives the public of independent news."
    )
    recommendation = track(team, text)
    desk(team, RELEVANT)

    suggest_evidence(team.pk)

    assert RELEVANT in suggested_texts(recommendation)


def test_words_match_whatever_their_form_and_the_same_form_is_not_needed(team):
    # Stemming: "negotiating" meets "negotiations", "sanctioned" meets "sanctions".
    recommendation = track(team, "Keep negotiating over the sanctioned tankers.")
    passage = "Negotiations on the tankers under sanctions stalled in Geneva."
    desk(team, passage)

    assert ranked_texts(recommendation, limit=1) == [passage]


def test_each_suggestion_names_its_best_sentence_and_the_words_that_matched(team):
    recommendation = track(team, JOURNALISTS)
    passage = (
        "Russia's economy slowed in the spring. Two journalists detained in Moscow asked for consular visits. "
        "Markets were calm."
    )
    desk(team, passage)

    suggest_evidence(team.pk)

    evidence = Evidence.objects.get(recommendation=recommendation, paragraph__text=passage)
    before, sentence, after = evidence.matched_sentences
    assert sentence == "Two journalists detained in Moscow asked for consular visits."
    assert before + sentence + after == passage
    terms = evidence.matched_terms.split(", ")
    assert {"journalists", "detained", "consular", "visits", "russia"} == set(terms)
    # The most telling words first: "Russia" is in nearly every paragraph.
    assert terms[-1] == "russia"


def test_the_best_sentence_is_not_cut_at_an_abbreviation(team):
    recommendation = track(team, JOURNALISTS)
    passage = "Markets were calm. U.S. envoys said the detained journalists were denied consular visits."
    desk(team, passage)

    suggest_evidence(team.pk)

    evidence = Evidence.objects.get(recommendation=recommendation, paragraph__text=passage)
    assert evidence.matched_sentences[1] == "U.S. envoys said the detained journalists were denied consular visits."


def test_the_suggestion_panel_marks_the_sentence_and_lists_the_matched_words(team, alice, client_as):
    recommendation = track(team, JOURNALISTS)
    desk(team, RELEVANT)
    suggest_evidence(team.pk)

    from django.urls import reverse

    page = client_as(alice).get(reverse("recommendation_detail", args=[recommendation.pk])).content.decode()

    evidence = Evidence.objects.get(recommendation=recommendation, paragraph__text=RELEVANT)
    assert set(evidence.matched_terms.split(", ")) == {"journalists", "detained", "release", "russia"}
    assert f'<p class="matched">Matched: {evidence.matched_terms}</p>' in page
    assert '<mark><span class="visually-hidden">Best match: </span>Two journalists detained in Moscow' in page


def test_who_is_to_act_and_the_words_of_recommending_do_not_make_a_match(team):
    recommendation = track(
        team, "We call on the Ministry of Defence to ensure that damp and mould in service homes are repaired."
    )
    relevant = "Families reported damp and mould in two thirds of the service homes inspected this winter."
    about_the_actor = "The Ministry of Defence said it would ensure the new call centre opens in spring."
    desk(team, relevant, about_the_actor)

    ranked = ranked_texts(recommendation, limit=50)

    assert ranked[0] == relevant
    assert about_the_actor not in ranked


def test_other_sources_come_before_the_recommendations_own_report(team):
    # A report's own paragraphs are its argument; evidence is what others report about the recommendation.
    report = make_source(
        team,
        "Review of consular protection",
        [
            JOURNALISTS,
            "Consular visits to detained journalists were refused, the review found, and Russia has not replied.",
        ],
    )
    recommendation = create_recommendation(
        team=team, source=report, paragraph=report.paragraphs.get(number=1), text=JOURNALISTS, title="Journalists"
    )
    desk(team, RELEVANT)

    ranked = ranked_texts(recommendation)

    assert ranked[0] == RELEVANT
    assert ranked[1].startswith("Consular visits to detained journalists were refused")


# What is never suggested


def test_suggestions_are_context_with_a_score_and_skip_headings_and_the_recommendations_own_text(
    seeded, brief_recommendations
):
    created = suggest_evidence(seeded.pk)

    suggestions = Evidence.objects.select_related("paragraph", "recommendation")
    assert created == suggestions.count() > 0
    for evidence in suggestions:
        assert evidence.state == Evidence.State.SUGGESTED and evidence.stance == Stance.CONTEXT
        assert evidence.score > 0 and evidence.added_by is None and evidence.matched_terms
        assert evidence.paragraph.kind != Paragraph.Kind.HEADING
        assert evidence.paragraph_id != evidence.recommendation.paragraph_id
        # A recommendation is not evidence for another one.
        assert not evidence.paragraph.recommendations.exists()
    # At most three passages of each source per recommendation.
    for recommendation in brief_recommendations.values():
        for source in Source.objects.all():
            assert len(suggested_numbers(recommendation, source.title)) <= 3


def test_headings_titles_and_the_recommendations_own_paragraph_are_never_ranked(team):
    recommendation = track(team, JOURNALISTS)
    # The same words as a document's title line, as a heading, and as another recommendation's paragraph.
    store_document(team, f"Detained journalists\n\n## Detained journalists in Russia\n\n{RELEVANT}")
    other = track(team, "Russia should release detained journalists at once.")

    ranked = {item.paragraph_id for item in rank_paragraphs(recommendation)}

    texts = set(Paragraph.objects.filter(pk__in=ranked).values_list("text", flat=True))
    assert texts == {RELEVANT}
    assert recommendation.paragraph_id not in ranked and other.paragraph_id not in ranked


def test_a_documents_title_line_is_not_suggested(seeded, brief_recommendations):
    # The brief opens with its title, a question about negotiating a ceasefire: a headline, not evidence.
    suggest_evidence(seeded.pk)

    titles = Paragraph.objects.filter(number=1, source__team=seeded)
    assert titles.count() == 2 and all(p.text == p.source.title for p in titles)
    assert Evidence.objects.exists() and not Evidence.objects.filter(paragraph__in=titles).exists()


def test_a_cables_recommendation_is_not_offered_the_election(seeded):
    recommendation = track(
        seeded, "Governments should share sabotage warnings about undersea cables with grid operators."
    )

    suggest_evidence(seeded.pk)

    suggested = suggested_texts(recommendation)
    assert any("undersea cables" in text for text in suggested)
    assert not any("won the US presidential election" in text for text in suggested)


def test_the_seed_recommendations_get_passages_on_their_subject(seeded, brief_recommendations):
    suggest_evidence(seeded.pk)

    cooperation = " ".join(suggested_texts(brief_recommendations["cooperation"]))
    assert "North Korea" in cooperation and "China" in cooperation
    ceasefire = suggested_texts(brief_recommendations["ceasefire"])
    assert any("ceasefire" in text or "negotiat" in text for text in ceasefire)


# Never twice


def test_running_twice_changes_nothing(seeded):
    first = suggest_evidence(seeded.pk)
    rows = list(Evidence.objects.order_by("pk").values_list("pk", "recommendation", "paragraph", "state", "score"))

    assert suggest_evidence(seeded.pk) == 0
    assert list(Evidence.objects.order_by("pk").values_list("pk", "recommendation", "paragraph", "state", "score")) == (
        rows
    )
    assert first == len(rows)


def test_dismissed_confirmed_and_removed_passages_are_never_suggested_again(seeded, brief_recommendations):
    suggest_evidence(seeded.pk)
    ceasefire = list(Evidence.objects.filter(recommendation=brief_recommendations["ceasefire"]).order_by("pk"))
    dismissed, confirmed, removed = ceasefire[:3]
    for evidence, state in [
        (dismissed, Evidence.State.DISMISSED),
        (confirmed, Evidence.State.CONFIRMED),
        (removed, Evidence.State.REMOVED),
    ]:
        evidence.state = state
        evidence.save()
    before = Evidence.objects.count()

    assert suggest_evidence(seeded.pk) == 0

    assert Evidence.objects.count() == before
    for evidence, state in [
        (dismissed, Evidence.State.DISMISSED),
        (confirmed, Evidence.State.CONFIRMED),
        (removed, Evidence.State.REMOVED),
    ]:
        evidence.refresh_from_db()
        assert evidence.state == state


def test_a_dismissed_passage_does_not_come_back_when_more_documents_arrive(team):
    recommendation = track(team, JOURNALISTS)
    desk(team, RELEVANT)
    suggest_evidence(team.pk)
    evidence = Evidence.objects.get(recommendation=recommendation, paragraph__text=RELEVANT)
    evidence.state = Evidence.State.DISMISSED
    evidence.save()

    desk(team, "Consular visits to the detained journalists were refused again.", title="Later news")
    suggest_evidence(team.pk)

    evidence.refresh_from_db()
    assert evidence.state == Evidence.State.DISMISSED
    assert Evidence.objects.filter(recommendation=recommendation, paragraph__text=RELEVANT).count() == 1


def test_a_suggestion_deleted_outright_may_come_back(seeded, brief_recommendations):
    suggest_evidence(seeded.pk)
    suggestion = Evidence.objects.filter(recommendation=brief_recommendations["cooperation"]).first()
    pair = (suggestion.recommendation_id, suggestion.paragraph_id)
    suggestion.delete()
    suggest_evidence(seeded.pk)
    assert Evidence.objects.filter(recommendation_id=pair[0], paragraph_id=pair[1]).exists()


def test_a_run_narrowed_to_one_source_suggests_what_a_full_run_would(seeded, brief_recommendations):
    article = Source.objects.get(title__startswith=ARTICLE)
    suggest_evidence(seeded.pk, source_ids=[article.pk])
    narrowed = {name: suggested_numbers(recommendation) for name, recommendation in brief_recommendations.items()}
    assert not Evidence.objects.exclude(paragraph__source=article).exists()

    Evidence.objects.all().delete()
    suggest_evidence(seeded.pk)
    assert narrowed == {name: suggested_numbers(rec) for name, rec in brief_recommendations.items()}


def test_closed_recommendations_and_other_teams_are_left_alone(seeded, brief_recommendations, other_team, bob):
    from tracker.recommendations.models import Status
    from tracker.recommendations.services import change_status

    change_status(brief_recommendations["dialogue"].pk, Status.REJECTED, by=bob)
    store_document(other_team, "Other desk\n\nCeasefire negotiations and a truce with North Korea and China.")

    suggest_evidence(seeded.pk)

    assert not Evidence.objects.filter(recommendation=brief_recommendations["dialogue"]).exists()
    assert not Evidence.objects.filter(paragraph__source__team=other_team).exists()


def test_a_team_without_recommendations_gets_nothing(team):
    store_document(team, "Notes\n\nCeasefire talks resumed.")
    assert suggest_evidence(team.pk) == 0


# The full-text indexes


def fts_ids(word):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {fulltext.PARAGRAPH_FTS} WHERE {fulltext.PARAGRAPH_FTS} MATCH %s", [f'"{word}"']
        )
        return {pk for (pk,) in cursor.fetchall()}


@pytest.fixture
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 index")


def test_sqlite_index_follows_paragraphs_as_they_are_added_changed_and_deleted(team, sqlite_only):
    source = store_document(team, "Notes\n\nCeasefire negotiations resumed in Istanbul.").source
    paragraph = source.paragraphs.get(number=2)
    # Stemmed by the porter tokenizer: "negotiating" finds "negotiations".
    assert fts_ids("negotiating") == {paragraph.pk}

    Paragraph.objects.filter(pk=paragraph.pk).update(text="Grain shipments resumed from Odesa.")
    assert fts_ids("negotiating") == set() and fts_ids("shipment") == {paragraph.pk}

    source.delete()
    assert fts_ids("shipment") == set()


def test_sqlite_index_is_repaired_after_a_migration_drops_its_triggers(team, sqlite_only):
    # SQLite rebuilds a table to alter it, dropping its triggers; after migrate they are made again.
    with connection.cursor() as cursor:
        for name in fulltext.TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    paragraph = store_document(team, "Notes\n\nCeasefire negotiations resumed.").source.paragraphs.get(number=2)
    assert fts_ids("ceasefire") == set()

    with connection.cursor() as cursor:
        assert fulltext.repair_sqlite_index(cursor)
        assert not fulltext.repair_sqlite_index(cursor)
    assert fts_ids("ceasefire") == {paragraph.pk}


@pytest.mark.postgres
def test_paragraphs_keep_their_search_vector_indexed_on_postgresql(team):
    # Ranking reads the stored vector instead of parsing every paragraph's text on every run.
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'paragraph_search_vector_idx'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition.lower() and "search_vector" in definition
    source = store_document(team, "Notes\n\nCeasefire negotiations resumed in Istanbul.").source
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM sources_paragraph WHERE source_id = %s AND number = 2", [source.pk]
        )
        (vector,) = cursor.fetchone()
    assert "'ceasefir'" in vector and "'negoti'" in vector


# A new source against every open recommendation


def stored_rows(**scope):
    return set(
        Evidence.objects.filter(**scope).values_list(
            "recommendation", "paragraph", "state", "score", "matched_terms", "sentence_start", "sentence_end"
        )
    )


def test_a_new_source_after_the_earlier_runs_gets_what_a_full_run_would_suggest_from_it(seeded):
    suggest_evidence(seeded.pk)
    for source in Source.objects.filter(team=seeded):
        full = stored_rows(paragraph__source=source)
        Evidence.objects.filter(paragraph__source=source).delete()

        suggest_from_source(seeded.pk, source.pk)

        assert stored_rows(paragraph__source=source) == full


def test_a_new_sources_passage_on_the_subject_is_suggested_and_a_passing_mention_is_not(team):
    recommendation = track(team, JOURNALISTS)
    desk(team, RELEVANT)
    suggest_evidence(team.pk)
    later = desk(team, "Consular visits to the detained journalists were refused again.", title="Later news")

    assert suggest_from_source(team.pk, later.pk) == 1
    assert suggested_texts(recommendation) == {
        RELEVANT,
        "Consular visits to the detained journalists were refused again.",
    }


def test_a_new_source_is_not_suggested_where_a_row_exists_or_twice(seeded, brief_recommendations):
    article = Source.objects.get(title__startswith=ARTICLE)
    suggest_from_source(seeded.pk, article.pk)
    first = Evidence.objects.filter(recommendation=brief_recommendations["ceasefire"]).first()
    first.state = Evidence.State.DISMISSED
    first.save()
    rows = stored_rows()

    assert suggest_from_source(seeded.pk, article.pk) == 0
    assert stored_rows() == rows


def test_a_new_source_reports_progress_and_leaves_closed_recommendations_alone(seeded, brief_recommendations, bob):
    from tracker.recommendations.models import Status
    from tracker.recommendations.services import change_status

    change_status(brief_recommendations["dialogue"].pk, Status.REJECTED, by=bob)
    article = Source.objects.get(title__startswith=ARTICLE)
    calls = []

    suggest_from_source(seeded.pk, article.pk, progress=lambda done, total: calls.append((done, total)))

    assert calls == [(1, 2), (2, 2)]
    assert not Evidence.objects.filter(recommendation=brief_recommendations["dialogue"]).exists()


def test_a_new_sources_passage_goes_to_the_recommendations_it_bears_on_most(team, monkeypatch):
    from tracker.evidence import suggestions

    monkeypatch.setattr(suggestions, "PASSAGE_REACH", 1)
    closest = track(team, JOURNALISTS)
    farther = track(team, "The government should press Russia to allow consular visits to its citizens.")
    later = desk(team, "Consular visits to the detained journalists were refused again.", title="Later news")

    suggest_from_source(team.pk, later.pk)

    passage = "Consular visits to the detained journalists were refused again."
    assert passage in suggested_texts(closest)
    assert passage not in suggested_texts(farther)


def test_a_recommendations_stored_words_follow_its_text_however_it_changed(team):
    from tracker.evidence.models import RecommendationTerms
    from tracker.recommendations.models import Recommendation

    recommendation = track(team, "The ministry should publish the harbour's accounts every year.")
    first = desk(team, "The harbour's accounts were published late again.", title="First news")
    suggest_from_source(team.pk, first.pk)
    assert "harbour" in RecommendationTerms.objects.get(recommendation=recommendation).terms
    # Changed without the services (as a data fix would): the words stored no longer match the text.
    Recommendation.objects.filter(pk=recommendation.pk).update(
        text="The government should press Russia to release the detained journalists."
    )
    later = desk(team, "The detained journalists were refused consular visits.", title="Later news")

    suggest_from_source(team.pk, later.pk)

    assert "The detained journalists were refused consular visits." in suggested_texts(recommendation)
    assert "harbour" not in RecommendationTerms.objects.get(recommendation=recommendation).terms
