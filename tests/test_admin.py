"""The Django admin: every model listed, searched and opened; its edits keep the product's rules."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tracker.digests.models import DigestDelivery, DigestPreference
from tracker.evidence import services as evidence_services
from tracker.evidence.models import Evidence
from tracker.jobs import queue as job_queue
from tracker.recommendations import comments, services
from tracker.recommendations.models import Recommendation, Status, StatusChange, Theme
from tracker.sources.models import Paragraph, Source

OUR_APPS = {"accounts", "sources", "recommendations", "evidence", "jobs", "digests"}
OUR_MODELS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in OUR_APPS
)


@pytest.fixture
def full(seeded, alice, bob):
    """A team with a row of every kind."""
    rec = Recommendation.objects.filter(team=seeded).order_by("paragraph__number").first()
    services.change_status(rec.pk, Status.IN_PROGRESS, by=bob, note="Started")
    comments.add_comment(rec, author=bob, body="Over to @alice")
    article = Source.objects.get(team=seeded, recommendations__isnull=True)
    evidence_services.add_paragraph_evidence(rec, article.paragraphs.get(number=3), stance="supports", by=bob)
    evidence_services.add_url_evidence(rec, url="https://example.org/a", excerpt="A quote.", stance="context", by=bob)
    job_queue.start_suggestion(team=seeded, user=bob)
    rec.themes.add(Theme.objects.create(team=seeded, name="Security", slug="security"))
    DigestPreference.objects.create(user=bob)
    DigestDelivery.objects.create(user=bob, week="2026-W47", state="sent")
    from tracker.accounts.services import invite

    invite(seeded, "new@example.org", "viewer", by=alice)
    return rec


def test_every_model_of_ours_is_registered():
    registered = {label for label, _ in OUR_MODELS}
    assert registered == OUR_APPS
    names = {name for _, name in OUR_MODELS}
    assert {"team", "membership", "invitation", "source", "paragraph", "recommendation", "statuschange"} <= names
    assert {"theme", "comment", "mention", "evidence", "job", "digestpreference", "digestdelivery"} <= names


@pytest.mark.parametrize("app_label, model_name", OUR_MODELS)
def test_each_list_filters_searches_and_opens_its_rows(
    admin_client, full, app_label, model_name, django_assert_max_num_queries
):
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")
    model_admin = next(a for m, a in admin.site._registry.items() if m._meta.model_name == model_name)
    assert model_admin.list_display != ("__str__",), "a list shows more than each row's name"
    assert model_admin.search_fields, "a list can be searched"
    # However many rows, a list page costs the same few queries.
    with django_assert_max_num_queries(14):
        response = admin_client.get(changelist)
    assert response.status_code == 200
    assert admin_client.get(changelist, {"q": "a"}).status_code == 200
    row = model_admin.model.objects.first()
    assert row is not None
    assert admin_client.get(reverse(f"admin:{app_label}_{model_name}_change", args=[row.pk])).status_code == 200


def test_lists_show_short_passages(admin_client, full):
    evidence = admin_client.get(reverse("admin:evidence_evidence_changelist")).content.decode()
    assert "LONDON — There may be only seven weeks left" in evidence and "A quote." in evidence
    paragraphs = admin_client.get(reverse("admin:sources_paragraph_changelist")).content.decode()
    assert full.text[:60] in paragraphs and full.text not in paragraphs


def test_status_changes_on_the_change_page_go_through_the_service(admin_client, admin_user, full):
    url = reverse("admin:recommendations_recommendation_change", args=[full.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(
        themes=[],
        new_status=Status.IMPLEMENTED,
        status_note="Done in the summit text",
        priority=4,
        **{"status_changes-TOTAL_FORMS": 0, "status_changes-INITIAL_FORMS": 0},
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    full.refresh_from_db()
    assert full.status == Status.IMPLEMENTED and full.priority == 4
    latest = full.status_changes.first()
    assert (latest.from_status, latest.to_status, latest.changed_by, latest.note) == (
        Status.IN_PROGRESS,
        Status.IMPLEMENTED,
        admin_user,
        "Done in the summit text",
    )
    assert not {"team", "source", "paragraph", "text"} & set(form.fields), "what it quotes is not editable"
    # A detail page opened before this edit is now out of date and cannot overwrite it.
    with pytest.raises(services.StaleUpdate):
        services.change_status(full.pk, Status.STALLED, by=admin_user, expected_version=2)


def test_the_status_action_writes_history_and_counts_what_changed(admin_client, full):
    others = Recommendation.objects.exclude(pk=full.pk)
    response = admin_client.post(
        reverse("admin:recommendations_recommendation_changelist"),
        {"action": "mark_in_progress", "_selected_action": [r.pk for r in Recommendation.objects.all()]},
        follow=True,
    )
    assert "2 recommendations set to In progress." in response.content.decode()
    assert all(r.status == Status.IN_PROGRESS for r in others)
    assert StatusChange.objects.filter(note="Changed in the admin").count() == 2


def test_a_recommendation_added_in_the_admin_has_its_creation_in_history(admin_client, admin_user, full):
    article = Source.objects.get(team=full.team, recommendations__isnull=True)
    paragraph = article.paragraphs.get(number=5)
    data = {
        "team": full.team.pk,
        "source": article.pk,
        "paragraph": paragraph.pk,
        "text": paragraph.text,
        "title": "Watch the envoy",
        "actor": "",
        "priority": 2,
        "status_changes-TOTAL_FORMS": 0,
        "status_changes-INITIAL_FORMS": 0,
    }
    response = admin_client.post(reverse("admin:recommendations_recommendation_add"), data)
    assert response.status_code == 302
    added = Recommendation.objects.get(title="Watch the envoy")
    assert list(added.status_changes.values_list("from_status", "to_status", "changed_by")) == [
        ("", Status.NEW, admin_user.pk)
    ]


def test_a_paragraph_of_another_source_is_refused(admin_client, full):
    article = Source.objects.get(team=full.team, recommendations__isnull=True)
    data = {
        "team": full.team.pk,
        "source": full.source.pk,
        "paragraph": article.paragraphs.get(number=5).pk,
        "text": "Text",
        "title": "Mismatched",
        "priority": 2,
        "status_changes-TOTAL_FORMS": 0,
        "status_changes-INITIAL_FORMS": 0,
    }
    response = admin_client.post(reverse("admin:recommendations_recommendation_add"), data)
    assert response.status_code == 200
    assert "This paragraph is not in the chosen source." in response.content.decode()
    assert not Recommendation.objects.filter(title="Mismatched").exists()


def test_history_is_not_written_by_hand(admin_client, full):
    assert admin_client.get(reverse("admin:recommendations_statuschange_add")).status_code == 403
    change = full.status_changes.first()
    response = admin_client.post(
        reverse("admin:recommendations_statuschange_change", args=[change.pk]), {"note": "Rewritten"}
    )
    assert response.status_code == 403
    change.refresh_from_db()
    assert change.note == "Started"


def test_a_source_added_in_the_admin_is_split_and_its_recommendations_created(admin_client, admin_user, team):
    text = "Water brief\n\nRivers cross borders.\n\nRecommendations\n\n- Basin commissions should publish flow data.\n"
    add = reverse("admin:sources_source_add")
    data = {"team": team.pk, "title": "", "text": text, "paragraphs-TOTAL_FORMS": 0, "paragraphs-INITIAL_FORMS": 0}
    assert admin_client.post(add, data).status_code == 302
    source = Source.objects.get()
    assert source.title == "Water brief" and source.created_by == admin_user
    assert source.paragraphs.count() == 4
    assert [r.text for r in source.recommendations.all()] == ["Basin commissions should publish flow data."]
    # The same text again is refused with a reason, and nothing is added.
    response = admin_client.post(add, {**data, "text": text.replace("\n", "\r\n")})
    assert "This document is already stored for the team as “Water brief”." in response.content.decode()
    response = admin_client.post(add, {**data, "text": "Only a heading\n"})
    assert "This document cannot be stored: the document has no paragraphs" in response.content.decode()
    assert Source.objects.count() == 1
    # Its text, which the paragraphs were cut from, is not editable afterwards.
    change = admin_client.get(reverse("admin:sources_source_change", args=[source.pk]))
    assert "text" not in change.context["adminform"].form.fields


def test_paragraphs_are_read_only(admin_client, brief):
    paragraph = brief.paragraphs.first()
    assert admin_client.get(reverse("admin:sources_paragraph_add")).status_code == 403
    admin_client.post(reverse("admin:sources_paragraph_change", args=[paragraph.pk]), {"text": "Edited"})
    paragraph.refresh_from_db()
    assert paragraph.text != "Edited"
    assert Paragraph.objects.filter(source=brief).count() == 16


def test_evidence_from_another_teams_source_is_refused(admin_client, full, other_team):
    from tracker.sources.services import store_document

    elsewhere = store_document(other_team, "Other\n\nA passage of theirs.\n").source
    response = admin_client.post(
        reverse("admin:evidence_evidence_add"),
        {"recommendation": full.pk, "paragraph": elsewhere.paragraphs.last().pk, "stance": "supports"},
    )
    assert "This paragraph is not in a source of the recommendation&#x27;s team." in response.content.decode()
    assert not Evidence.objects.filter(paragraph__source=elsewhere).exists()


def test_the_last_admin_of_a_team_cannot_be_demoted_or_removed_in_the_admin(admin_client, alice, bob):
    mine = alice.memberships.get()
    url = reverse("admin:accounts_membership_change", args=[mine.pk])
    response = admin_client.post(url, {"role": "viewer"})
    assert "alice is the team&#x27;s only admin; make someone else admin first." in response.content.decode()
    mine.refresh_from_db()
    assert mine.role == "admin"
    assert admin_client.get(reverse("admin:accounts_membership_delete", args=[mine.pk])).status_code == 403
    # Once Bob is an admin too, Alice can step down.
    assert (
        admin_client.post(
            reverse("admin:accounts_membership_change", args=[bob.memberships.get().pk]), {"role": "admin"}
        ).status_code
        == 302
    )
    assert admin_client.post(url, {"role": "viewer"}).status_code == 302
    mine.refresh_from_db()
    assert mine.role == "viewer"


def test_invitations_are_sent_from_the_team_page_not_added_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:accounts_invitation_add")).status_code == 403


def test_recommendations_are_found_in_the_admin_by_their_sources_title(admin_client, full):
    changelist = reverse("admin:recommendations_recommendation_changelist")
    source_title = full.source.title
    other = Recommendation.objects.exclude(source=full.source).first()

    page = admin_client.get(changelist, {"q": source_title.split(":")[0]}).content.decode()

    assert full.title in page
    # No sidebar lists every source: a team's thousand documents would be as many links on every page.
    assert "By source" not in page and (other is None or other.title not in page)
