import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.urls import reverse

from tracker.accounts import services
from tracker.accounts.models import Invitation, Membership

NEW_PASSWORD = "correct-horse-battery"


@pytest.fixture
def invited(settings, team, alice, django_capture_on_commit_callbacks):
    """Alice invites dana@example.org as an editor through the team page; returns the link's path."""
    from django.test import Client

    admin = Client()
    admin.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("team_invite", args=[team.pk]), {"email": "dana@example.org", "role": "editor"})
    assert response.status_code == 302
    (message,) = mail.outbox
    url = re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)
    assert url.startswith(settings.SITE_URL)
    return url.removeprefix(settings.SITE_URL)


def accept_form(**extra):
    return {"username": "dana", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, **extra}


def users():
    return sorted(get_user_model().objects.values_list("username", flat=True))


def test_invitation_email_has_an_absolute_link_subject_text_and_html(settings, team, alice, invited):
    (message,) = mail.outbox
    assert message.to == ["dana@example.org"]
    assert message.subject == "Alice invited you to Europe desk on Tracker"
    assert "as editor" in message.body
    assert f"{settings.SITE_URL}{invited}" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{settings.SITE_URL}{invited}"' in html
    # The link's key is signed, and the database keeps only a hash of it.
    token = invited.rstrip("/").rsplit("/", 1)[1]
    key = token.split(":")[0]
    assert len(token.split(":")) == 3
    assert not Invitation.objects.filter(token_hash__contains=key).exists()
    assert Invitation.objects.get().invited_by == alice


def test_new_person_sets_a_password_and_joins_with_the_chosen_role(client, team, invited):
    page = client.get(invited)
    assert page.status_code == 200
    assert "as <strong>editor</strong>" in page.content.decode()
    response = client.post(invited, accept_form())
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    dana = get_user_model().objects.get(username="dana")
    assert dana.email == "dana@example.org"
    assert dana.check_password(NEW_PASSWORD)
    assert Membership.objects.get(user=dana).role == "editor"
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == dana and invitation.accepted_at is not None
    # Logged in straight away.
    assert client.get(reverse("team_detail", args=[team.pk])).status_code == 200


def test_invitation_link_works_once(client, team, invited):
    client.post(invited, accept_form())
    client.logout()
    again = client.get(invited)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    before = users()
    assert client.post(invited, accept_form(username="dana2")).status_code == 410
    assert users() == before


def test_expired_invitation_creates_nothing(client, team, invited):
    Invitation.objects.update(created_at=Invitation.objects.get().created_at - timedelta(days=8))
    before = users()
    page = client.get(invited)
    assert page.status_code == 410
    assert "expired" in page.content.decode()
    assert client.post(invited, accept_form()).status_code == 410
    assert users() == before
    assert not Membership.objects.filter(user__username="dana").exists()


def test_invitation_still_valid_on_its_last_day(client, team, invited):
    Invitation.objects.update(created_at=Invitation.objects.get().created_at - timedelta(days=6, hours=23))
    assert client.get(invited).status_code == 200


@pytest.mark.parametrize("tamper", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: t[:10], lambda t: "x"])
def test_tampered_link_is_refused_and_creates_nothing(client, team, invited, tamper):
    token = invited.rstrip("/").rsplit("/", 1)[1]
    forged = reverse("accept_invitation", args=[tamper(token)])
    page = client.get(forged)
    assert page.status_code == 404
    assert "not valid" in page.content.decode()
    before = users()
    assert client.post(forged, accept_form()).status_code == 404
    assert users() == before
    assert Invitation.objects.get().accepted_at is None


def test_link_signed_with_another_key_is_refused(client, team, invited):
    key = invited.rstrip("/").rsplit("/", 1)[1].split(":")[0]
    signer = signing.TimestampSigner(key="not-the-server-key", salt=services.INVITATION_SALT)
    forged = reverse("accept_invitation", args=[signer.sign(key)])
    assert client.get(forged).status_code == 404
    assert client.post(forged, accept_form()).status_code == 404
    assert "dana" not in users()


def test_validly_signed_but_unknown_key_is_refused(client, team, invited):
    forged = reverse("accept_invitation", args=[signing.TimestampSigner(salt=services.INVITATION_SALT).sign("made-up")])
    assert "not valid" in client.get(forged).content.decode()
    assert client.post(forged, accept_form()).status_code == 404
    assert "dana" not in users()


def test_revoked_invitation_no_longer_works(client, alice, team, invited):
    client.force_login(alice)
    client.post(reverse("team_revoke_invitation", args=[team.pk, Invitation.objects.get().pk]))
    client.logout()
    page = client.get(invited)
    assert page.status_code == 410
    assert "withdrawn" in page.content.decode()


def test_inviting_again_replaces_the_earlier_link(client, alice, team, invited):
    services.invite(team, "Dana@Example.org", "viewer", by=alice)
    assert client.get(invited).status_code == 410
    assert Invitation.objects.pending().get().role == "viewer"


def test_forged_fields_on_acceptance_cannot_raise_the_role_or_change_team(client, team, other_team, invited):
    client.post(invited, accept_form(role="admin", team=other_team.pk, email="someone@else.org"))
    dana = get_user_model().objects.get(username="dana")
    assert dana.email == "dana@example.org"
    assert list(Membership.objects.filter(user=dana).values_list("team", "role")) == [(team.pk, "editor")]


@pytest.mark.parametrize("who, expected", [("editor", 403), ("viewer", 403), ("other", 404)])
def test_non_admin_cannot_invite_even_with_a_forged_form(client_as, team, who, expected):
    response = client_as(who).post(reverse("team_invite", args=[team.pk]), {"email": "x@example.org", "role": "admin"})
    assert response.status_code == expected
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_admin_cannot_invite_with_a_role_that_does_not_exist(client, alice, team):
    client.force_login(alice)
    response = client.post(reverse("team_invite", args=[team.pk]), {"email": "x@example.org", "role": "superuser"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.exists()


def test_form_errors_show_and_nothing_is_created(client, team, invited):
    response = client.post(invited, accept_form(password2="something-else"))
    assert response.status_code == 400
    assert "The two passwords differ" in response.content.decode()
    response = client.post(invited, accept_form(password1="123", password2="123"))
    assert "too short" in response.content.decode()
    assert "dana" not in users()
    assert Invitation.objects.get().accepted_at is None


def test_taken_username_is_refused(client, team, bob, invited):
    response = client.post(invited, accept_form(username="Bob"))
    assert response.status_code == 400
    assert response.context["form"].errors["username"] == ["This username is taken; choose another."]
    assert 'aria-describedby="id_username_helptext id_username_error"' in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


def test_existing_account_logged_in_just_joins(client, alice, other_team, charlie):
    # Charlie, admin elsewhere, is invited to Alice's team as a viewer.
    team = alice.memberships.get().team
    _, token = services.invite(team, "charlie@example.org", "viewer", by=alice)
    url = reverse("accept_invitation", args=[token])
    client.force_login(charlie)
    page = client.get(url).content.decode()
    assert "Join Europe desk" in page
    assert 'name="password1"' not in page
    response = client.post(url)
    assert response["Location"] == reverse("dashboard")
    assert Membership.objects.get(user=charlie, team=team).role == "viewer"
    assert Membership.objects.get(user=charlie, team=other_team).role == "admin"


def test_existing_account_not_logged_in_is_asked_to_log_in(client, alice, team, charlie):
    _, token = services.invite(team, "charlie@example.org", "viewer", by=alice)
    url = reverse("accept_invitation", args=[token])
    page = client.get(url).content.decode()
    assert "Log in to accept" in page
    assert f"{reverse('login')}?next={url}" in page
    before = users()
    response = client.post(url, accept_form(username="charlie2"))
    assert users() == before
    assert not Membership.objects.filter(team=team, user=charlie).exists()
    assert response.status_code == 200


def test_logged_in_as_someone_else_cannot_accept(client, alice, team, bob, victor):
    _, token = services.invite(
        team.__class__.objects.create(name="Third", slug="third"), "x@example.org", "admin", by=alice
    )
    url = reverse("accept_invitation", args=[token])
    client.force_login(victor)
    assert "whose email is not x@example.org" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 400
    assert not victor.memberships.filter(team__slug="third").exists()
    assert Invitation.objects.get().accepted_at is None
