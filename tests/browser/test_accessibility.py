"""Accessibility in a real browser: axe-core finds no serious or critical problems, and the keyboard suffices."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from playwright.sync_api import expect

from tests import switches
from tests.conftest import require
from tracker.accounts import services as account_services
from tracker.evidence.models import Evidence

AXE = Path(django_settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe():
    """check(page): run axe-core on the page and return its serious and critical violations."""
    if not AXE.exists():
        require(switches.REQUIRE_BROWSER, f"axe-core not found at {AXE}: run `make install` (needs npm)")

    def check(page):
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return check


def test_login_page(page, live_server, axe, db):
    page.goto(f"{live_server.url}{reverse('login')}")
    assert axe(page) == []


def test_login_page_with_an_error(page, live_server, axe, alice):
    page.goto(f"{live_server.url}{reverse('login')}")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("alert").is_visible()
    assert axe(page) == []


def test_team_page_for_an_admin(page, live_server, login, axe, alice, bob, victor, team):
    account_services.invite(team, "dana@example.org", "editor", by=alice)
    login(page, alice)
    page.goto(f"{live_server.url}{reverse('team_detail', args=[team.pk])}")
    assert page.get_by_role("heading", name="Europe desk").is_visible()
    assert axe(page) == []
    page.locator("summary", has_text="Remove bob").click()
    assert page.get_by_role("button", name="Remove bob from Europe desk").is_visible()
    assert axe(page) == []


def test_sources_list_and_source_page(page, live_server, login, axe, bob, brief, article):
    rec = brief.recommendations.first()
    Evidence.objects.create(recommendation=rec, paragraph=article.paragraphs.get(number=3), stance="supports")
    login(page, bob)
    page.goto(f"{live_server.url}{reverse('sources:list')}")
    assert axe(page) == []
    page.goto(f"{live_server.url}{reverse('sources:detail', args=[brief.pk])}")
    assert axe(page) == []
    page.goto(f"{live_server.url}{reverse('sources:detail', args=[article.pk])}?link=3#p3")
    assert page.get_by_role("group", name="Recommendation").is_visible()
    assert axe(page) == []


def test_skip_link_comes_first_and_login_works_by_keyboard(page, live_server, alice):
    page.goto(f"{live_server.url}{reverse('login')}")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.textContent.trim(), document.activeElement.className]")
    assert focused == ["Skip to content", "skip-link"]
    assert page.get_by_role("link", name="Skip to content").is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "id_username"
    page.keyboard.type("alice")
    page.keyboard.press("Tab")
    page.keyboard.type("password")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login/" not in url)
    assert page.get_by_role("button", name="Log out").is_visible()


def test_evidence_form_opens_and_posts_by_keyboard(page, live_server, login, bob, brief, article):
    login(page, bob)
    page.goto(f"{live_server.url}{reverse('sources:detail', args=[article.pk])}")
    link = page.get_by_role("link", name="Link as evidence (paragraph 3)")
    link.focus()
    page.keyboard.press("Enter")
    # With htmx the form replaces the link in place, and its search field takes the focus.
    page.locator("#evidence-find-3").wait_for()
    assert page.evaluate("() => document.activeElement.id") == "evidence-find-3"
    assert "?link=" not in page.url
    # Typing finds the recommendation among the team's; the best match is chosen.
    wanted = brief.recommendations.order_by("pk").first()
    page.keyboard.type(wanted.title.split()[0])
    expect(page.locator("#link-choices-3 input[type=radio]").first).to_have_attribute("value", str(wanted.pk))
    expect(page.locator(f"#evidence-recommendation-3-{wanted.pk}")).to_be_checked()
    page.get_by_label("Stance").select_option("supports")
    page.get_by_label("Note (optional)").fill("Fighting continues")
    page.get_by_role("button", name="Link as evidence").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#p3")
    assert page.get_by_text("Paragraph 3 linked as evidence").is_visible()
    assert page.locator("#p3").get_by_text("Evidence: supports").is_visible()


@pytest.fixture
def busy_team(seeded, brief, article, alice, bob, victor):
    """A team whose pages show every panel: history, evidence of each kind, suggestions, comments, a job."""
    from datetime import timedelta

    from django.utils import timezone

    from tracker.jobs.models import Job
    from tracker.recommendations.comments import add_comment
    from tracker.recommendations.services import change_status, update_details

    rec = brief.recommendations.order_by("paragraph__number").first()
    change_status(rec.pk, "in_progress", by=bob, note="Started")
    rec.refresh_from_db()
    due = timezone.localdate() + timedelta(days=3)
    update_details(rec.pk, expected_version=rec.version, owner=bob, priority=3, due_on=due, actor="", themes=[])
    states = ["confirmed", "confirmed", "suggested", "removed"]
    for number, state in zip((2, 3, 4, 5), states, strict=True):
        paragraph = article.paragraphs.get(number=number)
        # A suggestion shows why: its best sentence marked, the words that matched listed.
        why = {"matched_terms": "ukraine, russia", "sentence_start": 0, "sentence_end": len(paragraph.text) // 2}
        Evidence.objects.create(
            recommendation=rec,
            paragraph=paragraph,
            state=state,
            score=0.4,
            added_by=bob,
            **(why if state == "suggested" else {}),
        )
    long_url = "https://example.org/reports?id=" + "0123456789" * 20
    Evidence.objects.create(recommendation=rec, url=long_url, excerpt="A passage.", stance="context", added_by=bob)
    add_comment(rec, author=victor, body=f"**Noted**, @bob: see [the brief](https://example.org/brief) and {long_url}")
    Job.objects.create(kind=Job.Kind.SUGGEST, team=seeded, started_by=bob, state=Job.State.FAILED, error="Boom")
    return rec


@pytest.mark.parametrize("who", ["victor", "bob"])
def test_main_pages_have_no_serious_problems(page, live_server, login, axe, request, busy_team, who):
    from tracker.jobs.models import Job

    login(page, request.getfixturevalue(who))
    pages = [
        reverse("dashboard"),
        reverse("recommendation_list"),
        reverse("recommendation_list") + "?status=in_progress&sort=due&q=Japan",
        reverse("recommendation_list") + "?due_after=not-a-date",
        reverse("recommendation_detail", args=[busy_team.pk]),
        reverse("jobs:list"),
        reverse("jobs:detail", args=[Job.objects.get().pk]),
        reverse("evidence:inbox"),
        reverse("team_list"),
        reverse("digests:settings"),
    ]
    if who == "bob":
        pages.append(reverse("jobs:new_document"))
    problems = {}
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        if found := axe(page):
            problems[path] = found
    assert problems == {}


def test_detail_page_after_htmx_swaps_has_no_serious_problems(page, live_server, login, axe, bob, busy_team):
    login(page, bob)
    page.goto(f"{live_server.url}{reverse('recommendation_detail', args=[busy_team.pk])}")
    page.get_by_label("New status").select_option("implemented")
    page.get_by_role("button", name="Change status").click()
    page.locator("#status-badge", has_text="Implemented").wait_for()
    page.locator(".suggestions").get_by_role("button", name="Dismiss").click()
    page.locator(".evidence-notice").wait_for()
    page.get_by_role("textbox", name="Comment").fill("- a list\n- in a comment")
    page.get_by_role("button", name="Add comment").click()
    page.locator(".comment-body li", has_text="in a comment").wait_for()
    assert axe(page) == []


@pytest.mark.parametrize("who", ["victor", "alice"])
def test_pages_fit_a_phone_screen(browser, live_server, login, request, busy_team, who):
    """At 390 px nothing makes the page scroll sideways."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    login(page, request.getfixturevalue(who))
    team = busy_team.team
    paths = [
        reverse("dashboard"),
        reverse("recommendation_list"),
        reverse("recommendation_detail", args=[busy_team.pk]),
        reverse("sources:detail", args=[busy_team.source_id]),
        reverse("jobs:list"),
        reverse("evidence:inbox"),
        reverse("team_detail", args=[team.pk]),
        reverse("digests:preview"),
    ]
    wide = {}
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 390:
            wide[path] = width
    page.close()
    assert wide == {}


def test_review_page(page, live_server, login, axe, bob, article):
    from tracker.recommendations import review

    review.mark(article.paragraphs.get(number=4), by=bob)
    review.reject(review.mark(article.paragraphs.get(number=5), by=bob).pk, by=bob)
    login(page, bob)
    page.goto(f"{live_server.url}{reverse('review', args=[article.pk])}")
    assert page.get_by_role("button", name=re.compile("^Accept all")).is_visible()
    assert axe(page) == []
