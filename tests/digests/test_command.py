"""The send_digests command: dry run, the week to report on, one user."""

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tracker.digests.models import DigestDelivery
from tracker.digests.weeks import Week


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("send_digests", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_dry_run_sends_nothing_and_records_nothing(smtp, ended, charlie):
    out, _ = run("--dry-run", "--week", ended.iso)

    assert out.startswith("Dry run: nothing was sent or recorded.")
    assert "3 would be sent, 1 skipped (1 nothing to say)" in out
    assert smtp.received == []
    assert not DigestDelivery.objects.exists()


def test_a_dry_run_for_one_user_prints_the_digest_they_would_get(smtp, activity, alice):
    # --force lets a dry run show the current week so far.
    out, _ = run("--dry-run", "--force", "--user", "alice@example.org", "--week", Week.current().iso)

    assert "1 would be sent" in out
    assert "To: alice@example.org\nSubject: Tracker digest, " in out
    assert "MENTIONING YOU, NOT YET ANSWERED (1)" in out and "Unsubscribe with one click:" in out
    assert smtp.received == []
    assert not DigestDelivery.objects.exists()


def test_the_command_prints_the_counts_of_a_run(smtp, ended, charlie):
    week = ended
    out, _ = run("--week", week.iso)
    assert out.strip() == f"Digests for {week.iso} ({week.label}): 3 sent, 1 skipped (1 nothing to say), 0 failed."

    out, _ = run("--week", week.iso.lower())
    assert out.strip().endswith("0 sent, 4 skipped (1 nothing to say, 3 already sent), 0 failed.")


def test_failures_are_named_on_stderr_in_plain_words_and_fail_the_command(smtp, ended):
    smtp.refuse.add("victor@example.org")
    smtp.defer.add("bob@example.org")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="2 of the week's digests could not be sent"):
        call_command("send_digests", "--week", ended.iso, stdout=out, stderr=err)
    assert "1 sent" in out.getvalue() and "1 failed, 1 refused by the mail server" in out.getvalue()
    assert (
        "Refused: victor@example.org: The mail server refused this digest for good (550 5.1.1 Mailbox unavailable). "
        "It is not tried again; check the address."
    ) in err.getvalue()
    assert "Failed: bob@example.org: The mail server could not take this digest now (451" in err.getvalue()


@pytest.mark.parametrize("args", [[], ["--force"], ["--dry-run"]])
def test_an_unfinished_week_is_refused_so_mondays_digest_still_goes(smtp, activity, args):
    with pytest.raises(CommandError, match=r"has not ended yet, so its digest cannot be sent.*--dry-run --force"):
        run("--week", Week.current().iso, *args)
    future = Week.containing(timezone.now() + timedelta(days=14))
    with pytest.raises(CommandError, match="has not ended yet"):
        run("--week", future.iso, *args)
    assert smtp.received == []
    assert not DigestDelivery.objects.exists()


def test_one_user_only(smtp, ended, alice):
    out, _ = run("--week", ended.iso, "--user", "ALICE@example.org")
    assert "1 sent" in out
    assert smtp.recipients == ["alice@example.org"]
    assert list(DigestDelivery.objects.values_list("user__username", flat=True)) == ["alice"]


def test_an_unknown_user_is_a_clear_error(activity):
    with pytest.raises(CommandError, match="No active team member has the email address “nobody@example.org”"):
        run("--user", "nobody@example.org")


@pytest.mark.parametrize(
    "value, message",
    [
        ("2026-47", "“2026-47” is not a week; write it as YYYY-Www"),
        ("last week", "“last week” is not a week"),
        ("2026-W00", "2026 has no week 0"),
        ("2025-W53", "2025 has no week 53"),
    ],
)
def test_a_bad_week_is_a_clear_error_and_sends_nothing(smtp, activity, value, message):
    with pytest.raises(CommandError, match=message):
        run("--week", value)
    assert smtp.received == []
    assert not DigestDelivery.objects.exists()


def test_without_a_week_the_run_reports_on_the_last_complete_week(activity):
    out, _ = run("--dry-run")
    assert f"Digests for {Week.previous().iso} ({Week.previous().label})" in out


def test_monday_mornings_schedule_names_the_digest_task(settings):
    from tracker.celery import app
    from tracker.digests.tasks import send_weekly_digests

    entry = settings.CELERY_BEAT_SCHEDULE["send-weekly-digests"]
    assert app.tasks[entry["task"]].name == send_weekly_digests.name
    assert entry["schedule"].day_of_week == {1} and entry["schedule"].hour == {7}
    # Beat reads the crontab in the site's time zone.
    assert app.conf.timezone == settings.TIME_ZONE


def test_monday_morning_in_the_sites_time_zone_reports_on_the_week_that_just_ended(settings):
    from datetime import UTC, datetime

    settings.TIME_ZONE = "Pacific/Auckland"
    # Monday 23 November, 07:00 in Auckland, is still Sunday 22 November in UTC.
    monday_morning = datetime(2026, 11, 22, 18, 0, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=monday_morning):
        assert Week.previous().iso == "2026-W47"
        assert Week.current().iso == "2026-W48"


def test_a_runs_query_count_per_user_does_not_grow_with_the_activity(
    activity, alice, bob, django_assert_max_num_queries
):
    from tracker.recommendations.models import Comment, Recommendation

    def queries():
        DigestDelivery.objects.all().delete()
        with django_assert_max_num_queries(60) as captured:
            run("--week", Week.current().iso, "--dry-run", "--force")
        return len(captured)

    before = queries()
    for recommendation in Recommendation.objects.filter(team=activity["first"].team):
        for n in range(10):
            Comment.objects.create(recommendation=recommendation, author=bob, body=f"Comment {n}")
    assert queries() == before
