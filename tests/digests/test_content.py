"""What a user's digest says for a given week."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from tracker.accounts.models import Membership
from tracker.digests.content import build_digest
from tracker.digests.emails import render_digest
from tracker.digests.weeks import BadWeek, Week
from tracker.evidence.models import Evidence
from tracker.recommendations.models import Comment, Recommendation, Status, StatusChange
from tracker.recommendations.services import change_status


def at(week, day, hour):
    """A moment in the week, in the site's time zone (day 0 is Monday)."""
    return timezone.make_aware(datetime.combine(week.monday + timedelta(days=day), datetime.min.time())) + timedelta(
        hours=hour
    )


@pytest.fixture
def past_week():
    return Week.parse("2026-W10")


def test_only_what_happened_inside_the_week_is_reported(seeded, alice, bob, past_week):
    first, second, third = Recommendation.objects.filter(team=seeded).order_by("pk")[:3]
    # Everything the seed import did happened outside the week.
    StatusChange.objects.update(changed_at=at(past_week, -30, 9))
    inside = at(past_week, 0, 0)
    just_after = past_week.end
    change_status(first.pk, Status.UNDER_REVIEW, by=bob, note="Inside")
    change_status(second.pk, Status.STALLED, by=bob, note="Outside")
    StatusChange.objects.filter(note="Inside").update(changed_at=inside)
    StatusChange.objects.filter(note="Outside").update(changed_at=just_after)
    Comment.objects.create(
        recommendation=first, author=bob, body="Sunday night", created_at=past_week.end - timedelta(seconds=1)
    )
    Comment.objects.create(
        recommendation=first, author=bob, body="The week before", created_at=past_week.start - timedelta(seconds=1)
    )
    Recommendation.objects.filter(pk=third.pk).update(stale_since=at(past_week, 3, 6))

    digest = build_digest(alice, past_week)

    [section] = digest.teams
    assert [change.note for change in section.status_changes] == ["Inside"]
    assert section.added == []
    assert [comment.body for comment in section.comments] == ["Sunday night"]
    assert section.went_stale == [third]
    assert digest.summary == "1 gone stale, 1 status change, 1 comment"


def test_creation_rows_are_new_recommendations_not_status_changes(seeded, alice):
    digest = build_digest(alice, Week.current())
    [section] = digest.teams
    assert section.status_changes == []
    assert len(section.added) == Recommendation.objects.filter(team=seeded).count()


def test_a_member_of_two_teams_gets_one_section_per_team(seeded, other_team, alice, charlie, article):
    Membership.objects.create(team=other_team, user=alice, role=Membership.Role.VIEWER)
    rec = Recommendation.objects.filter(team=seeded).first()
    Recommendation.objects.filter(pk=rec.pk).update(team=other_team)

    digest = build_digest(alice, Week.current())

    assert [section.team.name for section in digest.teams] == ["Asia desk", "Europe desk"]
    assert digest.teams[0].added[0].recommendation == rec
    # Charlie sees his own team only.
    assert [section.team.name for section in build_digest(charlie, Week.current()).teams] == ["Asia desk"]


def test_due_soon_is_the_next_fourteen_days_of_open_items(seeded, alice, bob):
    first, second, third = Recommendation.objects.filter(team=seeded).order_by("pk")[:3]
    today = timezone.localdate()
    Recommendation.objects.filter(pk=first.pk).update(due_on=today + timedelta(days=14))
    Recommendation.objects.filter(pk=second.pk).update(due_on=today + timedelta(days=15))
    Recommendation.objects.filter(pk=third.pk).update(due_on=today + timedelta(days=2))
    change_status(third.pk, Status.IMPLEMENTED, by=bob)

    [section] = build_digest(alice, Week.current()).teams

    assert section.due_soon == [first]


def test_open_items_past_their_due_date_are_listed_as_overdue_and_alone_send_a_digest(seeded, alice, bob, past_week):
    first, second, third = Recommendation.objects.filter(team=seeded).order_by("pk")[:3]
    StatusChange.objects.update(changed_at=at(past_week, -30, 9))
    Recommendation.objects.filter(pk=first.pk).update(due_on=past_week.monday, owner=bob)
    Recommendation.objects.filter(pk=second.pk).update(due_on=past_week.monday - timedelta(days=40))
    Recommendation.objects.filter(pk=third.pk).update(due_on=past_week.monday)
    change_status(third.pk, Status.IMPLEMENTED, by=bob)
    StatusChange.objects.filter(recommendation=third, to_status=Status.IMPLEMENTED).update(
        changed_at=at(past_week, -10, 9)
    )

    digest = build_digest(alice, past_week)

    [section] = digest.teams
    assert section.overdue == [second, first]
    assert section.due_soon == []
    assert digest.summary == "2 overdue"
    assert not digest.is_empty
    subject, text, html = render_digest(digest)
    assert f"Was due {past_week.monday:%a %-d %b}, New, owned by Bob" in text
    assert "Overdue (2)" in html


def test_suggestions_are_counted_per_item_and_reviewed_ones_count_in_the_week_they_were_confirmed(
    seeded, article, alice, bob, past_week
):
    first, second = Recommendation.objects.filter(team=seeded).order_by("pk")[:2]
    StatusChange.objects.update(changed_at=at(past_week, -30, 9))
    passages = list(article.paragraphs.order_by("number")[:4])
    confirmed = Evidence.objects.create(
        recommendation=first,
        paragraph=passages[0],
        state=Evidence.State.CONFIRMED,
        created_at=at(past_week, -3, 9),
        reviewed_at=at(past_week, 2, 9),
    )
    for passage in passages[1:3]:
        Evidence.objects.create(
            recommendation=second, paragraph=passage, state=Evidence.State.SUGGESTED, created_at=at(past_week, 1, 9)
        )
    Evidence.objects.create(
        recommendation=second, paragraph=passages[3], state=Evidence.State.DISMISSED, created_at=at(past_week, 1, 9)
    )

    digest = build_digest(alice, past_week)

    [section] = digest.teams
    assert section.confirmed_evidence == [confirmed]
    assert section.suggestions == [(second, 2)]
    assert digest.summary == "3 new evidence"


def test_owned_items_alone_send_nothing(seeded, alice, past_week):
    StatusChange.objects.update(changed_at=at(past_week, -30, 9))
    Recommendation.objects.filter(team=seeded).update(owner=alice)

    digest = build_digest(alice, past_week)

    assert len(digest.teams[0].owned) == 3
    assert digest.is_empty


def test_the_query_count_does_not_grow_with_the_items(seeded, article, alice, bob, django_assert_max_num_queries):
    def build():
        with django_assert_max_num_queries(6) as captured:
            build_digest(alice, Week.current())
        return len(captured)

    before = build()
    for recommendation in Recommendation.objects.filter(team=seeded):
        change_status(recommendation.pk, Status.IN_PROGRESS, by=bob, note="Started")
        for n in range(5):
            Comment.objects.create(recommendation=recommendation, author=bob, body=f"Comment {n}")
        for passage in article.paragraphs.all()[:5]:
            Evidence.objects.create(recommendation=recommendation, paragraph=passage, state=Evidence.State.SUGGESTED)
    assert build() == before


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


def test_times_in_the_email_are_the_sites_time_zone(settings, seeded, alice, bob, past_week):
    settings.TIME_ZONE = "Europe/Berlin"
    first = Recommendation.objects.filter(team=seeded).order_by("pk").first()
    StatusChange.objects.update(changed_at=at(past_week, -30, 9))
    change_status(first.pk, Status.IN_PROGRESS, by=bob, note="Late on Sunday")
    # 22:30 UTC on Sunday 8 March is 23:30 in Berlin, still inside the week there.
    StatusChange.objects.filter(note="Late on Sunday").update(changed_at=datetime(2026, 3, 8, 22, 30, tzinfo=UTC))

    subject, text, html = render_digest(build_digest(alice, past_week))

    assert "Sun 8 Mar, 23:30" in text and "Sun 8 Mar, 23:30" in html
    assert "Times are in the Europe/Berlin time zone." in text


def test_a_comments_markdown_is_rendered_and_sanitised_in_the_html_part(seeded, alice, bob):
    first = Recommendation.objects.filter(team=seeded).first()
    Comment.objects.create(
        recommendation=first, author=bob, body="The **Kursk** front is static.<script>alert(1)</script>"
    )

    subject, text, html = render_digest(build_digest(alice, Week.current()))

    assert "The <strong>Kursk</strong> front is static." in html
    assert "<script>" not in html and "alert(1)" not in html
    assert "The **Kursk** front is static." in text
