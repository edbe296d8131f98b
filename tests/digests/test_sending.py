"""Sending the weekly digest through a real SMTP server (aiosmtpd on 127.0.0.1)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tracker.digests import delivery as digest_delivery
from tracker.digests.models import DigestDelivery, DigestPreference
from tracker.digests.tasks import send_weekly_digests as send_weekly_digests_task
from tracker.digests.weeks import Week
from tracker.recommendations.models import Recommendation

from .conftest import SITE_URL


def item_link(recommendation):
    return SITE_URL + reverse("recommendation_detail", args=[recommendation.pk])


def test_the_digest_arrives_as_a_readable_multipart_email(smtp, activity, alice, charlie):
    week = Week.current()
    report = digest_delivery.send_weekly_digests(week=week)

    assert (report.sent, report.nothing_to_say, report.failed) == (3, 1, 0)
    assert smtp.recipients == ["alice@example.org", "bob@example.org", "victor@example.org"]
    [message] = smtp.to("alice@example.org")

    added = Recommendation.objects.filter(team=activity["first"].team).count()
    # Django folds a long non-ASCII subject onto a continuation line; readers drop the fold's whitespace.
    # What needs Alice leads, so that a subject cut short in a mail client still shows it; each count
    # names what it counts.
    assert message["Subject"].strip() == (
        f"Tracker digest, {week.label}: 1 mention of you, 1 of your items due soon, 1 status change, "
        f"1 confirmed evidence, 2 comments, {added} new recommendations, 2 new documents"
    )
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()

    # The text part reads on its own: the change with who, the note and the item's absolute link.
    first = activity["first"]
    assert "New → In progress, by Bob" in text
    assert "The ministry asked for a plan by December." in text
    assert "Evidence confirmed: 1 supports" in text
    assert item_link(first) in text
    assert f'href="{item_link(first)}"' in html
    assert 'href="/' not in html
    assert "2 new suggestions" in text
    due_on = Recommendation.objects.get(pk=activity["third"].pk).due_on
    assert f"[DUE SOON] {activity['third'].title}" in text
    assert f"New, due {due_on:%a %-d %b %Y}, owned by you" in text
    assert f"Hello Alice, here is what needs you and what others did in your teams in the week of {week.label}." in text
    assert "Times are in the UTC time zone." in text and "Times are in the UTC time zone." in html

    # What needs Alice comes first: the comment that mentions her (although it was written after the
    # other one), then her item due soon; then her team's week, item by item.
    mention_at = text.index("MENTIONING YOU, NOT YET ANSWERED (1)")
    assert mention_at < text.index("could you check the dates") < text.index("YOUR ITEMS (1)")
    assert text.index("YOUR ITEMS (1)") < text.index("==== EUROPE DESK ====") < text.index("1 comment by Victor")
    assert html.index("Needs you") < html.index("Mentioning you") < html.index("Your items") < html.index("Europe desk")
    assert text.count(first.title) == 2  # once for the mention, once for its week

    unsubscribe = message["List-Unsubscribe"].strip()
    assert re.fullmatch(rf"<{re.escape(SITE_URL)}/digests/unsubscribe/[^/>]+/>", unsubscribe)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in text and unsubscribe[1:-1] in html

    delivery = DigestDelivery.objects.get(user=alice, week=week.iso)
    assert (delivery.state, delivery.attempts) == (DigestDelivery.State.SENT, 1)
    assert delivery.sent_at is not None


def test_a_second_run_sends_nothing(smtp, activity):
    week = Week.current()
    digest_delivery.send_weekly_digests(week=week)
    assert len(smtp.received) == 3

    again = digest_delivery.send_weekly_digests(week=week)

    assert (again.sent, again.already_sent) == (0, 3)
    assert len(smtp.received) == 3


def test_a_temporary_failure_is_retried_by_the_next_run_while_the_others_get_theirs(smtp, activity, bob):
    week = Week.current()
    smtp.defer.add("bob@example.org")

    report = digest_delivery.send_weekly_digests(week=week)

    assert (report.sent, report.failed, report.failed_emails) == (2, 1, ["bob@example.org"])
    assert smtp.recipients == ["alice@example.org", "victor@example.org"]
    failed = DigestDelivery.objects.get(user=bob, week=week.iso)
    assert failed.state == DigestDelivery.State.FAILED
    assert "451" in failed.last_error and "tried again" in failed.last_error and failed.sent_at is None

    smtp.defer.clear()
    retry = digest_delivery.send_weekly_digests(week=week)

    assert (retry.sent, retry.already_sent, retry.failed) == (1, 2, 0)
    assert smtp.recipients == ["alice@example.org", "bob@example.org", "victor@example.org"]
    failed.refresh_from_db()
    assert (failed.state, failed.attempts, failed.last_error) == (DigestDelivery.State.SENT, 2, "")


def test_temporary_failures_are_retried_up_to_a_cap(smtp, activity, bob):
    week = Week.current()
    smtp.defer.add("bob@example.org")
    for _ in range(digest_delivery.MAX_ATTEMPTS):
        assert digest_delivery.send_weekly_digests(week=week).failed == 1

    smtp.defer.clear()
    report = digest_delivery.send_weekly_digests(week=week)

    assert (report.failed, report.given_up) == (0, 1)
    assert f"given up after {digest_delivery.MAX_ATTEMPTS} attempts" in str(report)
    assert "bob@example.org" not in smtp.recipients
    assert DigestDelivery.objects.get(user=bob, week=week.iso).attempts == digest_delivery.MAX_ATTEMPTS


def test_a_permanent_refusal_is_recorded_in_plain_words_and_not_tried_again(smtp, activity, bob):
    week = Week.current()
    smtp.refuse.add("bob@example.org")

    report = digest_delivery.send_weekly_digests(week=week)

    assert (report.sent, report.failed, report.refused, report.failed_emails) == (2, 0, 1, ["bob@example.org"])
    refused = DigestDelivery.objects.get(user=bob, week=week.iso)
    assert refused.state == DigestDelivery.State.REFUSED
    assert refused.last_error == (
        "The mail server refused this digest for good (550 5.1.1 Mailbox unavailable). "
        "It is not tried again; check the address."
    )

    smtp.refuse.clear()
    again = digest_delivery.send_weekly_digests(week=week)

    assert (again.sent, again.refused_before, again.refused) == (0, 1, 0)
    assert "bob@example.org" not in smtp.recipients
    refused.refresh_from_db()
    assert refused.attempts == 1


def test_unsubscribed_and_empty_week_users_get_nothing(smtp, activity, victor, charlie):
    digest_delivery.set_frequency(victor, DigestPreference.Frequency.OFF)

    report = digest_delivery.send_weekly_digests(week=Week.current())

    assert (report.sent, report.unsubscribed, report.nothing_to_say) == (2, 1, 1)
    assert smtp.recipients == ["alice@example.org", "bob@example.org"]
    skipped = {d.user.username: d.skip_reason for d in DigestDelivery.objects.filter(state="skipped")}
    assert skipped == {"victor": "unsubscribed", "charlie": "nothing to say"}


def claims_expire(week):
    """Time passes: every "sending" claim of the week is older than CLAIM_EXPIRES_AFTER."""
    long_ago = timezone.now() - digest_delivery.CLAIM_EXPIRES_AFTER - timedelta(minutes=1)
    DigestDelivery.objects.filter(week=week.iso, state=DigestDelivery.State.SENDING).update(updated_at=long_ago)


def test_a_run_that_crashes_after_the_first_send_resumes_without_duplicates(smtp, activity, alice, settings):
    settings.EMAIL_BACKEND = "tests.digests.backends.CrashAfterFirstMessage"
    week = Week.current()

    with pytest.raises(RuntimeError):
        digest_delivery.send_weekly_digests(week=week)
    assert smtp.recipients == ["alice@example.org"]

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    report = digest_delivery.send_weekly_digests(week=week)

    # Alice's claim is recent: it may be a run still sending, so the rerun leaves it alone.
    assert (report.sent, report.being_sent, report.already_sent) == (2, 1, 0)
    assert "1 being sent by another run (taken over 10 minutes after its claim if that run stopped)" in str(report)
    assert smtp.recipients == ["alice@example.org", "bob@example.org", "victor@example.org"]
    assert DigestDelivery.objects.get(user=alice, week=week.iso).state == DigestDelivery.State.SENDING


def test_a_user_claimed_by_a_run_that_died_before_sending_gets_the_digest_from_a_later_run(
    smtp, activity, alice, settings
):
    settings.EMAIL_BACKEND = "tests.digests.backends.CrashBeforeSending"
    week = Week.current()
    with pytest.raises(RuntimeError):
        digest_delivery.send_weekly_digests(week=week, user_email=alice.email)
    assert smtp.received == []
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

    # Right away the claim may still belong to a run that is sending: no second email is risked.
    assert digest_delivery.send_digest(alice, week) == digest_delivery.BEING_SENT
    assert smtp.received == []

    claims_expire(week)
    report = digest_delivery.send_weekly_digests(week=week)

    assert (report.sent, report.being_sent, report.failed) == (3, 0, 0)
    assert smtp.recipients == ["alice@example.org", "bob@example.org", "victor@example.org"]
    delivery = DigestDelivery.objects.get(user=alice, week=week.iso)
    assert (delivery.state, delivery.attempts) == (DigestDelivery.State.SENT, 2)
    assert digest_delivery.send_weekly_digests(week=week).sent == 0


def test_a_claim_left_after_the_server_accepted_the_message_is_the_one_case_that_sends_twice(
    smtp, activity, alice, settings
):
    """The documented limit: the server took the message, then the run died before recording it."""
    settings.EMAIL_BACKEND = "tests.digests.backends.CrashAfterFirstMessage"
    week = Week.current()
    with pytest.raises(RuntimeError):
        digest_delivery.send_weekly_digests(week=week, user_email=alice.email)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

    claims_expire(week)
    digest_delivery.send_weekly_digests(week=week, user_email=alice.email)

    assert len(smtp.to("alice@example.org")) == 2


def test_the_weekly_task_retries_a_failed_delivery(smtp, ended, bob, settings):
    """The beat task sends, and tries again later for the one the SMTP server could not take."""
    settings.EMAIL_BACKEND = "tests.digests.backends.RefuseBobOnce"
    week = ended

    send_weekly_digests_task.delay(week.iso)

    assert smtp.recipients == ["alice@example.org", "bob@example.org", "victor@example.org"]
    delivery = DigestDelivery.objects.get(user=bob, week=week.iso)
    assert (delivery.state, delivery.attempts) == (DigestDelivery.State.SENT, 2)


def test_the_unsubscribe_link_in_the_email_works_without_logging_in(smtp, activity, alice, client):
    digest_delivery.send_weekly_digests(week=Week.current())
    [message] = smtp.to("alice@example.org")
    path = message["List-Unsubscribe"].strip()[1:-1].removeprefix(SITE_URL)

    confirm = client.get(path)
    assert confirm.status_code == 200
    assert b"Unsubscribe from the weekly digest?" in confirm.content
    assert digest_delivery.frequency_of(alice) == DigestPreference.Frequency.WEEKLY

    done = client.post(path)
    assert done.status_code == 200
    assert b"You are unsubscribed" in done.content
    alice.refresh_from_db()
    assert digest_delivery.frequency_of(alice) == DigestPreference.Frequency.OFF


def test_the_weekly_task_refuses_an_unfinished_week(smtp, activity):
    with pytest.raises(ValueError, match="has not ended yet"):
        send_weekly_digests_task.apply(args=[Week.current().iso], throw=True)
    assert smtp.received == []
