import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tracker.evidence.models import Evidence
from tracker.recommendations import services
from tracker.recommendations.models import Recommendation, Status, StatusChange
from tracker.recommendations.review import store_report

REPORT = "A report\n\nSome context.\n\nRecommendations\n\n- Ministries should act.\n- Parliament should watch.\n"


@pytest.fixture
def rec(brief):
    return brief.recommendations.order_by("paragraph__number").first()


def test_every_status_change_writes_one_history_row(rec, bob):
    services.change_status(rec.pk, Status.UNDER_REVIEW, by=bob, note="Discussed on Monday")
    services.change_status(rec.pk, Status.IN_PROGRESS, by=bob)
    rows = list(rec.status_changes.values_list("from_status", "to_status", "changed_by__username", "note"))
    assert rows == [
        (Status.UNDER_REVIEW, Status.IN_PROGRESS, "bob", ""),
        (Status.NEW, Status.UNDER_REVIEW, "bob", "Discussed on Monday"),
        # Its creation says how it came to be tracked: accepted from its document's review.
        ("", Status.NEW, None, f"Accepted from the review of “{rec.source.title}”."),
    ]
    rec.refresh_from_db()
    assert rec.status == Status.IN_PROGRESS and rec.version == 3


def test_setting_the_same_status_writes_nothing(rec, bob):
    _, change = services.change_status(rec.pk, Status.NEW, by=bob)
    assert change is None
    assert rec.status_changes.count() == 1


def test_status_cannot_be_changed_around_the_service(rec):
    rec = Recommendation.objects.get(pk=rec.pk)
    rec.status = Status.IMPLEMENTED
    with pytest.raises(ValidationError):
        rec.save()
    rec.refresh_from_db()
    assert rec.status == Status.NEW
    assert rec.status_changes.count() == 1


def test_a_change_from_a_stale_page_is_refused_and_writes_nothing(rec, alice, bob):
    services.change_status(rec.pk, Status.STALLED, by=alice, expected_version=1)
    with pytest.raises(services.StaleUpdate) as refused:
        services.change_status(rec.pk, Status.IMPLEMENTED, by=bob, expected_version=1)
    assert "alice" in str(refused.value) and "Stalled" in str(refused.value)
    rec.refresh_from_db()
    assert rec.status == Status.STALLED
    assert not rec.status_changes.filter(changed_by=bob).exists()


def test_an_unknown_status_is_refused(rec, bob):
    with pytest.raises(services.InvalidStatus):
        services.change_status(rec.pk, "done", by=bob)


def test_status_cannot_be_changed_by_a_queryset_update_either(rec):
    with pytest.raises(ValidationError):
        Recommendation.objects.filter(pk=rec.pk).update(status=Status.IMPLEMENTED)
    loaded = Recommendation.objects.get(pk=rec.pk)
    loaded.status = Status.IMPLEMENTED
    with pytest.raises(ValidationError), transaction.atomic():
        Recommendation.objects.bulk_update([loaded], ["status"])
    assert Recommendation.objects.get(pk=rec.pk).status == Status.NEW
    # Other fields still update in bulk.
    assert Recommendation.objects.filter(pk=rec.pk).update(priority=4) == 1


def test_the_database_refuses_an_invalid_status(rec):
    from django.db import connection

    table = Recommendation._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET status = %s WHERE id = %s", ["done", rec.pk])


def test_one_recommendation_per_passage_per_team(rec):
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(
            team=rec.team, source=rec.source, paragraph=rec.paragraph, text=rec.text, title="Again"
        )


def test_the_same_document_is_stored_once_per_team(team, other_team):
    first = store_report(team, REPORT, accept=True)
    again = store_report(team, REPORT.replace("\n", "\r\n") + "\n\n", accept=True)
    assert first.created and not again.created
    assert again.source == first.source
    assert team.sources.count() == 1 and team.recommendations.count() == 2
    # Another team keeps its own copy, with its own items.
    elsewhere = store_report(other_team, REPORT, accept=True)
    assert elsewhere.created and elsewhere.source != first.source


def test_evidence_needs_a_passage(rec):
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(recommendation=rec, url="https://example.org/a", excerpt="")


def test_a_passage_is_linked_once_to_a_recommendation(rec, article):
    paragraph = article.paragraphs.get(number=3)
    Evidence.objects.create(recommendation=rec, paragraph=paragraph, stance="supports")
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(recommendation=rec, paragraph=paragraph, stance="undercuts")


def test_history_rows_always_change_something(rec):
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.create(recommendation=rec, from_status=Status.NEW, to_status=Status.NEW)


def test_the_database_refuses_unknown_states_kinds_and_history_statuses(rec, article):
    evidence = Evidence.objects.create(recommendation=rec, paragraph=article.paragraphs.get(number=3))
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.filter(pk=evidence.pk).update(state="approved")
    with pytest.raises(IntegrityError), transaction.atomic():
        article.paragraphs.filter(number=3).update(kind="poem")
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.create(recommendation=rec, from_status=Status.NEW, to_status="done")
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.create(recommendation=rec, from_status="draft", to_status=Status.NEW)


def test_the_lists_filters_and_default_order_have_indexes(db):
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Recommendation._meta.db_table)
    indexed = {tuple(c["columns"]) for c in constraints.values() if c["index"]}
    assert {("team_id", "status"), ("team_id", "updated_at"), ("due_on",), ("owner_id",), ("source_id",)} <= indexed
