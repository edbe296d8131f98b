import pytest
from django.urls import reverse

from tracker.evidence.models import Evidence, Stance
from tracker.recommendations.models import Recommendation
from tracker.sources.services import store_document

HTMX = {"HX-Request": "true"}
ADD = "/evidence/add/"


def paragraph_form(recommendation, paragraph, **extra):
    return {"recommendation": recommendation.pk, "paragraph": paragraph.pk, "stance": "supports", "note": "", **extra}


@pytest.fixture
def paragraph(article):
    return article.paragraphs.get(number=5)


@pytest.fixture
def foreign_paragraph(other_team):
    """A paragraph of a source stored by another team."""
    source = store_document(other_team, "Another desk's note\n\nA paragraph only the Asia desk holds.\n").source
    return source.paragraphs.last()


def test_add_url_is_the_one_the_source_page_posts_to():
    assert reverse("evidence:add") == ADD


@pytest.mark.parametrize(
    "person, expected",
    [("anonymous", 302), ("viewer", 403), ("editor", 302), ("admin", 302), ("outsider", 404)],
    indirect=["person"],
)
def test_who_may_add_evidence(client_as, person, expected, recommendation, paragraph):
    response = client_as(person).post(ADD, paragraph_form(recommendation, paragraph))
    assert response.status_code == expected
    assert Evidence.objects.exists() is (expected == 302 and person is not None)


def test_add_from_a_paragraph_redirects_to_the_evidence(client, bob, recommendation, paragraph):
    client.force_login(bob)
    response = client.post(ADD, paragraph_form(recommendation, paragraph, note="Shows the trend"))
    assert response.url == reverse("recommendation_detail", args=[recommendation.pk]) + "#evidence"
    evidence = Evidence.objects.get()
    assert (evidence.paragraph, evidence.stance, evidence.note, evidence.added_by) == (
        paragraph,
        Stance.SUPPORTS,
        "Shows the trend",
        bob,
    )
    assert evidence.state == Evidence.State.CONFIRMED


def test_add_goes_back_to_a_safe_next_page_only(client, bob, recommendation, article):
    client.force_login(bob)
    back = f"/sources/{article.pk}/#p5"
    first, second = article.paragraphs.all()[:2]
    assert client.post(ADD, paragraph_form(recommendation, first, next=back)).url == back
    response = client.post(ADD, paragraph_form(recommendation, second, next="https://evil.example/"))
    assert response.url.startswith(reverse("recommendation_detail", args=[recommendation.pk]))


def test_htmx_add_returns_the_evidence_panel_with_the_passage(client, bob, recommendation, paragraph):
    client.force_login(bob)
    response = client.post(ADD, paragraph_form(recommendation, paragraph, stance="undercuts"), headers=HTMX)
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section id="evidence"')
    undercuts = fragment.split('id="stance-undercuts"')[1].split("</section>")[0]
    assert f"paragraph {paragraph.number}</a>" in undercuts
    assert f"Paragraph {paragraph.number} linked as evidence" in fragment


def test_a_paragraph_of_another_teams_source_is_not_found(client, bob, recommendation, foreign_paragraph):
    client.force_login(bob)
    response = client.post(ADD, paragraph_form(recommendation, foreign_paragraph))
    assert response.status_code == 404
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    "forged", [{"recommendation": ""}, {"recommendation": "abc"}, {"recommendation": "-4"}, {"paragraph": "p5"}]
)
def test_a_forged_id_is_a_bad_request(client, bob, recommendation, paragraph, forged):
    client.force_login(bob)
    response = client.post(ADD, {**paragraph_form(recommendation, paragraph), **forged})
    assert response.status_code == 400
    assert "Which recommendation, which paragraph?" in response.content.decode()
    assert not Evidence.objects.exists()


def test_an_unknown_paragraph_or_recommendation_is_not_found(client, bob, recommendation, paragraph):
    client.force_login(bob)
    form = paragraph_form(recommendation, paragraph)
    assert client.post(ADD, {**form, "paragraph": 10**6}).status_code == 404
    assert client.post(ADD, {**form, "recommendation": 10**6}).status_code == 404
    assert not Evidence.objects.exists()


def test_a_paragraph_already_linked_is_not_added_twice(client, bob, recommendation, paragraph):
    client.force_login(bob)
    client.post(ADD, paragraph_form(recommendation, paragraph))
    response = client.post(ADD, paragraph_form(recommendation, paragraph, stance="context"), follow=True)
    assert "This passage is already evidence (supports) for this recommendation" in response.content.decode()
    assert Evidence.objects.get().stance == Stance.SUPPORTS


@pytest.mark.parametrize("state", [Evidence.State.DISMISSED, Evidence.State.REMOVED, Evidence.State.SUGGESTED])
def test_adding_a_dismissed_or_removed_paragraph_confirms_it(client, bob, recommendation, paragraph, state):
    Evidence.objects.create(recommendation=recommendation, paragraph=paragraph, state=state, score=0.3)
    client.force_login(bob)
    client.post(ADD, paragraph_form(recommendation, paragraph, stance="undercuts"))
    evidence = Evidence.objects.get()
    assert (evidence.state, evidence.stance, evidence.reviewed_by) == (Evidence.State.CONFIRMED, "undercuts", bob)


def test_add_from_a_web_page_with_a_verbatim_excerpt(client, bob, recommendation):
    client.force_login(bob)
    data = {"recommendation": recommendation.pk, "url": "https://example.org/report", "excerpt": " Quoted. "}
    client.post(ADD, {**data, "stance": "context"})
    evidence = Evidence.objects.get()
    assert (evidence.url, evidence.excerpt, evidence.paragraph) == ("https://example.org/report", "Quoted.", None)
    response = client.post(ADD, {**data, "stance": "context"}, follow=True)
    assert "already evidence" in response.content.decode()
    assert Evidence.objects.count() == 1


@pytest.mark.parametrize(
    "data, field",
    [
        ({"url": "https://example.org/x", "excerpt": ""}, "excerpt"),
        ({"url": "", "excerpt": "Something"}, "url"),
        ({"url": "javascript:alert(1)", "excerpt": "Something"}, "url"),
        ({"url": "https://example.org/x", "excerpt": "Something", "stance": "agrees"}, "stance"),
    ],
)
def test_web_page_evidence_errors_show_by_the_field(client, bob, recommendation, data, field):
    client.force_login(bob)
    for headers in ({}, HTMX):
        response = client.post(ADD, {"recommendation": recommendation.pk, "stance": "context", **data}, headers=headers)
        page = response.content.decode()
        assert response.status_code == 200
        assert f'id="evidence-{field}_error"' in page
        assert ("<html" in page) is not bool(headers)
    assert not Evidence.objects.exists()


def test_adding_evidence_counts_as_activity(client, bob, recommendation, paragraph):
    Recommendation.objects.filter(pk=recommendation.pk).update(stale_since="2026-01-01T00:00:00Z")
    client.force_login(bob)
    client.post(ADD, paragraph_form(recommendation, paragraph))
    recommendation.refresh_from_db()
    assert recommendation.stale_since is None


@pytest.fixture
def suggestion(recommendation, article):
    return Evidence.objects.create(
        recommendation=recommendation, paragraph=article.paragraphs.get(number=7), state="suggested", score=0.8
    )


@pytest.fixture
def confirmed(recommendation, article, bob):
    return Evidence.objects.create(
        recommendation=recommendation, paragraph=article.paragraphs.get(number=9), stance="undercuts", added_by=bob
    )


def url(name, evidence):
    return reverse(f"evidence:{name}", args=[evidence.pk])


ROLES = [("anonymous", 302), ("viewer", 403), ("editor", 302), ("admin", 302), ("outsider", 404)]


@pytest.mark.parametrize("person, expected", ROLES, indirect=["person"])
def test_who_may_confirm_a_suggestion(client_as, person, expected, suggestion):
    response = client_as(person).post(url("confirm", suggestion), {"stance": "undercuts"})
    assert response.status_code == expected
    suggestion.refresh_from_db()
    done = expected == 302 and person is not None
    assert (suggestion.state, suggestion.stance) == (("confirmed", "undercuts") if done else ("suggested", "context"))


@pytest.mark.parametrize("person, expected", ROLES, indirect=["person"])
def test_who_may_dismiss_a_suggestion(client_as, person, expected, suggestion):
    response = client_as(person).post(url("dismiss", suggestion))
    assert response.status_code == expected
    suggestion.refresh_from_db()
    assert (suggestion.state == "dismissed") is (expected == 302 and person is not None)


@pytest.mark.parametrize("person, expected", ROLES, indirect=["person"])
def test_who_may_remove_and_restore_evidence(client_as, person, expected, confirmed):
    client = client_as(person)
    assert client.post(url("remove", confirmed)).status_code == expected
    confirmed.refresh_from_db()
    allowed = expected == 302 and person is not None
    assert confirmed.state == ("removed" if allowed else "confirmed")
    Evidence.objects.filter(pk=confirmed.pk).update(state="removed")
    assert client.post(url("restore", confirmed)).status_code == expected
    confirmed.refresh_from_db()
    assert confirmed.state == ("confirmed" if allowed else "removed")


def test_htmx_remove_offers_an_undo_that_restores(client, bob, confirmed):
    client.force_login(bob)
    fragment = client.post(url("remove", confirmed), headers=HTMX).content.decode()
    assert "Evidence removed." in fragment
    assert f'hx-post="{url("restore", confirmed)}"' in fragment
    undercuts = fragment.split('id="stance-undercuts"')[1].split("</section>")[0]
    assert "None yet." in undercuts
    fragment = client.post(url("restore", confirmed), headers=HTMX).content.decode()
    undercuts = fragment.split('id="stance-undercuts"')[1].split("</section>")[0]
    assert "paragraph 9</a>" in undercuts
    assert Evidence.objects.get(pk=confirmed.pk).state == "confirmed"


def test_without_javascript_removed_evidence_can_be_restored_from_the_page(client, bob, confirmed):
    client.force_login(bob)
    response = client.post(url("remove", confirmed), follow=True)
    page = response.content.decode()
    assert "you can restore it under “Removed evidence”" in page
    removed = page.split("Removed evidence (1)")[1].split("</details>")[0]
    assert f'action="{url("restore", confirmed)}"' in removed


def test_reviewing_twice_changes_nothing_and_says_why(client, bob, suggestion):
    client.force_login(bob)
    client.post(url("dismiss", suggestion))
    response = client.post(url("confirm", suggestion), {"stance": "supports"}, follow=True)
    assert "This evidence is dismissed now; nothing was changed." in response.content.decode()
    assert Evidence.objects.get(pk=suggestion.pk).state == "dismissed"


def test_confirming_with_a_forged_stance_is_a_bad_request(client, bob, suggestion):
    client.force_login(bob)
    response = client.post(url("confirm", suggestion), {"stance": "agrees"})
    assert response.status_code == 400
    assert "Choose a stance" in response.content.decode()
    assert Evidence.objects.get(pk=suggestion.pk).state == "suggested"


def test_unknown_evidence_is_not_found(client, bob, suggestion):
    client.force_login(bob)
    assert client.post(reverse("evidence:dismiss", args=[suggestion.pk + 100])).status_code == 404


def test_review_counts_as_activity(client, bob, recommendation, suggestion):
    Recommendation.objects.filter(pk=recommendation.pk).update(stale_since="2026-01-01T00:00:00Z")
    client.force_login(bob)
    client.post(url("confirm", suggestion), {"stance": "supports"})
    recommendation.refresh_from_db()
    assert recommendation.stale_since is None
