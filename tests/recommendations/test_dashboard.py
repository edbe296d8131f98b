"""The dashboard: status chart, due soon, stale, own items and the recent-activity feed."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from tracker.evidence.models import Evidence, Stance
from tracker.recommendations.activity import Kind, recent_activity
from tracker.recommendations.models import Comment, Recommendation, Status
from tracker.recommendations.services import change_status, record_activity

DASHBOARD = reverse("dashboard")


def section(response, heading_id):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.find(id=heading_id).find_parent("section")


def item_titles(response, heading_id):
    return [li.a.get_text(strip=True) for li in section(response, heading_id).select("ul.dash-items li")]


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


def test_anonymous_is_sent_to_login(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_status_chart_counts_in_the_fixed_order_with_links(as_alice, bob, team, other_team, make_recommendations):
    recs = make_recommendations(team, 4)
    make_recommendations(other_team, 5)
    change_status(recs[0].pk, Status.IMPLEMENTED, by=bob)
    change_status(recs[1].pk, Status.STALLED, by=bob)
    chart = section(as_alice.get(DASHBOARD), "by-status").select_one("table.status-chart")
    rows = [(row.th.get_text(strip=True), row.td.get_text(strip=True)) for row in chart.select("tbody tr")]
    assert rows == [
        ("New", "2"),
        ("Under review", "0"),
        ("In progress", "0"),
        ("Partially implemented", "0"),
        ("Implemented", "1"),
        ("Stalled", "1"),
        ("Rejected", "0"),
        ("Superseded", "0"),
    ]
    assert chart.select_one("tfoot").get_text(" ", strip=True) == "Total 4"
    assert chart.caption.get_text(strip=True).startswith("Number of recommendations in each status")
    stalled = chart.select("tbody tr")[5]
    assert stalled.th.a["href"] == reverse("recommendation_list") + "?status=stalled"
    # The longest bar is full width; the others are in proportion.
    assert stalled.select_one(".bar")["style"] == "width: 50%"
    assert chart.select("tbody tr")[0].select_one(".bar")["style"] == "width: 100%"


def test_deleted_and_merged_items_leave_the_counts(as_alice, alice, bob, team, make_recommendations):
    from tracker.recommendations import services

    recs = make_recommendations(team, 4)
    change_status(recs[0].pk, Status.STALLED, by=bob)
    services.delete(recs[1].pk, by=alice)
    services.merge(recs[2].pk, recs[3].pk, by=alice)
    chart = section(as_alice.get(DASHBOARD), "by-status").select_one("table.status-chart")
    assert chart.select_one("tfoot").get_text(" ", strip=True) == "Total 2"
    services.restore(recs[1].pk, by=alice)
    chart = section(as_alice.get(DASHBOARD), "by-status").select_one("table.status-chart")
    assert chart.select_one("tfoot").get_text(" ", strip=True) == "Total 3"


@pytest.mark.postgres
def test_postgres_counts_read_the_index_of_live_items_alone(team, make_recommendations):
    """The status counts and the open items' ids come from an index of the team's live items, not a scan."""
    from django.db import connection

    make_recommendations(team, 3)
    live = Recommendation.objects.live_in([team.pk])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        for queryset in (
            live.order_by().values_list("status").annotate(n=Count("pk")),
            live.open().order_by().values("pk"),
        ):
            sql, params = queryset.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            # On a table this small the planner may prefer the other index of live items (the list's), which it
            # cannot read alone; at 20,000 items EXPLAIN shows rec_team_live_idx read alone (docs/performance.md).
            assert re.search(r"Index (?:Only )?Scan using rec_team_live(?:_updated)?_idx", plan), plan


def test_status_link_leads_to_the_filtered_list(as_alice, bob, team, make_recommendations):
    recs = make_recommendations(team, 2, title="Item")
    change_status(recs[0].pk, Status.STALLED, by=bob)
    href = section(as_alice.get(DASHBOARD), "by-status").select("tbody tr")[5].th.a["href"]
    soup = BeautifulSoup(as_alice.get(href).content, "html.parser")
    assert [a.get_text(strip=True) for a in soup.select("td.rec-title > a")] == ["Item 1"]


def test_due_soon_lists_open_items_due_in_14_days(as_alice, bob, team, make_one):
    today = timezone.localdate()
    make_one(team, "Tomorrow", due_on=today + timedelta(days=1))
    make_one(team, "In two weeks", due_on=today + timedelta(days=14))
    make_one(team, "In three weeks", due_on=today + timedelta(days=21))
    make_one(team, "Late", due_on=today - timedelta(days=2))
    done = make_one(team, "Done", due_on=today + timedelta(days=2))
    change_status(done.pk, Status.IMPLEMENTED, by=bob)
    response = as_alice.get(DASHBOARD)
    assert item_titles(response, "due-soon") == ["Tomorrow", "In two weeks"]
    overdue_link = section(response, "due-soon").select_one("p.overdue a")
    assert overdue_link.get_text(strip=True) == "1 overdue"
    soup = BeautifulSoup(as_alice.get(overdue_link["href"]).content, "html.parser")
    assert [a.get_text(strip=True) for a in soup.select("td.rec-title > a")] == ["Late"]


def test_stale_lists_open_items_without_activity_for_30_days(as_alice, bob, team, make_one):
    quiet = make_one(team, "Quiet")
    flagged = make_one(team, "Flagged")
    make_one(team, "Active")
    closed = make_one(team, "Closed and quiet")
    change_status(closed.pk, Status.REJECTED, by=bob)
    long_ago = timezone.now() - timedelta(days=31)
    Recommendation.objects.filter(pk__in=[quiet.pk, closed.pk]).update(last_activity_at=long_ago)
    Recommendation.objects.filter(pk=flagged.pk).update(stale_since=timezone.now())
    assert item_titles(as_alice.get(DASHBOARD), "stale") == ["Quiet", "Flagged"]
    # A comment or evidence is activity: the item leaves the list.
    record_activity(quiet.pk)
    assert item_titles(as_alice.get(DASHBOARD), "stale") == ["Flagged"]


def test_stale_follows_the_setting(as_alice, team, make_one, settings):
    settings.STALE_AFTER_DAYS = 7
    quiet = make_one(team, "Quiet for ten days")
    Recommendation.objects.filter(pk=quiet.pk).update(last_activity_at=timezone.now() - timedelta(days=10))
    response = as_alice.get(DASHBOARD)
    assert item_titles(response, "stale") == ["Quiet for ten days"]
    assert "No activity for 7 days" in response.content.decode()


def test_your_open_items(as_alice, alice, bob, team, make_one):
    make_one(team, "Mine later", owner=alice, due_on=timezone.localdate() + timedelta(days=40))
    make_one(team, "Mine undated", owner=alice)
    make_one(team, "Mine sooner", owner=alice, due_on=timezone.localdate() + timedelta(days=4))
    make_one(team, "Bob's", owner=bob)
    done = make_one(team, "Mine and done", owner=alice)
    change_status(done.pk, Status.IMPLEMENTED, by=bob)
    assert item_titles(as_alice.get(DASHBOARD), "mine") == ["Mine sooner", "Mine later", "Mine undated"]


def test_member_of_another_team_sees_nothing_of_the_team(client, charlie, bob, team, make_one):
    rec = make_one(team, "Secret item", owner=bob, due_on=timezone.localdate())
    change_status(rec.pk, Status.STALLED, by=bob)
    Comment.objects.create(recommendation=rec, author=bob, body="secret comment")
    client.force_login(charlie)
    response = client.get(DASHBOARD)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Secret item" not in content and "secret comment" not in content
    assert section(response, "by-status").select_one("tfoot").get_text(" ", strip=True) == "Total 0"


def test_activity_feed_shows_status_changes_evidence_and_comments_newest_first(alice, bob, team, article, make_one):
    rec = make_one(team, "Fund reconstruction", created_by=alice)
    now = timezone.now()
    change_status(rec.pk, Status.UNDER_REVIEW, by=bob)
    paragraph = article.paragraphs.get(number=2)
    Evidence.objects.create(
        recommendation=rec,
        paragraph=paragraph,
        stance=Stance.UNDERCUTS,
        added_by=alice,
        created_at=now + timedelta(minutes=1),
    )
    Evidence.objects.create(
        recommendation=rec, paragraph=article.paragraphs.get(number=3), state=Evidence.State.DISMISSED
    )
    comment = Comment.objects.create(
        recommendation=rec,
        author=bob,
        body="**Agreed**, see [the brief](https://example.org) <b>now</b>.",
        created_at=now + timedelta(minutes=2),
    )
    # The seed documents' own recommendations are in the feed too; look at this one's entries.
    entries = [entry for entry in recent_activity(alice) if entry.recommendation == rec]
    assert [entry.kind for entry in entries] == [Kind.COMMENT, Kind.EVIDENCE, Kind.STATUS, Kind.CREATED]
    assert [entry.who for entry in entries] == [bob, alice, bob, alice]
    assert entries[0].what == "commented: “Agreed, see the brief <b>now</b>.”"
    assert entries[0].link == reverse("recommendation_detail", args=[rec.pk]) + f"#comment-{comment.pk}"
    assert entries[1].what == f"added undercuts evidence from {article.title}, ¶2"
    assert entries[2].what == "changed the status from New to Under review"


def test_activity_feed_is_limited_and_since_and_other_teams_are_excluded(alice, charlie, team, other_team, make_one):
    old = make_one(team, "Old")
    old.status_changes.update(changed_at=timezone.now() - timedelta(days=3))
    make_one(team, "Recent")
    theirs = make_one(other_team, "Theirs")
    Comment.objects.create(recommendation=theirs, author=charlie, body="hidden")
    assert [e.recommendation.title for e in recent_activity(alice)] == ["Recent", "Old"]
    assert [e.recommendation.title for e in recent_activity(alice, limit=1)] == ["Recent"]
    since = timezone.now() - timedelta(days=1)
    assert [e.recommendation.title for e in recent_activity(alice, since=since)] == ["Recent"]
    assert [e.recommendation.title for e in recent_activity(charlie)] == ["Theirs", "Theirs"]


def test_activity_feed_on_the_dashboard(as_alice, bob, team, make_one):
    rec = make_one(team, "Fund reconstruction")
    Comment.objects.create(recommendation=rec, author=bob, body="<script>alert(1)</script>", created_at=timezone.now())
    change_status(rec.pk, Status.STALLED, by=bob)
    feed = section(as_alice.get(DASHBOARD), "activity").select("ol.feed li")
    assert "Bob changed the status from New to Stalled on Fund reconstruction" in " ".join(
        feed[0].get_text(" ", strip=True).split()
    )
    assert feed[0].a["href"] == reverse("recommendation_detail", args=[rec.pk])
    # A comment's markup is shown as text, never run.
    assert not section(as_alice.get(DASHBOARD), "activity").select("script")
    assert "commented: “<script>alert(1)</script>”" in feed[1].get_text()


@pytest.mark.parametrize("rows", [5, 60])
def test_query_counts_do_not_grow_with_rows(
    as_alice,
    alice,
    bob,
    team,
    article,
    make_recommendations,
    django_assert_max_num_queries,
    django_assert_num_queries,
    rows,
):
    recs = make_recommendations(team, rows, owner=alice, due_on=timezone.localdate() + timedelta(days=3))
    Recommendation.objects.filter(pk__in=[r.pk for r in recs[: rows // 2]]).update(stale_since=timezone.now())
    paragraph = article.paragraphs.first()
    for rec in recs:
        change_status(rec.pk, Status.IN_PROGRESS, by=bob)
        Evidence.objects.create(recommendation=rec, paragraph=paragraph, added_by=bob)
        Comment.objects.create(recommendation=rec, author=bob, body="Noted.")
    with django_assert_num_queries(4):
        assert len(recent_activity(alice, limit=20)) == 20
    with django_assert_max_num_queries(16):
        response = as_alice.get(DASHBOARD)
    assert len(item_titles(response, "mine")) == min(rows, 10)
    assert len(section(response, "activity").select("ol.feed li")) == 20


def test_flag_stale_can_be_run_by_hand_and_a_stale_item_says_so_on_its_page_and_list_row(
    client, alice, team, settings, make_one
):
    from io import StringIO

    from django.core.management import call_command

    settings.STALE_AFTER_DAYS = 30
    quiet = make_one(team, "A quiet one")
    make_one(team, "A busy one")
    Recommendation.objects.filter(pk=quiet.pk).update(last_activity_at=timezone.now() - timedelta(days=40))
    out = StringIO()
    call_command("flag_stale", stdout=out)
    assert out.getvalue() == "Flagged 1 recommendation as stale.\n"
    client.force_login(alice)
    rows = client.get(reverse("recommendation_list")).content.decode().split("<tr")
    assert [("Stale</span>" in row) for row in rows if "A quiet one" in row or "A busy one" in row].count(True) == 1
    assert "Stale: no activity since" in client.get(reverse("recommendation_detail", args=[quiet.pk])).content.decode()


def test_evidence_panel_counts_the_week_and_those_awaiting_review_up_to_a_limit(
    as_alice, bob, team, article, make_recommendations, monkeypatch
):
    from tracker.evidence import panels

    recs = make_recommendations(team, 2)
    paragraphs = list(article.paragraphs.order_by("number")[:4])
    for paragraph in paragraphs[:3]:
        Evidence.objects.create(recommendation=recs[0], paragraph=paragraph, state=Evidence.State.SUGGESTED)
    Evidence.objects.create(recommendation=recs[1], paragraph=paragraphs[3], stance=Stance.SUPPORTS, added_by=bob)
    # Suggestions on a closed item await no one.
    change_status(recs[1].pk, Status.IMPLEMENTED, by=bob)
    Evidence.objects.create(recommendation=recs[1], paragraph=paragraphs[0], state=Evidence.State.SUGGESTED)

    def panel_text():
        return section(as_alice.get(DASHBOARD), "evidence-review").p.get_text(" ", strip=True)

    assert panel_text() == "1 confirmed in the last 7 days · 3 awaiting review"
    monkeypatch.setattr(panels, "AWAITING_COUNTED_UP_TO", 2)
    assert panel_text() == "1 confirmed in the last 7 days · over 2 awaiting review"
