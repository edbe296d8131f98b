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


# A paragraph that advises without the words the finder looks for: a person tracks it by hand.
MISSED = """Keeping the Baltic grid safe

Undersea cables have been damaged several times this year. It is time every cable landing was on a map.

Recommendations

1. Governments should share sabotage warnings with grid operators within a day.
"""


def test_a_paragraph_is_tracked_by_hand_from_its_source(page, live_server, login, bob, team):
    source = review.store_report(team, MISSED, accept=True, created_by=bob).source
    login(page, bob)
    page.goto(f"{live_server.url}/sources/{source.pk}/")
    page.get_by_role("button", name="Track as recommendation (paragraph 2)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Undersea cables have been damaged")
    expect(page.get_by_role("status")).to_contain_text("Paragraph 2 is now tracked as a recommendation.")


def test_an_editor_adds_a_recommendation_that_has_no_document(page, live_server, login, bob, team):
    login(page, bob)
    page.get_by_role("link", name="New recommendation").click()
    page.get_by_label("Text").fill("The Ministry should publish its stockpile targets every year.")
    page.get_by_label("Where it comes from").fill("Defence Committee, Third Report, March 2025, para 42")
    page.get_by_label("Label").fill("Recommendation 12")
    page.get_by_role("button", name="Add and track").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The Ministry should publish its stockpile targets every year"
    )
    expect(page.get_by_role("status")).to_contain_text("Recommendation added and tracked as New.")
    expect(page.locator(".citation").first).to_contain_text("Defence Committee, Third Report, March 2025, para 42")


def test_an_admin_merges_a_duplicate_into_a_recommendation(page, live_server, login, alice, bob, team):
    keep = review.track_without_document(
        team, text="Navies should patrol the cable routes.", citation="Grid report, para 3", by=bob
    )
    duplicate = review.track_without_document(
        team, text="Navies should patrol the routes of the cables.", citation="Grid summary, para 1", by=bob
    )
    login(page, alice)
    page.goto(f"{live_server.url}/recommendations/{keep.pk}/")
    page.get_by_text("Merge a duplicate into this recommendation").click()
    page.get_by_label("Number of the duplicate").fill(str(duplicate.pk))
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("was merged into this recommendation")
    page.get_by_role("link", name="Recommendations", exact=True).click()
    expect(page.locator("#results td.rec-title > a")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("Navies should patrol the cable routes")
