"""Filtering the recommendation list in a real browser: results swap in place, the address follows, Back works."""

import re

from playwright.sync_api import expect

from tracker.recommendations.models import Status
from tracker.recommendations.services import change_status


def result_titles(page):
    return page.locator("#results td.rec-title > a")


def test_filter_and_search_change_results_and_address_without_reload(page, live_server, login, alice, bob, seeded):
    from tracker.recommendations.models import Recommendation

    recs = list(Recommendation.objects.filter(team=seeded).order_by("paragraph__number"))
    change_status(recs[1].pk, Status.STALLED, by=bob)
    login(page, alice)
    page.goto(f"{live_server.url}/recommendations/")
    expect(result_titles(page)).to_have_count(3)
    # A full page load would lose this marker.
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_label("Stalled").check()
    expect(page).to_have_url(re.compile(r"status=stalled"))
    expect(result_titles(page)).to_have_count(1)
    expect(result_titles(page).first).to_have_text(recs[1].title)
    expect(page.get_by_role("status")).to_have_text("1 recommendation matches these filters")

    page.get_by_label("Stalled").uncheck()
    expect(page).not_to_have_url(re.compile(r"status="))
    expect(result_titles(page)).to_have_count(3)
    page.get_by_label("Search", exact=True).press_sequentially("Japan", delay=30)
    expect(page).to_have_url(re.compile(r"q=Japan"))
    expect(result_titles(page)).to_have_count(2)
    assert page.evaluate("window.stillTheSamePage") is True

    page.get_by_label("Search", exact=True).fill("zebra")
    expect(page.get_by_text("No recommendations match these filters.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=zebra"))

    page.go_back()
    expect(page).to_have_url(re.compile(r"q=Japan$"))
    expect(result_titles(page)).to_have_count(2)
    expect(page.get_by_label("Search", exact=True)).to_have_value("Japan")

    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/recommendations/")
    expect(result_titles(page)).to_have_count(3)
    expect(page.get_by_label("Search", exact=True)).to_have_value("")

    # Back to the status filter alone: results and controls match the address.
    page.go_back()
    expect(page).to_have_url(re.compile(r"status=stalled$"))
    expect(result_titles(page)).to_have_count(1)
    expect(page.get_by_label("Stalled")).to_be_checked()


def test_a_failed_request_is_reported_on_any_page_and_cleared_by_the_next(page, live_server, login, alice, seeded):
    login(page, alice)
    page.goto(f"{live_server.url}/recommendations/")
    alert = page.locator("#request-error")
    expect(alert).to_be_hidden()

    # The server fails the filtered results once; the page says so instead of showing stale results silently.
    failures = {"left": 1}

    def fail_once(route):
        if failures["left"]:
            failures["left"] -= 1
            route.fulfill(status=500, body="boom")
        else:
            route.continue_()

    page.route(re.compile(r".*/recommendations/\?.*"), fail_once)
    page.get_by_label("Stalled").check()
    expect(alert).to_be_visible()
    expect(alert).to_have_text(re.compile(r"^Not done: the server answered 500"))
    expect(alert).to_have_attribute("role", "alert")

    page.get_by_label("Stalled").uncheck()
    expect(alert).to_be_hidden()
