"""A busy week: hundreds of items, thousands of suggestions, two teams. The digest stays readable and small."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tracker.accounts.models import Membership
from tracker.digests.content import build_digest
from tracker.digests.emails import render_digest
from tracker.digests.weeks import Week
from tracker.evidence.models import Evidence, Stance
from tracker.recommendations.models import Comment, Mention, Recommendation, Status, StatusChange
from tracker.sources.models import Paragraph, Source

from .conftest import SITE_URL

ITEMS = 300
SUGGESTIONS_PER_ITEM = 10
# Mail clients clip a message over about 100 KB, cutting what is at its end (the unsubscribe link).
CLIPPED_OVER = 100 * 1024


def busy_team(team, *, alice, others, week):
    """ITEMS items in `team`, each worked on by others during the week; a fifth owned by Alice, some overdue."""
    monday = week.start
    source = Source.objects.create(team=team, title=f"{team.name} annual report", text="…", checksum=f"busy-{team.pk}")
    paragraphs = Paragraph.objects.bulk_create(
        Paragraph(source=source, number=n + 1, text=f"Paragraph {n + 1} on maritime security and supply chains.")
        for n in range(ITEMS + SUGGESTIONS_PER_ITEM)
    )
    today = timezone.localdate()
    items = Recommendation.objects.bulk_create(
        Recommendation(
            team=team,
            source=source,
            paragraph=paragraphs[n],
            text=f"The government should act on point {n} of the maritime security strategy within the year.",
            title=f"{team.name}: act on point {n} of the maritime security strategy",
            status=Status.IN_PROGRESS,
            owner=alice if n % 5 == 0 else others[n % len(others)],
            due_on=today + timedelta(days=(n % 40) - 20) if n % 5 == 0 else None,
            last_activity_at=monday,
        )
        for n in range(ITEMS)
    )
    StatusChange.objects.bulk_create(
        StatusChange(
            recommendation=item,
            from_status=Status.NEW,
            to_status=Status.IN_PROGRESS,
            changed_by=others[n % len(others)],
            changed_at=monday + timedelta(minutes=n),
            note="Agreed at the weekly meeting; the desk will draft the first steps. " * 3,
        )
        for n, item in enumerate(items)
    )
    comments = Comment.objects.bulk_create(
        Comment(
            recommendation=item,
            author=others[(n + k) % len(others)],
            body=f"@alice see the note from the embassy, draft {k}. " * 4,
            created_at=monday + timedelta(hours=1, minutes=n + k),
        )
        for n, item in enumerate(items)
        for k in range(2)
    )
    Mention.objects.bulk_create(Mention(comment=comment, user=alice) for comment in comments[::7])
    Evidence.objects.bulk_create(
        Evidence(
            recommendation=item,
            paragraph=paragraphs[ITEMS + k],
            state=Evidence.State.CONFIRMED if k == 0 else Evidence.State.SUGGESTED,
            stance=Stance.SUPPORTS,
            added_by=others[0] if k == 0 else None,
            score=None if k == 0 else 0.5,
            created_at=monday + timedelta(hours=2, minutes=n),
        )
        for n, item in enumerate(items)
        for k in range(SUGGESTIONS_PER_ITEM)
    )
    return items


@pytest.fixture
def busy_week(team, other_team, alice, bob, victor, charlie):
    Membership.objects.create(team=other_team, user=alice, role=Membership.Role.EDITOR)
    week = Week.current()
    busy_team(team, alice=alice, others=[bob, victor], week=week)
    busy_team(other_team, alice=alice, others=[charlie], week=week)
    return week


def links(html):
    return sorted(set(re.findall(r'href="([^"]+)"', html)))


def test_a_busy_weeks_digest_stays_small_and_says_what_it_left_out(busy_week, alice):
    digest = build_digest(alice, busy_week)
    subject, text, html = render_digest(digest)

    size = len(subject.encode()) + len(text.encode()) + len(html.encode())
    assert size < CLIPPED_OVER, f"{size} bytes"
    # The subject names what it counts, what needs Alice first.
    assert re.match(
        r"Tracker digest, .*: \d+ mentions of you, \d+ of your items overdue, \d+ of your items due soon, "
        r"\d+ suggestions to review, 600 status changes, 600 confirmed evidence, 1200 comments",
        subject,
    ), subject
    # Each list is cut short with a count of the rest and where to see them all.
    assert re.search(r"and \d+ more: https://", text)
    assert re.search(r"and \d+ more items with activity: https://", text)
    assert re.search(r"and \d+ older mentions of you\.", text)
    # One entry per item: no item's title twice in the email.
    titles = re.findall(r"^\* (?:\[[A-Z ]+\] )?(.+: act on point \d+ of the maritime security strategy)$", text, re.M)
    assert titles and len(titles) == len(set(titles))
    # The end of the email is still there.
    assert "Unsubscribe with one click:" in text and ">Unsubscribe</a>" in html


def test_every_link_in_a_busy_digest_opens_for_its_reader(busy_week, alice, client):
    subject, text, html = render_digest(build_digest(alice, busy_week))
    client.force_login(alice)
    checked = 0
    for url in links(html):
        assert url.startswith(SITE_URL), url
        path = url.removeprefix(SITE_URL)
        if "/unsubscribe/" in path:
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        # A filtered list the email links to is one the form accepts (no "Select a valid choice").
        assert b"Select a valid choice" not in response.content, path
        checked += 1
    assert checked > 20


def test_the_plain_text_part_reads_on_its_own(busy_week, alice):
    subject, text, html = render_digest(build_digest(alice, busy_week))
    assert "<" not in text.replace("<alice", "")
    assert "&amp;" not in text and "&#" not in text
    assert "\n\n\n" not in text
    assert max(len(line) for line in text.splitlines()) < 400
