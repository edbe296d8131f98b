"""The evidence inbox in a real browser: reviewing passages from the keyboard, with nothing reloaded."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_accessibility import axe, busy_team  # noqa: F401
from tracker.evidence.models import Evidence


def test_review_suggestions_from_the_keyboard(page, live_server, login, bob, busy_team, article, axe):  # noqa: F811
    for number in (6, 7):
        Evidence.objects.create(
            recommendation=busy_team, paragraph=article.paragraphs.get(number=number), state="suggested", score=0.3
        )
    login(page, bob)
    page.goto(f"{live_server.url}{reverse('evidence:inbox')}")
    passages = page.locator(".inbox-passage")
    expect(passages).to_have_count(3)
    assert axe(page) == []

    # j focuses the first passage, s confirms it as supporting; the row says so without a reload.
    page.keyboard.press("j")
    expect(passages.nth(0)).to_be_focused()
    page.keyboard.press("s")
    expect(passages.nth(0)).to_contain_text("Confirmed as supports.")
    first = Evidence.objects.filter(recommendation=busy_team, state="confirmed", stance="supports", reviewed_by=bob)
    assert first.exists()

    # z undoes it; the passage keeps the focus through the swap, so j moves on and d dismisses the next one.
    page.keyboard.press("z")
    expect(passages.nth(0).get_by_role("button", name="Supports")).to_be_visible()
    expect(passages.nth(0)).to_be_focused()
    page.keyboard.press("j")
    expect(passages.nth(1)).to_be_focused()
    page.keyboard.press("d")
    expect(passages.nth(1)).to_contain_text("Dismissed; it will not be suggested again.")
    assert Evidence.objects.filter(recommendation=busy_team, state="dismissed").count() == 1
    assert axe(page) == []

    # The dismissed passage is listed apart and can be restored.
    page.get_by_label("Show").select_option("dismissed")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("button", name="Restore").click()
    expect(page.locator(".inbox-passage").first.get_by_role("button", name="Supports")).to_be_visible()
    assert not Evidence.objects.filter(recommendation=busy_team, state="dismissed").exists()


def test_focus_comes_back_to_the_passage_after_an_undo(page, live_server, login, bob, busy_team, article):  # noqa: F811
    Evidence.objects.create(
        recommendation=busy_team, paragraph=article.paragraphs.get(number=6), state="suggested", score=0.3
    )
    login(page, bob)
    page.goto(f"{live_server.url}{reverse('evidence:inbox')}")
    first = page.locator(".inbox-passage").first
    suggestion = Evidence.objects.filter(recommendation=busy_team, state="suggested").order_by("-score", "pk").first()

    def undone():
        return page.expect_response(lambda r: r.request.method == "POST" and "undo-" in (r.request.post_data or ""))

    # z straight after the row comes back: the undo acts on the new row, which keeps the focus.
    page.keyboard.press("j")
    page.keyboard.press("d")
    expect(first).to_contain_text("Dismissed")
    with undone():
        page.keyboard.press("z")
    expect(first.get_by_role("button", name="Dismiss")).to_be_visible()
    expect(first).to_be_focused()

    # s and z at once, before the first answer: confirmed, then undone, and the row still has the focus.
    with undone():
        page.keyboard.press("s")
        page.keyboard.press("z")
    expect(first.get_by_role("button", name="Supports")).to_be_visible()
    expect(first).to_be_focused()
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.reviewed_by) == ("suggested", bob)

    # Tab to the undo button and Enter: the button leaves with the old row, the focus goes to the new row.
    page.keyboard.press("c")
    undo = first.get_by_role("button", name="Undo")
    undo.focus()
    with undone():
        page.keyboard.press("Enter")
    expect(first.get_by_role("button", name="Context")).to_be_visible()
    expect(first).to_be_focused()
    page.keyboard.press("d")
    expect(first).to_contain_text("Dismissed")
