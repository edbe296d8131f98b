"""The evidence inbox: every suggestion awaiting review in the user's teams, reviewed without leaving the page."""

import pytest
from django.urls import reverse

from tracker.evidence.models import Evidence, Stance
from tracker.recommendations.models import Recommendation, Status
from tracker.recommendations.services import change_status
from tracker.sources.services import store_document

INBOX = reverse("evidence:inbox")


@pytest.fixture
def suggested(seeded, article, other_team):
    """Suggestions for two of the team's recommendations from the article, and one in another team."""
    first, second = Recommendation.objects.filter(team=seeded).order_by("pk")[:2]
    paragraphs = list(article.paragraphs.order_by("number"))
    rows = {
        "first_rows": [
            Evidence.objects.create(
                recommendation=first, paragraph=p, state=Evidence.State.SUGGESTED, score=0.9 - i / 10
            )
            for i, p in enumerate(paragraphs[:3])
        ],
        "second_rows": [
            Evidence.objects.create(
                recommendation=second, paragraph=paragraphs[5], state=Evidence.State.SUGGESTED, score=0.5
            )
        ],
    }
    return {"first": first, "second": second, **rows}


def act(client, evidence, action, htmx=True):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse("evidence:inbox_act", args=[evidence.pk]), {"action": action, "next": INBOX}, headers=headers
    )


def test_the_inbox_lists_each_recommendation_with_its_passages(client, bob, suggested):
    client.force_login(bob)
    page = client.get(INBOX).content.decode()
    assert "2 recommendations with passages awaiting review" in page
    assert page.count('class="inbox-passage"') == 4
    assert suggested["first"].title in page and suggested["second"].title in page
    assert "Dismiss all 3 from this source" in page


def test_confirming_from_the_inbox_swaps_the_row_and_can_be_undone(client, bob, suggested):
    client.force_login(bob)
    evidence = suggested["first_rows"][0]

    response = act(client, evidence, "undercuts")

    assert "Confirmed as undercuts." in response.content.decode()
    evidence.refresh_from_db()
    assert (evidence.state, evidence.stance, evidence.reviewed_by) == (Evidence.State.CONFIRMED, Stance.UNDERCUTS, bob)

    undone = act(client, evidence, "undo-confirm")
    assert "Confirm as" in undone.content.decode()
    evidence.refresh_from_db()
    assert evidence.state == Evidence.State.SUGGESTED


def test_a_dismissal_is_listed_under_dismissed_and_can_be_restored(client, bob, suggested):
    client.force_login(bob)
    evidence = suggested["second_rows"][0]
    act(client, evidence, "dismiss", htmx=False)
    evidence.refresh_from_db()
    assert evidence.state == Evidence.State.DISMISSED

    dismissed = client.get(INBOX, {"showing": "dismissed"}).content.decode()
    assert "1 recommendation with passages dismissed" in dismissed and "Restore" in dismissed

    act(client, evidence, "undo-dismiss")
    evidence.refresh_from_db()
    assert evidence.state == Evidence.State.SUGGESTED


def test_dismissing_a_whole_source_for_one_recommendation_and_undoing_it(client, bob, suggested, article):
    client.force_login(bob)
    url = reverse("evidence:inbox_dismiss_source")
    data = {"recommendation": suggested["first"].pk, "source": article.pk, "next": INBOX}

    response = client.post(url, data, headers={"HX-Request": "true"})

    assert "Dismissed 3 suggestions from" in response.content.decode()
    assert Evidence.objects.filter(recommendation=suggested["first"], state=Evidence.State.DISMISSED).count() == 3
    assert Evidence.objects.get(pk=suggested["second_rows"][0].pk).state == Evidence.State.SUGGESTED

    undo = [e.pk for e in suggested["first_rows"]]
    client.post(url, {**data, "undo": undo}, headers={"HX-Request": "true"})
    assert Evidence.objects.filter(recommendation=suggested["first"], state=Evidence.State.SUGGESTED).count() == 3


def test_filters_narrow_the_inbox_and_another_teams_choice_is_refused(client, bob, suggested, charlie, other_team):
    outsider = store_document(other_team, "Elsewhere\n\nA paragraph of another team.", title="Elsewhere").source
    client.force_login(bob)
    one = client.get(INBOX, {"recommendation": suggested["second"].pk}).content.decode()
    assert one.count('class="inbox-passage"') == 1
    refused = client.get(INBOX, {"source": outsider.pk}).content.decode()
    assert "Select a valid choice" in refused
    refused = client.get(INBOX, {"recommendation": 10**6}).content.decode()
    assert "not one of your teams" in refused


def test_closed_recommendations_leave_the_inbox(client, bob, suggested):
    change_status(suggested["second"].pk, Status.IMPLEMENTED, by=bob)
    client.force_login(bob)
    assert "1 recommendation with passages awaiting review" in client.get(INBOX).content.decode()


def test_viewers_see_the_inbox_but_cannot_act(client, victor, suggested):
    client.force_login(victor)
    page = client.get(INBOX).content.decode()
    assert "Confirm as" not in page and page.count('class="inbox-passage"') == 4
    assert act(client, suggested["first_rows"][0], "supports").status_code == 403


def test_another_teams_passage_is_not_found_and_a_forged_action_is_refused(client, charlie, bob, suggested):
    client.force_login(charlie)
    assert act(client, suggested["first_rows"][0], "supports").status_code == 404
    client.force_login(bob)
    assert act(client, suggested["first_rows"][0], "approve-everything").status_code == 400
    assert Evidence.objects.get(pk=suggested["first_rows"][0].pk).state == Evidence.State.SUGGESTED
