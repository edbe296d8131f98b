"""What a user's digest says for a given week."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from tracker.accounts.models import Membership
from tracker.digests.content import build_digest
from tracker.digests.emails import render_digest
from tracker.digests.weeks import BadWeek, Week
from tracker.evidence.models import Evidence, Stance
from tracker.recommendations.models import Comment, Mention, Recommendation, Status, StatusChange
from tracker.recommendations.services import change_status


def at(week, day, hour):
    """A moment in the week, in the site's time zone (day 0 is Monday)."""
    return timezone.make_aware(datetime.combine(week.monday + timedelta(days=day), datetime.min.time())) + timedelta(
        hours=hour
    )


@pytest.fixture
def past_week():
    return Week.parse("2026-W10")


@pytest.fixture
def quiet(seeded, past_week):
    """The seed items, with everything the import did moved a month before the past week."""
    StatusChange.objects.update(changed_at=at(past_week, -30, 9))
    Recommendation.objects.filter(team=seeded).update(last_activity_at=at(past_week, 0, 0))
    return list(Recommendation.objects.filter(team=seeded).order_by("pk")[:3])


def entries(section):
    return [entry.recommendation for entry in section.entries.rows]


def test_only_what_others_did_inside_the_week_is_reported(quiet, alice, bob, past_week):
    first, second, third = quiet
    change_status(first.pk, Status.UNDER_REVIEW, by=bob, note="Inside")
    change_status(second.pk, Status.STALLED, by=bob, note="Outside")
    StatusChange.objects.filter(note="Inside").update(changed_at=at(past_week, 0, 0))
    StatusChange.objects.filter(note="Outside").update(changed_at=past_week.end)
    Comment.objects.create(
        recommendation=third, author=bob, body="Sunday night", created_at=past_week.end - timedelta(seconds=1)
    )
    Comment.objects.create(
        recommendation=second, author=bob, body="The week before", created_at=past_week.start - timedelta(seconds=1)
    )

    digest = build_digest(alice, past_week)

    [section] = digest.teams
    assert entries(section) == [first, third]
    assert [change.note for change in section.entries.rows[0].status_changes] == ["Inside"]
    assert section.entries.rows[1].comments == 1
    assert (section.status_changes, section.comments, section.added) == (1, 1, 0)
    assert digest.summary == "1 status change, 1 comment"


def test_the_readers_own_actions_are_left_out_of_their_digest_and_in_everyone_elses(quiet, alice, bob, past_week):
    first, second, _ = quiet
    change_status(first.pk, Status.IN_PROGRESS, by=alice, note="Mine")
    Comment.objects.create(recommendation=first, author=alice, body="My note", created_at=at(past_week, 1, 9))
    Comment.objects.create(recommendation=second, author=bob, body="Bob's note", created_at=at(past_week, 1, 10))
    StatusChange.objects.filter(note="Mine").update(changed_at=at(past_week, 1, 8))

    alices = build_digest(alice, past_week)
    bobs = build_digest(bob, past_week)

    assert entries(alices.teams[0]) == [second]
    assert alices.summary == "1 comment"
    assert entries(bobs.teams[0]) == [first]
    assert bobs.summary == "1 status change, 1 comment"
    assert bobs.teams[0].entries.rows[0].commenters == [alice]


def test_each_item_is_one_entry_with_all_that_happened_to_it(quiet, article, alice, bob, victor, past_week):
    first = quiet[0]
    change_status(first.pk, Status.UNDER_REVIEW, by=bob)
    change_status(first.pk, Status.IN_PROGRESS, by=bob, note="Funded")
    StatusChange.objects.filter(recommendation=first, from_status__gt="").update(changed_at=at(past_week, 2, 9))
    stances = [Stance.SUPPORTS, Stance.SUPPORTS, Stance.UNDERCUTS]
    for paragraph, stance in zip(article.paragraphs.order_by("number")[:3], stances, strict=True):
        Evidence.objects.create(
            recommendation=first, paragraph=paragraph, stance=stance, added_by=victor, created_at=at(past_week, 3, 9)
        )
    for n in range(4):
        Comment.objects.create(recommendation=first, author=victor, body=f"{n}", created_at=at(past_week, 4, n))

    [section] = build_digest(alice, past_week).teams
    [entry] = section.entries.rows

    assert entry.path == "New → Under review → In progress"
    assert entry.confirmed == [("Supports", 2), ("Undercuts", 1)]
    assert (entry.comments, entry.commenters) == (4, [victor])
    assert (section.status_changes, section.confirmed_evidence, section.comments) == (2, 3, 4)
    subject, text, html = render_digest(build_digest(alice, past_week))
    assert text.count(first.title) == 1
    assert "Evidence confirmed: 2 supports, 1 undercuts" in text
    assert "4 comments by Victor" in text


def test_new_recommendations_are_a_count_with_a_link_not_entries(seeded, alice):
    digest = build_digest(alice, Week.current())
    [section] = digest.teams
    assert section.entries.total == 0
    assert section.added == Recommendation.objects.filter(team=seeded).count()
    subject, text, html = render_digest(digest)
    assert f"{section.added} new recommendations (https://tracker.example.org/recommendations/?team=" in text


def test_a_member_of_two_teams_gets_one_section_per_team(seeded, other_team, alice, bob, charlie):
    Membership.objects.create(team=other_team, user=alice, role=Membership.Role.VIEWER)
    moved, stays = Recommendation.objects.filter(team=seeded).order_by("pk")[:2]
    Recommendation.objects.filter(pk=moved.pk).update(team=other_team)
    change_status(moved.pk, Status.IN_PROGRESS, by=charlie)
    change_status(stays.pk, Status.IN_PROGRESS, by=bob)

    digest = build_digest(alice, Week.current())

    assert [section.team.name for section in digest.teams] == ["Asia desk", "Europe desk"]
    assert entries(digest.teams[0]) == [moved] and entries(digest.teams[1]) == [stays]
    # Charlie sees his own team only.
    assert [section.team.name for section in build_digest(charlie, Week.current()).teams] == ["Asia desk"]


def test_needs_you_lists_the_readers_open_items_due_in_the_next_fourteen_days(seeded, alice, bob):
    first, second, third = Recommendation.objects.filter(team=seeded).order_by("pk")[:3]
    today = timezone.localdate()
    Recommendation.objects.filter(pk__in=[first.pk, second.pk, third.pk]).update(owner=alice)
    Recommendation.objects.filter(pk=first.pk).update(due_on=today + timedelta(days=14))
    Recommendation.objects.filter(pk=second.pk).update(due_on=today + timedelta(days=15))
    Recommendation.objects.filter(pk=third.pk).update(due_on=today + timedelta(days=2))
    change_status(third.pk, Status.IMPLEMENTED, by=bob)

    needs = build_digest(alice, Week.current()).needs_you

    assert [(entry.recommendation, entry.reason) for entry in needs.items] == [(first, "Due soon")]
    # Bob owns nothing: the item due soon is Alice's, not his.
    assert not build_digest(bob, Week.current()).needs_you.items


def test_overdue_items_need_their_owner_and_alone_send_a_digest(quiet, alice, bob, past_week):
    first, second, third = quiet
    Recommendation.objects.filter(pk=first.pk).update(due_on=past_week.monday, owner=alice)
    Recommendation.objects.filter(pk=second.pk).update(due_on=past_week.monday - timedelta(days=40), owner=alice)
    Recommendation.objects.filter(pk=third.pk).update(due_on=past_week.monday, owner=bob)

    digest = build_digest(alice, past_week)

    assert [entry.recommendation for entry in digest.needs_you.items] == [second, first]
    assert digest.summary == "2 of your items overdue"
    assert not digest.is_empty
    assert digest.teams[0].overdue == 3
    subject, text, html = render_digest(digest)
    assert f"[OVERDUE] {second.title}" in text
    assert f"New, was due {past_week.monday:%a %-d %b %Y}, owned by you" in text
    assert "3 overdue (https://tracker.example.org/recommendations/?team=" in text


def test_stale_items_are_listed_every_week_they_stay_stale_and_stalled_ones_are_flagged(
    quiet, alice, bob, past_week, settings
):
    first, second, _ = quiet
    Recommendation.objects.filter(pk__in=[first.pk, second.pk]).update(owner=alice)
    Recommendation.objects.filter(pk=first.pk).update(
        last_activity_at=at(past_week, 0, 0) - timedelta(days=settings.STALE_AFTER_DAYS + 1),
        stale_since=at(past_week, -1, 6),
    )
    change_status(second.pk, Status.STALLED, by=bob)
    StatusChange.objects.filter(to_status=Status.STALLED).update(changed_at=at(past_week, -5, 9))

    for week in (past_week, Week.parse("2026-W11"), Week.parse("2026-W12")):
        needs = build_digest(alice, week).needs_you
        listed = [(entry.recommendation, entry.reason) for entry in needs.items]
        assert listed == [(second, "Stalled"), (first, "Stale")]


def test_mentions_stay_until_the_reader_answers_on_that_item(quiet, alice, bob, past_week):
    first, second, _ = quiet
    old = Comment.objects.create(
        recommendation=first, author=bob, body="@alice last week's question", created_at=at(past_week, -5, 9)
    )
    new = Comment.objects.create(
        recommendation=second, author=bob, body="@alice this week", created_at=at(past_week, 1, 9)
    )
    for comment in (old, new):
        Mention.objects.create(comment=comment, user=alice)

    assert list(build_digest(alice, past_week).needs_you.mentions) == [new, old]

    Comment.objects.create(recommendation=first, author=alice, body="Answered", created_at=at(past_week, 2, 9))
    assert list(build_digest(alice, past_week).needs_you.mentions) == [new]


def test_suggestions_wait_on_the_owner_who_can_review_them_and_count_for_the_team(
    quiet, article, alice, bob, victor, past_week
):
    first, second, _ = quiet
    Recommendation.objects.filter(pk=first.pk).update(owner=bob)
    Recommendation.objects.filter(pk=second.pk).update(owner=victor)
    passages = list(article.paragraphs.order_by("number")[:5])
    for passage in passages[:3]:
        Evidence.objects.create(
            recommendation=first, paragraph=passage, state=Evidence.State.SUGGESTED, created_at=at(past_week, 1, 9)
        )
    for passage in passages[3:]:
        Evidence.objects.create(
            recommendation=second, paragraph=passage, state=Evidence.State.SUGGESTED, created_at=at(past_week, 1, 9)
        )

    bobs = build_digest(bob, past_week)
    assert [(entry.recommendation, entry.suggestions) for entry in bobs.needs_you.suggestions] == [(first, 3)]
    assert bobs.summary.startswith("3 suggestions to review")
    # Victor is a viewer: he cannot confirm them, so they do not wait on him.
    assert not build_digest(victor, past_week).needs_you.suggestions
    assert build_digest(alice, past_week).teams[0].suggestions == 5


def test_confirmed_evidence_counts_in_the_week_it_was_confirmed(quiet, article, alice, bob, past_week):
    first = quiet[0]
    paragraph = article.paragraphs.order_by("number").first()
    Evidence.objects.create(
        recommendation=first,
        paragraph=paragraph,
        state=Evidence.State.CONFIRMED,
        created_at=at(past_week, -3, 9),
        reviewed_at=at(past_week, 2, 9),
        reviewed_by=bob,
    )
    assert build_digest(alice, past_week).summary == "1 confirmed evidence"
    assert build_digest(alice, Week.parse("2026-W09")).is_empty


def test_owned_items_that_need_nothing_send_nothing(quiet, alice, past_week):
    Recommendation.objects.filter(pk__in=[item.pk for item in quiet]).update(owner=alice)
    assert build_digest(alice, past_week).is_empty


def test_the_query_count_does_not_grow_with_the_items(seeded, article, alice, bob, django_assert_max_num_queries):
    def build():
        with django_assert_max_num_queries(16) as captured:
            build_digest(alice, Week.current())
        return len(captured)

    Recommendation.objects.filter(team=seeded).update(owner=alice, due_on=timezone.localdate())
    # One of each kind of activity first, so that only the amount changes.
    first = Recommendation.objects.filter(team=seeded).first()
    change_status(first.pk, Status.UNDER_REVIEW, by=bob)
    Mention.objects.create(comment=Comment.objects.create(recommendation=first, author=bob, body="@alice"), user=alice)
    Evidence.objects.create(recommendation=first, paragraph=article.paragraphs.last(), state=Evidence.State.SUGGESTED)
    before = build()
    for recommendation in Recommendation.objects.filter(team=seeded):
        change_status(recommendation.pk, Status.IN_PROGRESS, by=bob, note="Started")
        for n in range(5):
            comment = Comment.objects.create(recommendation=recommendation, author=bob, body=f"@alice {n}")
            Mention.objects.create(comment=comment, user=alice)
        for passage in article.paragraphs.order_by("number")[:5]:
            Evidence.objects.create(recommendation=recommendation, paragraph=passage, state=Evidence.State.SUGGESTED)
    assert build() == before


def test_a_run_reads_each_teams_week_once_for_all_its_members(seeded, alice, bob, django_assert_max_num_queries):
    cache = {}
    build_digest(alice, Week.current(), cache=cache)
    with django_assert_max_num_queries(6):
        build_digest(bob, Week.current(), cache=cache)


@pytest.mark.parametrize(
    "iso, label, monday",
    [
        ("2026-W47", "16–22 Nov 2026", date(2026, 11, 16)),
        ("2026-W49", "30 Nov – 6 Dec 2026", date(2026, 11, 30)),
        ("2026-W53", "28 Dec 2026 – 3 Jan 2027", date(2026, 12, 28)),
    ],
)
def test_weeks_are_iso_weeks_with_a_readable_label(iso, label, monday):
    week = Week.parse(iso)
    assert (week.label, week.monday, week.iso) == (label, monday, iso)
    assert week.end - week.start == timedelta(days=7)


def test_a_bad_week_says_how_to_write_one():
    with pytest.raises(BadWeek, match="write it as YYYY-Www"):
        Week.parse("2026/47")


def test_times_in_the_email_are_the_sites_time_zone(settings, quiet, alice, bob, past_week):
    settings.TIME_ZONE = "Europe/Berlin"
    change_status(quiet[0].pk, Status.IN_PROGRESS, by=bob, note="Late on Sunday")
    # 22:30 UTC on Sunday 8 March is 23:30 in Berlin, still inside the week there.
    StatusChange.objects.filter(note="Late on Sunday").update(changed_at=datetime(2026, 3, 8, 22, 30, tzinfo=UTC))

    subject, text, html = render_digest(build_digest(alice, past_week))

    assert "Sun 8 Mar, 23:30" in text and "Sun 8 Mar, 23:30" in html
    assert "Times are in the Europe/Berlin time zone." in text


def test_a_mentions_markdown_is_rendered_and_sanitised_in_the_html_part(seeded, alice, bob):
    first = Recommendation.objects.filter(team=seeded).first()
    comment = Comment.objects.create(
        recommendation=first, author=bob, body="@alice the **Kursk** front is static.<script>alert(1)</script>"
    )
    Mention.objects.create(comment=comment, user=alice)

    subject, text, html = render_digest(build_digest(alice, Week.current()))

    assert "the <strong>Kursk</strong> front is static." in html
    assert "<script>" not in html and "alert(1)" not in html
    assert "the **Kursk** front is static." in text
