import pytest
from django.urls import reverse

from tracker.accounts import services
from tracker.accounts.models import Invitation, Membership

WHO = ["anonymous", "viewer", "editor", "admin", "other"]


def membership(user, team):
    return Membership.objects.get(user=user, team=team)


@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", 302), ("viewer", 200), ("editor", 200), ("admin", 200), ("other", 200)],
)
def test_team_list_permissions(client_as, who, expected):
    response = client_as(who).get(reverse("team_list"))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))


def test_team_list_shows_only_my_teams_with_my_role(client, alice, charlie, team, other_team):
    client.force_login(alice)
    page = client.get(reverse("team_list")).content.decode()
    assert "Europe desk" in page
    assert "Asia desk" not in page
    assert "Admin" in page


@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", 302), ("viewer", 200), ("editor", 200), ("admin", 200), ("other", 404)],
)
def test_team_page_permissions(client_as, team, who, expected):
    assert client_as(who).get(reverse("team_detail", args=[team.pk])).status_code == expected


def _invite(team, people):
    return reverse("team_invite", args=[team.pk]), {"email": "new@example.org", "role": "editor"}


def _change_role(team, people):
    target = membership(people["editor"], team)
    return reverse("team_change_role", args=[team.pk, target.pk]), {"role": "viewer"}


def _remove(team, people):
    target = membership(people["viewer"], team)
    return reverse("team_remove_member", args=[team.pk, target.pk]), {}


def _revoke(team, people):
    invitation, _ = services.invite(team, "pending@example.org", "viewer", by=people["admin"])
    return reverse("team_revoke_invitation", args=[team.pk, invitation.pk]), {}


def _state(team):
    """Everything the team's admin actions could change."""
    return (
        sorted(team.memberships.values_list("user__username", "role")),
        sorted(Invitation.objects.filter(team=team).values_list("email", "revoked_at")),
    )


@pytest.mark.parametrize("action", [_invite, _change_role, _remove, _revoke], ids=lambda f: f.__name__[1:])
@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", 302), ("viewer", 403), ("editor", 403), ("admin", 302), ("other", 404)],
)
def test_admin_actions_permissions(client_as, people, team, action, who, expected):
    url, data = action(team, people)
    before = _state(team)
    response = client_as(who).post(url, data)
    assert response.status_code == expected
    if who == "admin":
        assert response["Location"] == reverse("team_detail", args=[team.pk])
        assert _state(team) != before
    else:
        # Refused requests change nothing, whatever the buttons on the page showed.
        assert _state(team) == before
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url_name", ["team_invite", "team_change_role", "team_remove_member"])
def test_admin_actions_refuse_get(client, alice, team, url_name):
    client.force_login(alice)
    args = [team.pk] if url_name == "team_invite" else [team.pk, membership(alice, team).pk]
    assert client.get(reverse(url_name, args=args)).status_code == 405


def test_admin_of_another_team_cannot_touch_members_through_their_own_team_url(client, charlie, bob, team, other_team):
    client.force_login(charlie)
    url = reverse("team_change_role", args=[other_team.pk, membership(bob, team).pk])
    response = client.post(url, {"role": "viewer"}, follow=True)
    assert "not a member of this team" in response.content.decode()
    assert membership(bob, team).role == "editor"


def test_viewer_sees_members_read_only(client, victor, alice, bob, team):
    client.force_login(victor)
    page = client.get(reverse("team_detail", args=[team.pk])).content.decode()
    for name in ("Alice", "Bob", "Victor"):
        assert name in page
    assert "Editor" in page
    assert 'name="role"' not in page
    assert "Invite someone" not in page
    assert "Remove" not in page


def test_admin_sees_controls_and_pending_invitations(client, alice, bob, team):
    services.invite(team, "pending@example.org", "editor", by=alice)
    client.force_login(alice)
    page = client.get(reverse("team_detail", args=[team.pk])).content.decode()
    assert 'name="role"' in page
    assert "Invite someone" in page
    assert "pending@example.org" in page


def test_admin_changes_a_role(client, alice, bob, team):
    client.force_login(alice)
    url = reverse("team_change_role", args=[team.pk, membership(bob, team).pk])
    response = client.post(url, {"role": "admin"}, follow=True)
    assert "bob is now admin" in response.content.decode()
    assert membership(bob, team).role == "admin"


def test_forged_role_is_refused(client, alice, bob, team):
    client.force_login(alice)
    url = reverse("team_change_role", args=[team.pk, membership(bob, team).pk])
    response = client.post(url, {"role": "owner"}, follow=True)
    assert "Choose a role" in response.content.decode()
    assert membership(bob, team).role == "editor"


def test_last_admin_cannot_step_down_or_be_removed(client, alice, bob, team):
    client.force_login(alice)
    own = membership(alice, team)
    response = client.post(reverse("team_change_role", args=[team.pk, own.pk]), {"role": "editor"}, follow=True)
    assert "only admin" in response.content.decode()
    response = client.post(reverse("team_remove_member", args=[team.pk, own.pk]), follow=True)
    assert "only admin" in response.content.decode()
    assert membership(alice, team).role == "admin"


def test_with_a_second_admin_the_first_may_step_down(client, alice, bob, team):
    services.change_role(team, membership(bob, team).pk, "admin")
    client.force_login(alice)
    client.post(reverse("team_change_role", args=[team.pk, membership(alice, team).pk]), {"role": "viewer"})
    assert membership(alice, team).role == "viewer"
    # Now a viewer, Alice can no longer manage members.
    url = reverse("team_change_role", args=[team.pk, membership(bob, team).pk])
    assert client.post(url, {"role": "viewer"}).status_code == 403


def test_admin_removes_a_member_who_then_loses_access(client, alice, victor, team, brief):
    client.force_login(alice)
    response = client.post(reverse("team_remove_member", args=[team.pk, membership(victor, team).pk]), follow=True)
    assert "victor was removed" in response.content.decode()
    client.force_login(victor)
    assert client.get(reverse("team_detail", args=[team.pk])).status_code == 404
    assert client.get(reverse("sources:detail", args=[brief.pk])).status_code == 404


def test_invite_form_shows_errors_next_to_the_field(client, alice, bob, team):
    client.force_login(alice)
    url = reverse("team_invite", args=[team.pk])
    response = client.post(url, {"email": "not-an-address", "role": "viewer"})
    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()
    response = client.post(url, {"email": "bob@example.org", "role": "viewer"})
    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    assert not Invitation.objects.exists()


def test_team_page_queries_do_not_grow_with_members(client, alice, team, django_assert_max_num_queries):
    from tests.conftest import make_user

    for n in range(15):
        Membership.objects.create(team=team, user=make_user(f"member{n}"), role="viewer")
        services.invite(team, f"invitee{n}@example.org", "viewer", by=alice)
    client.force_login(alice)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("team_detail", args=[team.pk]))
    assert response.content.decode().count('name="role"') == 16 + 1  # members' selects and the invite form's


def test_nav_links_to_the_team_page(client, alice):
    client.force_login(alice)
    page = client.get(reverse("team_list")).content.decode()
    assert f'href="{reverse("team_list")}"' in page


def test_a_large_team_lists_its_members_a_page_at_a_time(client, alice, team):
    from tests.conftest import make_user
    from tracker.accounts.views import MEMBERS_PER_PAGE

    for n in range(MEMBERS_PER_PAGE + 5):
        Membership.objects.create(team=team, user=make_user(f"member{n:03d}"), role=Membership.Role.VIEWER)
    client.force_login(alice)
    url = reverse("team_detail", args=[team.pk])
    first = client.get(url).content.decode()
    assert f"{MEMBERS_PER_PAGE + 6} members · page 1 of 2" in first
    assert first.count('<select name="role" id="role-') == MEMBERS_PER_PAGE
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count('<select name="role" id="role-') == 6 and "member104" in second
