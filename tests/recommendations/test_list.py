"""The recommendation list: filters, search, sort, pages, htmx fragments, permissions, query counts."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from tests.recommendations.conftest import make_theme
from tracker.accounts.models import Membership
from tracker.evidence.models import Evidence, Stance
from tracker.recommendations.models import Comment, Priority, Recommendation, Status
from tracker.recommendations.services import change_status, record_activity

LIST = reverse("recommendation_list")


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [link.get_text(strip=True) for link in soup.select("table.rec-list td.rec-title > a")]


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


def test_anonymous_is_sent_to_login(client):
    response = client.get(LIST + "?q=x")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_lists_the_teams_recommendations_with_what_a_row_shows(as_alice, alice, team, make_one):
    theme = make_theme(team, "Energy")
    rec = make_one(team, "Cap the oil price", owner=alice, priority=Priority.URGENT, due_on=timezone.localdate())
    rec.themes.add(theme)
    response = as_alice.get(LIST)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    row = soup.select_one("table.rec-list tbody tr")
    assert row.select_one("a")["href"] == reverse("recommendation_detail", args=[rec.pk])
    text = row.get_text(" ", strip=True)
    for expected in ["Cap the oil price", "New", "Urgent", "Alice", "Sanctions review, ¶1", "Energy", "Europe desk"]:
        assert expected in text


def test_another_teams_items_never_appear(as_alice, team, other_team, make_one):
    make_one(team, "Ours")
    make_one(other_team, "Theirs")
    assert titles(as_alice.get(LIST)) == ["Ours"]
    assert titles(as_alice.get(LIST, {"q": "Theirs"})) == []


def test_member_of_another_team_sees_none_of_the_teams_items(client, charlie, team, make_recommendations):
    make_recommendations(team, 3)
    client.force_login(charlie)
    response = client.get(LIST)
    assert titles(response) == []
    assert "No recommendations yet" in response.content.decode()


@pytest.mark.parametrize("field", ["team", "owner", "theme", "source"])
def test_another_teams_ids_as_filters_are_ignored_with_a_message(as_alice, team, other_team, charlie, make_one, field):
    ours = make_one(team, "Ours")
    theirs = make_one(other_team, "Theirs", owner=charlie)
    theirs.themes.add(make_theme(other_team, "Secret theme"))
    value = {"team": other_team.pk, "owner": charlie.pk, "theme": theirs.themes.get().pk, "source": theirs.source_id}
    response = as_alice.get(LIST, {field: value[field]})
    assert response.status_code == 200
    assert titles(response) == [ours.title]
    assert "were not understood and were ignored" in response.content.decode()
    assert "Secret theme" not in response.content.decode()


@pytest.mark.parametrize(
    "query", [{"due_after": "2025-13-45"}, {"status": "nonsense"}, {"page": "abc"}, {"sort": "drop table"}]
)
def test_malformed_values_do_not_break_the_page(as_alice, team, make_one, query):
    make_one(team, "Ours")
    response = as_alice.get(LIST, query)
    assert response.status_code == 200
    assert titles(response) == ["Ours"]


def test_filter_by_status_takes_several(as_alice, bob, team, make_one):
    new = make_one(team, "Still new")
    review = make_one(team, "Being reviewed")
    done = make_one(team, "Done already")
    change_status(review.pk, Status.UNDER_REVIEW, by=bob)
    change_status(done.pk, Status.IMPLEMENTED, by=bob)
    assert titles(as_alice.get(LIST, {"status": "implemented"})) == [done.title]
    assert sorted(titles(as_alice.get(LIST, {"status": ["new", "under_review"]}))) == sorted([new.title, review.title])


def test_filter_by_team_for_someone_in_two_teams(as_alice, alice, team, other_team, make_one):
    Membership.objects.create(team=other_team, user=alice, role=Membership.Role.VIEWER)
    make_one(team, "Europe item")
    make_one(other_team, "Asia item")
    assert sorted(titles(as_alice.get(LIST))) == ["Asia item", "Europe item"]
    assert titles(as_alice.get(LIST, {"team": other_team.pk})) == ["Asia item"]


def test_filter_by_owner_and_unassigned(as_alice, alice, bob, team, make_one):
    make_one(team, "Alice's", owner=alice)
    make_one(team, "Bob's", owner=bob)
    make_one(team, "Nobody's")
    assert titles(as_alice.get(LIST, {"owner": bob.pk})) == ["Bob's"]
    assert titles(as_alice.get(LIST, {"owner": "unassigned"})) == ["Nobody's"]


def test_filter_by_theme_source_and_priority(as_alice, team, make_one):
    energy = make_theme(team, "Energy")
    tagged = make_one(team, "Tagged", priority=Priority.HIGH)
    tagged.themes.add(energy, make_theme(team, "Trade"))
    other = make_one(team, "Other source", source_title="Another report", priority=Priority.LOW)
    assert titles(as_alice.get(LIST, {"theme": energy.pk})) == ["Tagged"]
    assert titles(as_alice.get(LIST, {"source": other.source_id})) == ["Other source"]
    assert titles(as_alice.get(LIST, {"priority": Priority.HIGH})) == ["Tagged"]


def test_filter_by_due_dates_and_overdue(as_alice, bob, team, make_one):
    today = timezone.localdate()
    make_one(team, "Last week", due_on=today - timedelta(days=7))
    make_one(team, "Next week", due_on=today + timedelta(days=7))
    make_one(team, "Next year", due_on=today + timedelta(days=365))
    make_one(team, "No date")
    closed = make_one(team, "Closed late", due_on=today - timedelta(days=3))
    change_status(closed.pk, Status.REJECTED, by=bob)
    after = {"due_after": today.isoformat()}
    before = {"due_before": (today + timedelta(days=30)).isoformat()}
    assert sorted(titles(as_alice.get(LIST, after))) == ["Next week", "Next year"]
    assert sorted(titles(as_alice.get(LIST, before))) == ["Closed late", "Last week", "Next week"]
    assert titles(as_alice.get(LIST, {**after, **before})) == ["Next week"]
    # Overdue means still open and past its date.
    assert titles(as_alice.get(LIST, {"overdue": "on"})) == ["Last week"]


def test_overdue_rows_are_highlighted(as_alice, team, make_one):
    make_one(team, "Late", due_on=timezone.localdate() - timedelta(days=1))
    make_one(team, "On time", due_on=timezone.localdate() + timedelta(days=1))
    soup = BeautifulSoup(as_alice.get(LIST, {"sort": "title"}).content, "html.parser")
    late, on_time = soup.select("table.rec-list tbody tr")
    assert late.select_one("time.overdue") and "overdue" in late.get_text()
    assert not on_time.select(".overdue")


def test_filter_stale_items(as_alice, team, make_one):
    old = make_one(team, "Forgotten")
    make_one(team, "Fresh")
    old.__class__.objects.filter(pk=old.pk).update(last_activity_at=timezone.now() - timedelta(days=45))
    assert titles(as_alice.get(LIST, {"stale": "on"})) == ["Forgotten"]


def test_filters_combine(as_alice, alice, bob, team, make_one):
    energy = make_theme(team, "Energy")
    due = timezone.localdate() + timedelta(days=3)
    match = make_one(team, "Gas storage targets", owner=alice, priority=Priority.HIGH, due_on=due)
    match.themes.add(energy)
    near_misses = [
        make_one(team, "Gas storage elsewhere", owner=bob, priority=Priority.HIGH, due_on=due),
        make_one(team, "Gas storage low", owner=alice, priority=Priority.LOW, due_on=due),
        make_one(team, "Oil storage targets", owner=alice, priority=Priority.HIGH, due_on=due),
    ]
    for rec in near_misses:
        rec.themes.add(energy)
    change_status(match.pk, Status.IN_PROGRESS, by=bob)
    query = {
        "q": "gas",
        "status": ["in_progress", "new"],
        "owner": alice.pk,
        "theme": energy.pk,
        "priority": Priority.HIGH,
        "due_before": (due + timedelta(days=1)).isoformat(),
    }
    assert titles(as_alice.get(LIST, query)) == ["Gas storage targets"]


def test_search_finds_title_and_text(as_alice, team, make_one):
    make_one(team, "Strengthen the sanctions regime", text="Close loopholes used by shadow fleet tankers.")
    make_one(team, "Fund reconstruction")
    assert titles(as_alice.get(LIST, {"q": "sanctions"})) == ["Strengthen the sanctions regime"]
    assert titles(as_alice.get(LIST, {"q": "tankers"})) == ["Strengthen the sanctions regime"]
    assert titles(as_alice.get(LIST, {"q": "nonexistentword"})) == []


def test_search_finds_a_comment_body(as_alice, alice, team, make_one):
    rec = make_one(team, "Fund reconstruction")
    make_one(team, "Something else")
    Comment.objects.create(recommendation=rec, author=alice, body="The **Danube** corridor matters here.")
    Comment.objects.create(recommendation=rec, author=alice, body="And the danube ports too.")
    record_activity(rec.pk)
    assert titles(as_alice.get(LIST, {"q": "danube"})) == ["Fund reconstruction"]


def test_search_finds_confirmed_evidence_passages(as_alice, alice, team, article, make_one):
    from_paragraph = make_one(team, "First item")
    from_url = make_one(team, "Second item")
    dismissed = make_one(team, "Third item")
    paragraph = article.paragraphs.get(number=3)
    word = max(paragraph.text.split(), key=len).strip(".,;:“”\"'()")
    Evidence.objects.create(recommendation=from_paragraph, paragraph=paragraph, stance=Stance.SUPPORTS, added_by=alice)
    Evidence.objects.create(
        recommendation=from_url, url="https://example.org/a", excerpt="Grain exports via Odesa recovered."
    )
    Evidence.objects.create(
        recommendation=dismissed, url="https://example.org/b", excerpt="Odesa again.", state=Evidence.State.DISMISSED
    )
    for rec in (from_paragraph, from_url, dismissed):
        record_activity(rec.pk)
    assert "First item" in titles(as_alice.get(LIST, {"q": word}))
    assert titles(as_alice.get(LIST, {"q": "odesa"})) == ["Second item"]


def test_evidence_counts_per_stance(as_alice, team, article, make_one):
    rec = make_one(team, "Counted")
    paragraphs = list(article.paragraphs.order_by("number")[:5])
    for paragraph, stance, state in zip(
        paragraphs,
        [Stance.SUPPORTS, Stance.SUPPORTS, Stance.UNDERCUTS, Stance.CONTEXT, Stance.SUPPORTS],
        ["confirmed", "confirmed", "confirmed", "dismissed", "suggested"],
        strict=True,
    ):
        Evidence.objects.create(recommendation=rec, paragraph=paragraph, stance=stance, state=state)
    cell = BeautifulSoup(as_alice.get(LIST).content, "html.parser").select_one("td.evidence-counts")
    assert [item.get_text(strip=True) for item in cell.select("li")] == [
        "2 supporting",
        "1 undercutting",
        "1 suggested",
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("title", ["Alpha", "Bravo", "Charlie"]),
        ("priority", ["Charlie", "Alpha", "Bravo"]),
        ("due", ["Bravo", "Charlie", "Alpha"]),
        ("status", ["Alpha", "Charlie", "Bravo"]),
    ],
)
def test_sorts(as_alice, bob, team, make_one, sort, expected):
    today = timezone.localdate()
    make_one(team, "Alpha", priority=Priority.HIGH)
    bravo = make_one(team, "Bravo", priority=Priority.LOW, due_on=today)
    charlie = make_one(team, "Charlie", priority=Priority.URGENT, due_on=today + timedelta(days=1))
    change_status(bravo.pk, Status.IMPLEMENTED, by=bob)
    change_status(charlie.pk, Status.UNDER_REVIEW, by=bob)
    assert titles(as_alice.get(LIST, {"sort": sort})) == expected


def test_default_order_is_most_recently_updated(as_alice, bob, team, make_one):
    first = make_one(team, "First")
    make_one(team, "Second")
    change_status(first.pk, Status.IN_PROGRESS, by=bob)
    assert titles(as_alice.get(LIST)) == ["First", "Second"]


def test_pages_of_25_keep_the_filters(as_alice, team, make_recommendations):
    make_recommendations(team, 30, title="Item")
    page_one = as_alice.get(LIST, {"q": "item", "sort": "title"})
    assert len(titles(page_one)) == 25
    soup = BeautifulSoup(page_one.content, "html.parser")
    next_link = soup.select_one(".pagination a[rel=next]")
    assert next_link["href"] == next_link["hx-get"]
    assert "q=item" in next_link["href"] and "sort=title" in next_link["href"] and "page=2" in next_link["href"]
    page_two = as_alice.get(LIST + next_link["href"])
    assert len(titles(page_two)) == 5
    assert not set(titles(page_one)) & set(titles(page_two))
    assert "page 2 of 2" in page_two.content.decode()
    # Past the end shows the last page rather than an error.
    assert titles(as_alice.get(LIST, {"q": "item", "sort": "title", "page": 99})) == titles(page_two)


def test_htmx_request_gets_only_the_results_and_pushes_a_clean_address(as_alice, team, make_one):
    make_one(team, "Fund reconstruction")
    response = as_alice.get(LIST, {"q": "fund", "owner": "", "status": ["new", "stalled"]}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "<form" not in content and "<html" not in content
    assert titles(response) == ["Fund reconstruction"]
    # The count outside the results is updated in place, for screen readers to announce.
    count = BeautifulSoup(content, "html.parser").select_one("[hx-swap-oob]")
    assert count["hx-swap-oob"] == "innerHTML:#result-count"
    assert count.get_text(strip=True) == "1 recommendation matches these filters"
    assert response["HX-Push-Url"] == LIST + "?q=fund&status=new&status=stalled"
    assert "HX-Request" in response["Vary"]


def test_full_page_without_htmx_and_on_a_history_restore(as_alice, team, make_one):
    make_one(team, "Fund reconstruction")
    for headers in [{}, {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}]:
        response = as_alice.get(LIST, {"q": "fund"}, **headers)
        content = response.content.decode()
        assert "<html" in content and "<form" in content and 'id="results"' in content
        assert titles(response) == ["Fund reconstruction"]
        assert "HX-Push-Url" not in response
        soup = BeautifulSoup(content, "html.parser")
        assert [p.get_text(strip=True) for p in soup.select(".result-count")] == [
            "1 recommendation matches these filters"
        ]
        assert not soup.select("[hx-swap-oob]")


def test_shared_address_renders_the_same_filtered_view(as_alice, bob, team, make_one):
    make_one(team, "Bob's gas item", owner=bob)
    make_one(team, "Other gas item")
    response = as_alice.get(LIST + f"?q=gas&status=new&owner={bob.pk}&sort=title")
    soup = BeautifulSoup(response.content, "html.parser")
    assert titles(response) == ["Bob's gas item"]
    assert soup.select_one("input[name=q]")["value"] == "gas"
    assert soup.select_one("input[name=status][value=new]").has_attr("checked")
    assert not soup.select_one("input[name=status][value=stalled]").has_attr("checked")
    assert soup.select_one(f"select[name=owner] option[value='{bob.pk}']").has_attr("selected")
    assert soup.select_one("select[name=sort] option[value=title]").has_attr("selected")


def test_filter_form_works_without_javascript(as_alice):
    soup = BeautifulSoup(as_alice.get(LIST).content, "html.parser")
    form = soup.select_one("form.filters")
    assert form["method"] == "get" and form["action"] == LIST == form["hx-get"]
    assert form.select_one("button[type=submit]")
    # Every control has a label.
    for control in form.select("input, select"):
        assert soup.select_one(f"label[for={control['id']}]"), control["name"]


def test_empty_results_say_so_and_offer_to_clear(as_alice, team, make_one):
    make_one(team, "Fund reconstruction")
    response = as_alice.get(LIST, {"q": "zebra"}, HTTP_HX_REQUEST="true")
    soup = BeautifulSoup(response.content, "html.parser")
    assert "No recommendations match these filters." in soup.get_text()
    assert soup.select_one(".empty a")["href"] == LIST


@pytest.mark.parametrize("rows", [5, 60])
def test_query_count_does_not_grow_with_rows(
    as_alice, alice, team, article, make_recommendations, django_assert_max_num_queries, rows
):
    energy = make_theme(team, "Energy")
    recs = make_recommendations(team, rows, owner=alice)
    paragraphs = list(article.paragraphs.all()[:2])
    for rec in recs:
        rec.themes.add(energy)
        Evidence.objects.create(recommendation=rec, paragraph=paragraphs[0], stance=Stance.SUPPORTS)
        Comment.objects.create(recommendation=rec, author=alice, body="gas")
        record_activity(rec.pk)
    with django_assert_max_num_queries(13):
        response = as_alice.get(LIST, {"sort": "due", "status": ["new"], "owner": alice.pk, "theme": energy.pk})
    assert len(titles(response)) == min(rows, 25)
    with django_assert_max_num_queries(13):
        response = as_alice.get(LIST, {"q": "gas"}, HTTP_HX_REQUEST="true")
    assert len(titles(response)) == min(rows, 25)


@pytest.mark.postgres
def test_postgres_search_uses_the_gin_index_and_ranks(as_alice, alice, team, make_one):
    from django.db import connection

    in_comment = make_one(team, "Fund reconstruction")
    Comment.objects.create(recommendation=in_comment, author=alice, body="Mind the tariffs on steel.")
    record_activity(in_comment.pk)
    make_one(team, "Lower tariffs on steel", text="Tariffs on steel hurt; cut tariffs.")
    make_one(team, "Fund the grid")
    # Stemming: "tariff" finds "tariffs"; the title match outranks the comment.
    assert titles(as_alice.get(LIST, {"q": "tariff"})) == ["Lower tariffs on steel", "Fund reconstruction"]
    # Plain words match as prefixes while someone types.
    assert titles(as_alice.get(LIST, {"q": "tari stee"})) == ["Lower tariffs on steel", "Fund reconstruction"]
    assert titles(as_alice.get(LIST, {"q": "fund gri"})) == ["Fund the grid"]
    assert sorted(titles(as_alice.get(LIST, {"q": "grid or steel"}))) == [
        "Fund reconstruction",
        "Fund the grid",
        "Lower tariffs on steel",
    ]
    # websearch syntax: a quoted phrase and an excluded word.
    assert titles(as_alice.get(LIST, {"q": '"tariffs on steel" -lower'})) == ["Fund reconstruction"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'rec_search_vector_gin'")
        assert "USING gin (search_vector)" in cursor.fetchone()[0]
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM recommendations_recommendation"
            " WHERE search_vector @@ websearch_to_tsquery('english', 'tariff')"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "rec_search_vector_gin" in plan


def test_a_person_is_named_alike_on_the_list_and_on_the_item(as_alice, alice, team, make_one):
    alice.last_name = "Okafor"
    alice.save()
    rec = make_one(team, "Name the owner", owner=alice)
    row = BeautifulSoup(as_alice.get(LIST).content, "html.parser").select_one("table.rec-list tbody tr")
    page = BeautifulSoup(as_alice.get(reverse("recommendation_detail", args=[rec.pk])).content, "html.parser")
    facts = page.select_one("#details .facts").get_text(" ", strip=True)
    assert "Alice Okafor" in row.get_text(" ", strip=True)
    assert "Owner Alice Okafor" in facts


@pytest.mark.postgres
def test_postgres_reads_a_page_of_ids_in_order_from_the_index_of_live_items(team, make_recommendations):
    """The default order's page of ids is read in order from an index (rec_team_live_updated_idx, or on a tiny table
    whose statistics say so, the older rec_team_updated_idx): no sort of the team's items."""
    from django.db import connection

    from tracker.recommendations.filters import ORDERINGS

    make_recommendations(team, 3)
    ids = Recommendation.objects.live_in([team.pk]).order_by(*ORDERINGS["updated"]).values_list("pk", flat=True)
    sql, params = ids[50:75].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "Sort" not in plan, plan
    assert "using rec_team_live_updated_idx" in plan or "using rec_team_updated_idx" in plan, plan


def test_a_search_reads_a_page_and_the_number_of_matches_together(as_alice, team, make_recommendations):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_recommendations(team, 30, title="Item")
    with CaptureQueriesContext(connection) as captured:
        response = as_alice.get(LIST, {"q": "item", "page": 2}, HTTP_HX_REQUEST="true")
    assert len(titles(response)) == 5
    assert "30 recommendations match these filters · page 2 of 2" in response.content.decode()
    # One query reads the page's ids with the count beside them: none counts the matches apart.
    assert not [query for query in captured.captured_queries if query["sql"].startswith("SELECT COUNT(*)")]
    # Past the last page, no match, and the list without a search, still answer as before.
    assert titles(as_alice.get(LIST, {"q": "item", "page": 7})) == titles(response)
    assert titles(as_alice.get(LIST, {"q": "nothing-matches-this"})) == []
    assert len(titles(as_alice.get(LIST, {"page": 2}))) == 5
