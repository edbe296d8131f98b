import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

PROTECTED = [
    ("dashboard", []),
    ("recommendation_list", []),
    ("team_list", []),
    ("password_change", []),
    ("sources:list", []),
]


@pytest.mark.parametrize("name, args", PROTECTED)
def test_pages_need_a_login(client, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_object_pages_need_a_login(client, team, brief):
    for url in (
        reverse("team_detail", args=[team.pk]),
        reverse("sources:detail", args=[brief.pk]),
        reverse("recommendation_detail", args=[brief.recommendations.first().pk]),
    ):
        assert client.get(url)["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["login", "password_reset", "password_reset_done", "password_reset_complete"])
def test_login_and_password_reset_pages_are_public(client, db, name):
    assert client.get(reverse(name)).status_code == 200


def test_login_page_links_to_password_reset(client, db):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_log_in_and_out(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "password"})
    assert response["Location"] == reverse("dashboard")
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout"))["Location"] == reverse("login")
    assert client.get(reverse("team_list")).status_code == 302


def test_wrong_password_shows_an_error(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()


def _fail(client, username, times, **extra):
    for _ in range(times):
        response = client.post(reverse("login"), {"username": username, "password": "wrong"}, **extra)
        assert response.status_code == 200


def test_five_wrong_passwords_lock_the_account_for_that_address(settings, client, alice, bob):
    settings.AXES_ENABLED = True
    _fail(client, "alice", 4)
    # The fifth failure already answers with the locked-out page.
    fifth = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert fifth.status_code == 429
    locked = client.post(reverse("login"), {"username": "alice", "password": "password"})
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert client.get(reverse("team_list")).status_code == 302
    # Bob, from the same address, logs in as usual.
    response = client.post(reverse("login"), {"username": "bob", "password": "password"})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_four_wrong_passwords_then_the_right_one_logs_in(settings, client, alice):
    settings.AXES_ENABLED = True
    _fail(client, "alice", 4)
    response = client.post(reverse("login"), {"username": "alice", "password": "password"})
    assert response.status_code == 302


def test_the_lock_is_per_address(settings, client, alice):
    settings.AXES_ENABLED = True
    _fail(client, "alice", 4, REMOTE_ADDR="10.0.0.8")
    assert (
        client.post(reverse("login"), {"username": "alice", "password": "x"}, REMOTE_ADDR="10.0.0.8").status_code == 429
    )
    response = client.post(reverse("login"), {"username": "alice", "password": "password"}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302


def test_password_reset_by_email(settings, client, alice):
    response = client.post(reverse("password_reset"), {"email": "alice@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "Reset your Tracker password"
    link = re.search(r"https?://\S+/password/reset/\S+/", message.body).group(0)
    assert link.startswith(settings.SITE_URL)
    path = link.removeprefix(settings.SITE_URL)
    # Django swaps the token for a session marker, then shows the form.
    form_url = client.get(path)["Location"]
    page = client.get(form_url)
    assert "Choose a new password" in page.content.decode()
    done = client.post(form_url, {"new_password1": "a-new-long-password", "new_password2": "a-new-long-password"})
    assert done["Location"] == reverse("password_reset_complete")
    alice.refresh_from_db()
    assert alice.check_password("a-new-long-password")
    # The link was for one use.
    client.logout()
    assert "This link no longer works" in client.get(path, follow=True).content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, alice):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_password_change_needs_the_old_password(client, alice):
    client.force_login(alice)
    url = reverse("password_change")
    wrong = client.post(
        url, {"old_password": "nope", "new_password1": "x-long-new-pw", "new_password2": "x-long-new-pw"}
    )
    assert wrong.status_code == 200
    assert "Your old password was entered incorrectly" in wrong.content.decode()
    right = client.post(
        url, {"old_password": "password", "new_password1": "x-long-new-pw", "new_password2": "x-long-new-pw"}
    )
    assert right["Location"] == reverse("password_change_done")
    assert get_user_model().objects.get(pk=alice.pk).check_password("x-long-new-pw")


PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "accept_invitation",
    # One-click unsubscribe from a digest works without a login (its signed token is the permission).
    "digests:unsubscribe",
}


def _named_routes(patterns, namespace=""):
    from django.urls import URLPattern

    for entry in patterns:
        if isinstance(entry, URLPattern):
            if entry.name:
                yield namespace + entry.name, entry.pattern.converters
        elif getattr(entry, "namespace", None) != "admin":
            prefix = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_routes(entry.url_patterns, prefix)


def test_every_page_but_login_password_reset_and_invitations_needs_a_login(client, db):
    from django.urls import get_resolver

    checked = 0
    for name, converters in _named_routes(get_resolver().url_patterns):
        if name in PUBLIC:
            continue
        args = {key: 1 if type(conv).__name__ == "IntConverter" else "x" for key, conv in converters.items()}
        response = client.get(reverse(name, kwargs=args))
        # A POST-only action may answer 405 to a GET before asking for a login; it reveals nothing.
        assert response.status_code in (302, 405), name
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login")), name
        checked += 1
    assert checked >= 10
