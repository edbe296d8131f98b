"""Reviewing a document's recommendations in a real browser: accept, reject, split, mark a missed paragraph;
only the accepted ones reach the list. And tracking a paragraph by hand from a source's page."""

import re

from playwright.sync_api import expect

from tracker.recommendations import review

REPORT = """Keeping the Baltic grid safe

Undersea cables have been damaged several times this year. Operators should map every cable landing.

Recommendations

1. Governments should share sabotage warnings with grid operators within a day.
   They should also publish a yearly summary.
2. Navies should patrol the cable routes.
3. Regulators should fund spare cable stocks.
"""


def test_an_editor_reviews_the_recommendations_found(page, live_server, login, bob, team):
    source = review.store_report(team, REPORT, accept=False, created_by=bob).source
    login(page, bob)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Keeping the Baltic grid safe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review the recommendations found")

    governments = page.locator("li.candidate", has_text="Governments should share")
    # Before its second sentence (the first is number 0).
    governments.get_by_label("Split before").select_option(value="1")
    governments.get_by_role("button", name="Split", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Split in two")

    # Each button names the passage it acts on, for screen readers too.
    page.get_by_role("button", name=re.compile("^Reject “Navies should patrol")).click()
    expect(page.locator("li.candidate-rejected", has_text="Navies should patrol")).to_be_visible()

    # The finder did not take the first paragraph's advice: mark its second sentence.
    page.get_by_label("Paragraph number").fill("2")
    page.get_by_label("From sentence").fill("2")
    page.get_by_role("button", name="Propose it").click()
    expect(page.locator("li.candidate", has_text="Operators should map every cable landing.")).to_be_visible()

    page.get_by_role("button", name=re.compile(r"^Accept all \d+")).click()
    expect(page.get_by_role("status")).to_contain_text("4 recommendations now tracked.")

    page.get_by_role("link", name="Recommendations", exact=True).click()
    titles = page.locator("#results td.rec-title > a")
    expect(titles).to_have_count(4)
    expect(page.locator("#results")).not_to_contain_text("Navies should patrol")
    assert source.recommendations.count() == 4


def test_a_paragraph_is_tracked_by_hand_from_its_source(page, live_server, login, bob, team):
    source = review.store_report(team, REPORT, accept=True, created_by=bob).source
    login(page, bob)
    page.goto(f"{live_server.url}/sources/{source.pk}/")
    page.get_by_role("button", name="Track as recommendation (paragraph 2)").click()
    # Titled by the sentence that recommends.
    expect(page.get_by_role("heading", level=1)).to_have_text("Operators should map every cable landing")
    expect(page.get_by_role("status")).to_contain_text("Paragraph 2 is now tracked as a recommendation.")
