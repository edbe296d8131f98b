"""Email settings, the digest preview and the unsubscribe link, as a user sees them."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tracker.digests import delivery, tokens
from tracker.digests.models import DigestPreference
from tracker.recommendations.models import Comment, Mention, Recommendation

ONE_CLICK = "List-Unsubscribe=One-Click"


def test_email_settings_need_a_login(client, alice):
    response = client.get(reverse("digests:settings"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_user_turns_the_digest_off_and_on_again(client, alice):
    client.force_login(alice)
    page = client.get(reverse("digests:settings"))
    assert re.search(rb'<input type="radio" name="frequency" value="weekly"[^>]* checked>', page.content)
    assert f'href="{reverse("digests:settings")}">Email settings</a>'.encode() in page.content

    response = client.post(reverse("digests:settings"), {"frequency": "off"}, follow=True)
    assert b"Your email settings are saved." in response.content
    assert re.search(rb'<input type="radio" name="frequency" value="off"[^>]* checked>', response.content)
    assert delivery.frequency_of(alice) == DigestPreference.Frequency.OFF

    client.post(reverse("digests:settings"), {"frequency": "weekly"})
    assert DigestPreference.objects.get(user=alice).frequency == DigestPreference.Frequency.WEEKLY


def test_the_settings_page_only_changes_your_own_preference(client, alice, bob):
    client.force_login(alice)
    client.post(reverse("digests:settings"), {"frequency": "off", "user": bob.pk, "user_id": bob.pk})
    assert delivery.frequency_of(alice) == DigestPreference.Frequency.OFF
    assert not DigestPreference.objects.filter(user=bob).exists()


def test_a_forged_frequency_is_refused_and_nothing_changes(client, alice):
    client.force_login(alice)
    response = client.post(reverse("digests:settings"), {"frequency": "daily"})
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert not DigestPreference.objects.filter(user=alice).exists()


def test_the_preview_shows_this_weeks_email(client, activity, alice):
    client.force_login(alice)
    response = client.get(reverse("digests:preview"))
    assert response.status_code == 200
    assert b"Subject:</span> Tracker digest" in response.content
    assert b"<iframe" in response.content and b'title="The digest email as it will look"' in response.content
    # The email's HTML sits escaped inside srcdoc, so none of it becomes part of the page itself.
    assert b'srcdoc="&lt;!doctype html&gt;' in response.content
    assert b"Mentioning you" in response.content
    assert b"Plain-text version" in response.content


def test_the_preview_says_when_there_is_nothing_to_send(client, charlie):
    client.force_login(charlie)
    response = client.get(reverse("digests:preview"))
    assert b"no email would be sent" in response.content
    assert b"<iframe" not in response.content


def test_the_preview_query_count_does_not_grow_with_the_activity(
    client, activity, alice, bob, django_assert_max_num_queries
):
    client.force_login(alice)
    client.get(reverse("digests:preview"))
    with django_assert_max_num_queries(20) as first:
        client.get(reverse("digests:preview"))

    now = timezone.now()
    for recommendation in Recommendation.objects.filter(team=activity["first"].team):
        for n in range(10):
            comment = Comment.objects.create(
                recommendation=recommendation, author=bob, body=f"Note {n}", created_at=now + timedelta(seconds=n)
            )
            Mention.objects.create(comment=comment, user=alice)
    with django_assert_max_num_queries(len(first)):
        response = client.get(reverse("digests:preview"))
    assert b"Mentioning you, not yet answered (31)" in response.content
    # Five are shown; the rest are counted.
    assert b"and 26 older mentions of you." in response.content


def test_unsubscribe_one_click_post_from_a_mail_client(client, alice):
    path = reverse("digests:unsubscribe", args=[tokens.unsubscribe_token(alice)])
    client.get(path)  # confirming is not required: the GET changes nothing
    assert delivery.frequency_of(alice) == DigestPreference.Frequency.WEEKLY

    response = client.post(path, data=ONE_CLICK, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert DigestPreference.objects.get(user=alice).frequency == DigestPreference.Frequency.OFF


def test_a_tampered_unsubscribe_link_is_refused_with_a_clear_page(client, alice, bob):
    token = tokens.unsubscribe_token(alice)
    # Swap the signed user id for Bob's, keeping Alice's signature.
    forged = tokens.unsubscribe_token(bob).split(":")[0] + ":" + token.split(":", 1)[1]
    for bad in [forged, token[:-3], "not-a-token"]:
        path = reverse("digests:unsubscribe", args=[bad])
        for response in (
            client.get(path),
            client.post(path, data=ONE_CLICK, content_type="application/x-www-form-urlencoded"),
        ):
            assert response.status_code == 400
            assert b"This link does not work" in response.content
            assert b"Nothing was changed" in response.content
    assert not DigestPreference.objects.exists()


def test_an_unsubscribe_link_for_a_deleted_account_is_refused(client, alice):
    path = reverse("digests:unsubscribe", args=[tokens.unsubscribe_token(alice)])
    alice.delete()
    response = client.post(path)
    assert response.status_code == 400
    assert b"no longer exists" in response.content


def test_the_preview_shares_a_teams_week_for_a_minute(client, activity, alice, bob, monkeypatch):
    from tracker.digests import content
    from tracker.digests.views import PREVIEW_WEEKS

    client.force_login(alice)
    client.get(reverse("digests:preview"))
    built = []
    real = content.TeamWeek
    monkeypatch.setattr(content, "TeamWeek", lambda *args: built.append(args) or real(*args))
    client.force_login(bob)
    client.get(reverse("digests:preview"))
    assert built == []

    # A minute later the week is read again.
    for key in PREVIEW_WEEKS.stored_at:
        PREVIEW_WEEKS.stored_at[key] -= PREVIEW_WEEKS.seconds
    client.get(reverse("digests:preview"))
    assert len(built) == 1
