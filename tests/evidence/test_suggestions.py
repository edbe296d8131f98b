import pytest
from django.db import connection

from tracker.evidence.models import Evidence, Stance
from tracker.evidence.suggestions import suggest_evidence
from tracker.sources.models import Paragraph, Source
from tracker.sources.services import store_document

ARTICLE = "7 weeks until Trump"


def suggested_numbers(recommendation, title=ARTICLE):
    """Paragraph numbers of a source suggested for a recommendation."""
    return set(
        Evidence.objects.filter(
            recommendation=recommendation, state=Evidence.State.SUGGESTED, paragraph__source__title__startswith=title
        ).values_list("paragraph__number", flat=True)
    )


def article_paragraph(number):
    return Paragraph.objects.get(source__title__startswith=ARTICLE, number=number)


@pytest.mark.postgres
def test_ceasefire_talks_and_a_negotiated_truce_are_suggested_for_the_ceasefire_recommendation(
    seeded, brief_recommendations
):
    suggest_evidence(seeded.pk)

    numbers = suggested_numbers(brief_recommendations["ceasefire"])
    # ¶4: an envoy "with a mandate to negotiate a truce"; ¶20: "peace talks with Russia";
    # ¶18: allies discuss "how to bring about the best result if Trump enforces some kind of negotiation".
    assert {4, 20, 18} == numbers
    assert "negotiate a truce" in article_paragraph(4).text


@pytest.mark.postgres
def test_russias_ties_with_north_korea_and_china_are_suggested_for_the_cooperation_recommendation(
    seeded, brief_recommendations
):
    suggest_evidence(seeded.pk)

    numbers = suggested_numbers(brief_recommendations["cooperation"])
    # ¶14: "reinforcements from North Korea and additional military support from China"; ¶9: troops from North Korea.
    assert {14, 9} <= numbers
    assert "North Korea" in article_paragraph(14).text and "China" in article_paragraph(14).text


@pytest.mark.postgres
def test_full_text_ranking_puts_the_best_match_first(seeded, brief_recommendations):
    suggest_evidence(seeded.pk)
    best = (
        Evidence.objects.filter(
            recommendation=brief_recommendations["cooperation"], paragraph__source__title__startswith=ARTICLE
        )
        .order_by("-score")
        .first()
    )
    assert best.paragraph.number == 14


def test_on_any_database_the_article_is_suggested_for_both_recommendations(seeded, brief_recommendations):
    suggest_evidence(seeded.pk)

    assert 20 in suggested_numbers(brief_recommendations["ceasefire"])
    assert 14 in suggested_numbers(brief_recommendations["cooperation"])


def test_suggestions_are_context_with_a_score_and_skip_headings_and_the_recommendations_own_text(
    seeded, brief_recommendations
):
    created = suggest_evidence(seeded.pk)

    suggestions = Evidence.objects.select_related("paragraph", "recommendation")
    assert created == suggestions.count() > 0
    for evidence in suggestions:
        assert evidence.state == Evidence.State.SUGGESTED and evidence.stance == Stance.CONTEXT
        assert evidence.score > 0 and evidence.added_by is None
        assert evidence.paragraph.kind != Paragraph.Kind.HEADING
        assert evidence.paragraph_id != evidence.recommendation.paragraph_id
        # A recommendation is not evidence for another one.
        assert not evidence.paragraph.recommendations.exists()
    # At most three passages of each source per recommendation.
    for recommendation in brief_recommendations.values():
        for source in Source.objects.all():
            assert len(suggested_numbers(recommendation, source.title)) <= 3


def test_a_documents_title_line_is_not_suggested(seeded, brief_recommendations):
    # The brief opens with its title, a question about negotiating a ceasefire: a headline, not evidence.
    suggest_evidence(seeded.pk)

    titles = Paragraph.objects.filter(number=1, source__team=seeded)
    assert titles.count() == 2 and all(p.text == p.source.title for p in titles)
    assert Evidence.objects.exists() and not Evidence.objects.filter(paragraph__in=titles).exists()


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
