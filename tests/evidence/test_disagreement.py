"""A status that the newest confirmed evidence disagrees with is flagged: on the page, in the list, in the digest."""

import pytest
from django.urls import reverse

from tracker.digests.content import build_digest
from tracker.digests.weeks import Week
from tracker.evidence import services
from tracker.evidence.models import Evidence, Stance
from tracker.recommendations.models import Recommendation, Status
from tracker.recommendations.services import change_status


@pytest.fixture
def item(seeded):
    return Recommendation.objects.filter(team=seeded).order_by("pk").first()


def flagged(item):
    item.refresh_from_db()
    return item.evidence_disagrees


def test_evidence_undercutting_an_item_in_progress_flags_it_until_newer_evidence_supports_it(item, article, bob):
    change_status(item.pk, Status.IN_PROGRESS, by=bob)
    first, second = article.paragraphs.order_by("number")[:2]
    services.add_paragraph_evidence(item, first, stance=Stance.SUPPORTS, by=bob)
    assert not flagged(item)

    undercut, _ = services.add_paragraph_evidence(item, second, stance=Stance.UNDERCUTS, by=bob)
    assert flagged(item)

    services.remove_evidence(undercut.pk, by=bob)
    assert not flagged(item)


def test_a_status_change_can_raise_or_clear_the_flag(item, article, bob):
    services.add_paragraph_evidence(item, article.paragraphs.first(), stance=Stance.SUPPORTS, by=bob)
    assert not flagged(item)
    changed, _ = change_status(item.pk, Status.STALLED, by=bob)
    assert changed.evidence_disagrees and flagged(item)
    change_status(item.pk, Status.IN_PROGRESS, by=bob)
    assert not flagged(item)


def test_a_confirmed_suggestion_counts_and_context_never_disagrees(item, article, bob):
    change_status(item.pk, Status.IMPLEMENTED, by=bob)
    paragraphs = list(article.paragraphs.order_by("number")[:2])
    context, _ = services.add_paragraph_evidence(item, paragraphs[0], stance=Stance.CONTEXT, by=bob)
    assert not flagged(item)
    suggestion = Evidence.objects.create(
        recommendation=item, paragraph=paragraphs[1], state=Evidence.State.SUGGESTED, score=0.5
    )
    services.confirm_suggestion(suggestion.pk, stance=Stance.UNDERCUTS, by=bob)
    assert flagged(item)


def test_the_flag_shows_on_the_page_in_the_list_and_its_filter_and_in_the_owners_digest(
    client, item, article, alice, bob
):
    Recommendation.objects.filter(pk=item.pk).update(owner=alice)
    change_status(item.pk, Status.IN_PROGRESS, by=bob)
    services.add_paragraph_evidence(item, article.paragraphs.first(), stance=Stance.UNDERCUTS, by=bob)
    client.force_login(alice)

    page = client.get(reverse("recommendation_detail", args=[item.pk])).content.decode()
    assert "Check the status:</strong> the newest confirmed evidence undercuts it." in page
    listed = client.get(reverse("recommendation_list"), {"disagrees": "on"}).content.decode()
    assert "1 recommendation matches these filters" in listed and "Evidence disagrees" in listed
    others = client.get(reverse("recommendation_list")).content.decode()
    assert others.count("Evidence disagrees</span>") == 1

    needs = build_digest(alice, Week.current()).needs_you
    assert [(entry.recommendation, entry.reason) for entry in needs.items] == [(item, "Evidence disagrees")]
