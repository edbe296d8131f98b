"""The recommendation page by keyboard alone: after each htmx swap the focus stays where the person was working."""

import pytest
from playwright.sync_api import expect

from tracker.recommendations.models import Comment, Recommendation, Status


@pytest.fixture
def recommendation(seeded):
    return Recommendation.objects.filter(team=seeded).order_by("source_id", "paragraph__number").first()


def focused(page):
    return page.evaluate("() => document.activeElement.id || document.activeElement.tagName")


def tab_to(page, element_id, limit=80):
    """Press Tab until the element has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page) == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def test_change_status_by_keyboard(page, live_server, login, bob, recommendation):
    login(page, bob)
    page.goto(f"{live_server.url}/recommendations/{recommendation.pk}/")
    tab_to(page, "status-status")
    page.keyboard.press("ArrowDown")
    tab_to(page, "status-note")
    page.keyboard.type("Desk agreed")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#status-badge")).to_have_text("Under review")
    expect(page.locator("#history-list > li").first).to_contain_text("Desk agreed")
    # The swapped panel keeps the focus on its button, so Tab goes on from there, not from the top of the page.
    assert focused(page) == "status-submit"
    assert Recommendation.objects.get(pk=recommendation.pk).status == Status.UNDER_REVIEW


def test_comment_add_edit_and_delete_by_keyboard(page, live_server, login, victor, recommendation):
    login(page, victor)
    page.goto(f"{live_server.url}/recommendations/{recommendation.pk}/")
    tab_to(page, "comment-body")
    page.keyboard.type("First **thought**")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".comment-body strong")).to_have_text("thought")
    assert focused(page) == "comment-submit"

    comment = Comment.objects.get()
    page.get_by_role("link", name="Edit your comment").focus()
    page.keyboard.press("Enter")
    # The edit form replaces the comment and its text box takes the focus.
    expect(page.get_by_role("textbox", name="Edit your comment")).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.type(" and a second")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(f"#comment-{comment.pk} .comment-body")).to_contain_text("and a second")
    expect(page.locator(f"#comment-{comment.pk}")).to_be_focused()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete comment").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#comments .comment")).to_have_count(0)
    assert not Comment.objects.exists()


def test_confirm_a_suggestion_and_undo_a_removal_by_keyboard(page, live_server, login, bob, recommendation, article):
    from tracker.evidence.models import Evidence

    suggestion = Evidence.objects.create(
        recommendation=recommendation, paragraph=article.paragraphs.get(number=4), state="suggested", score=0.5
    )
    login(page, bob)
    page.goto(f"{live_server.url}/recommendations/{recommendation.pk}/")
    page.locator(f"#evidence-{suggestion.pk}").get_by_role("button", name="Confirm").focus()
    page.keyboard.press("Enter")
    notice = page.locator(".evidence-notice")
    expect(notice).to_have_text("Suggestion confirmed.")
    expect(notice).to_be_focused()

    page.get_by_role("button", name="Remove this evidence").focus()
    page.keyboard.press("Enter")
    expect(notice).to_contain_text("Evidence removed.")
    expect(notice).to_be_focused()
    # From the notice, the next Tab is its Undo button.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(notice).to_have_text("Evidence restored.")
    assert Evidence.objects.get(pk=suggestion.pk).state == "confirmed"
