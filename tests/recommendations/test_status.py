import pytest
from django.urls import reverse

from tracker.recommendations import services
from tracker.recommendations.models import Recommendation, Status, StatusChange, Theme

HTMX = {"HX-Request": "true"}


def status_url(recommendation):
    return reverse("recommendation_status", args=[recommendation.pk])


def edit_url(recommendation):
    return reverse("recommendation_edit", args=[recommendation.pk])


def change(recommendation, status="in_progress", **extra):
    return {"status": status, "note": "", "version": recommendation.version, **extra}


@pytest.mark.parametrize(
    "person, expected, changed",
    [
        ("anonymous", 302, False),
        ("viewer", 403, False),
        ("editor", 302, True),
        ("admin", 302, True),
        ("outsider", 404, False),
    ],
    indirect=["person"],
)
def test_who_may_change_the_status(client_as, person, expected, changed, recommendation):
    response = client_as(person).post(status_url(recommendation), change(recommendation))
    assert response.status_code == expected
    recommendation.refresh_from_db()
    assert (recommendation.status == Status.IN_PROGRESS) is changed
    assert recommendation.status_changes.count() == (2 if changed else 1)


def test_without_javascript_the_change_redirects_with_a_message(client, bob, recommendation):
    client.force_login(bob)
    response = client.post(status_url(recommendation), change(recommendation, note="Desk agreed"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("recommendation_detail", args=[recommendation.pk])
    page = response.content.decode()
    assert "Status changed to “In progress”." in page
    assert 'class="badge status-in_progress"' in page
    assert "Desk agreed" in page


def test_htmx_change_returns_the_badge_and_the_new_history_entry(client, bob, recommendation):
    client.force_login(bob)
    response = client.post(status_url(recommendation), change(recommendation, note="Desk agreed"), headers=HTMX)
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert '<span id="status-badge" class="badge status-in_progress">In progress</span>' in fragment
    assert 'hx-swap-oob="afterbegin:#history-list"' in fragment
    assert "Desk agreed" in fragment
    assert f'name="version" value="{recommendation.version + 1}"' in fragment


def test_a_stale_change_is_refused_and_names_the_current_status(client, alice, bob, recommendation):
    page_version = recommendation.version
    services.change_status(recommendation.pk, Status.STALLED, by=alice, note="Blocked")
    client.force_login(bob)
    response = client.post(status_url(recommendation), {"status": "implemented", "version": page_version}, headers=HTMX)
    fragment = response.content.decode()
    assert (
        "Not saved: this recommendation changed after you opened it. Its status is “Stalled”, set by alice on "
        in fragment
    )
    assert '<option value="stalled" selected>Stalled</option>' in fragment
    assert f'name="version" value="{page_version + 1}"' in fragment
    # The history is brought up to date so that the other person's change is visible.
    assert 'id="history-list" class="timeline" hx-swap-oob="true"' in fragment and "Blocked" in fragment
    recommendation.refresh_from_db()
    assert recommendation.status == Status.STALLED
    assert not StatusChange.objects.filter(to_status=Status.IMPLEMENTED).exists()


def test_a_stale_change_without_javascript_redirects_with_the_refusal(client, alice, bob, recommendation):
    page_version = recommendation.version
    services.change_status(recommendation.pk, Status.STALLED, by=alice)
    client.force_login(bob)
    response = client.post(status_url(recommendation), {"status": "implemented", "version": page_version}, follow=True)
    assert "Its status is “Stalled”, set by alice" in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.status == Status.STALLED


@pytest.mark.parametrize(
    "data", [{"status": "done"}, {"status": "stalled", "version": "x"}, {"status": "stalled", "version": ""}]
)
def test_a_forged_status_form_shows_the_error_by_the_field(client, bob, recommendation, data):
    client.force_login(bob)
    response = client.post(status_url(recommendation), {"version": recommendation.version, **data}, headers=HTMX)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert Recommendation.objects.get(pk=recommendation.pk).version == recommendation.version


def details(recommendation, **extra):
    return {
        "priority": 3,
        "owner": "",
        "due_on": "2027-01-15",
        "actor": "The Cabinet Office",
        "version": recommendation.version,
        **extra,
    }


@pytest.mark.parametrize(
    "person, expected",
    [("anonymous", 302), ("viewer", 403), ("editor", 302), ("admin", 302), ("outsider", 404)],
    indirect=["person"],
)
def test_who_may_edit_details(client_as, person, expected, recommendation):
    response = client_as(person).post(edit_url(recommendation), details(recommendation))
    assert response.status_code == expected
    recommendation.refresh_from_db()
    assert (recommendation.actor == "The Cabinet Office") is (expected == 302 and person is not None)


def test_htmx_details_edit_saves_and_tells_the_page(client, bob, victor, recommendation, team):
    theme = Theme.objects.create(team=team, name="Security", slug="security")
    client.force_login(bob)
    response = client.post(
        edit_url(recommendation), details(recommendation, owner=victor.pk, themes=[theme.pk]), headers=HTMX
    )
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section id="details"')
    assert "Details saved." in fragment and "Victor" in fragment and "15 January 2027" in fragment
    recommendation.refresh_from_db()
    assert (recommendation.owner, recommendation.priority, list(recommendation.themes.all())) == (victor, 3, [theme])
    assert recommendation.version == 2


def test_details_reject_an_owner_or_theme_from_another_team(client, bob, charlie, recommendation, other_team):
    theme = Theme.objects.create(team=other_team, name="Trade", slug="trade")
    client.force_login(bob)
    response = client.post(edit_url(recommendation), details(recommendation, owner=charlie.pk, themes=[theme.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="errorlist') == 2
    recommendation.refresh_from_db()
    assert recommendation.owner is None and recommendation.actor != "The Cabinet Office"


def test_stale_details_are_refused_and_the_current_values_shown(client, alice, bob, recommendation):
    page_version = recommendation.version
    services.change_status(recommendation.pk, Status.UNDER_REVIEW, by=alice)
    client.force_login(bob)
    response = client.post(edit_url(recommendation), details(recommendation, version=page_version), headers=HTMX)
    fragment = response.content.decode()
    assert "Not saved: this recommendation changed after you opened it" in fragment
    assert f'name="version" value="{page_version + 1}"' in fragment
    recommendation.refresh_from_db()
    assert recommendation.actor != "The Cabinet Office" and recommendation.due_on is None


def test_choosing_the_current_status_changes_nothing_and_says_so(client, bob, recommendation):
    client.force_login(bob)
    response = client.post(status_url(recommendation), change(recommendation, status="new"), follow=True)
    assert "Nothing changed: the status is already “New”." in response.content.decode()
    fragment = client.post(status_url(recommendation), change(recommendation, status="new"), headers=HTMX)
    assert "Nothing changed: the status is already “New”." in fragment.content.decode()
    assert Recommendation.objects.get(pk=recommendation.pk).version == recommendation.version
    assert recommendation.status_changes.count() == 1


def test_a_status_change_after_someone_elses_details_edit_does_not_blame_the_status_setter(
    client, alice, bob, recommendation
):
    services.change_status(recommendation.pk, Status.UNDER_REVIEW, by=bob)
    recommendation.refresh_from_db()
    page_version = recommendation.version
    services.update_details(
        recommendation.pk, expected_version=page_version, owner=alice, priority=4, due_on=None, actor="", themes=[]
    )
    client.force_login(bob)
    response = client.post(status_url(recommendation), {"status": "implemented", "version": page_version}, headers=HTMX)
    fragment = response.content.decode()
    # Bob set the status himself; what changed in between was Alice's details edit.
    assert (
        "Not saved: this recommendation changed after you opened it. Its status is “Under review”, set by bob"
        in fragment
    )
    assert "bob changed this item" not in fragment
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.priority) == (Status.UNDER_REVIEW, 4)
