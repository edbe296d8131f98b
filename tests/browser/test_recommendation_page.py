"""The recommendation page in a real browser: htmx status changes, safe comments, stale changes refused."""

import pytest
from playwright.sync_api import expect

from tracker.accounts.models import Membership
from tracker.evidence.models import Evidence
from tracker.recommendations.models import Recommendation, Status


@pytest.fixture
def recommendation(seeded):
    return Recommendation.objects.filter(team=seeded).order_by("source_id", "paragraph__number").first()


def open_page(page, live_server, recommendation):
    page.goto(f"{live_server.url}/recommendations/{recommendation.pk}/")
    # Survives only as long as no full page load happens.
    page.evaluate("window.samePage = true")


def test_status_change_updates_badge_and_history_without_reload(page, live_server, login, bob, recommendation):
    login(page, bob)
    open_page(page, live_server, recommendation)
    page.get_by_label("New status").select_option("in_progress")
    page.get_by_label("Note (optional)").fill("Work starts this week")
    page.get_by_role("button", name="Change status").click()

    expect(page.locator("#status-badge")).to_have_text("In progress")
    first_entry = page.locator("#history-list > li").first
    expect(first_entry).to_contain_text("New → In progress")
    expect(first_entry).to_contain_text("Work starts this week")
    # The details form gets the new version in place, so it still saves afterwards.
    expect(page.locator("#details input[name=version]")).to_have_value(str(recommendation.version + 1))
    assert page.evaluate("window.samePage") is True
    assert Recommendation.objects.get(pk=recommendation.pk).status == Status.IN_PROGRESS


def test_comment_markdown_renders_and_its_script_does_not_run(page, live_server, login, victor, recommendation):
    login(page, victor)
    open_page(page, live_server, recommendation)
    page.get_by_role("textbox", name="Comment").fill(
        '**Bold claim** for @bob <script>window.pwned = true</script> <img src="x" onerror="window.pwned = true">'
    )
    page.get_by_role("button", name="Add comment").click()

    body = page.locator(".comment-body").first
    expect(body.locator("strong")).to_have_text("Bold claim")
    assert page.evaluate("window.pwned") is None
    assert page.evaluate("window.samePage") is True
    page.reload()
    expect(page.locator(".comment-body strong")).to_have_text("Bold claim")
    assert page.evaluate("window.pwned") is None


def test_a_stale_status_change_in_a_second_session_is_refused(browser, live_server, login, alice, bob, recommendation):
    first = browser.new_context().new_page()
    second = browser.new_context().new_page()
    login(first, bob)
    login(second, alice)
    open_page(first, live_server, recommendation)
    open_page(second, live_server, recommendation)

    first.get_by_label("New status").select_option("in_progress")
    first.get_by_role("button", name="Change status").click()
    expect(first.locator("#status-badge")).to_have_text("In progress")

    second.get_by_label("New status").select_option("implemented")
    second.get_by_role("button", name="Change status").click()
    expect(second.get_by_role("alert")).to_contain_text("Its status is “In progress”, set by bob")
    expect(second.locator("#status-badge")).to_have_text("In progress")
    expect(second.get_by_label("New status")).to_have_value("in_progress")
    assert Recommendation.objects.get(pk=recommendation.pk).status == Status.IN_PROGRESS
    first.context.close()
    second.context.close()


def test_a_refused_htmx_request_says_so_on_the_page(page, live_server, login, bob, recommendation):
    login(page, bob)
    open_page(page, live_server, recommendation)
    # Bob's role is lowered while his page is open: the server refuses, and the page must not stay silent.
    Membership.objects.filter(user=bob).update(role=Membership.Role.VIEWER)
    page.get_by_label("New status").select_option("stalled")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator("#request-error")).to_contain_text("Not done: the server answered 403")
    expect(page.locator("#status-badge")).to_have_text("New")
    assert page.evaluate("window.samePage") is True
    assert Recommendation.objects.get(pk=recommendation.pk).status == Status.NEW


def test_without_javascript_the_status_form_posts_and_the_page_shows_the_change(
    browser, live_server, login, bob, recommendation
):
    context = browser.new_context(java_script_enabled=False)
    page = login(context.new_page(), bob)
    page.goto(f"{live_server.url}/recommendations/{recommendation.pk}/")
    page.get_by_label("New status").select_option("under_review")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_role("status")).to_contain_text("Status changed to “Under review”.")
    expect(page.locator("#status-badge")).to_have_text("Under review")
    context.close()


def test_removed_evidence_comes_back_with_undo(page, live_server, login, bob, recommendation, article):
    paragraph = article.paragraphs.get(number=3)
    Evidence.objects.create(recommendation=recommendation, paragraph=paragraph, stance="supports", added_by=bob)
    login(page, bob)
    open_page(page, live_server, recommendation)
    supports = page.locator("#evidence .stance-supports")
    expect(supports).to_contain_text("paragraph 3")
    supports.get_by_role("button", name="Remove this evidence").click()
    expect(page.locator("#evidence .stance-supports")).to_contain_text("None yet.")
    page.get_by_role("button", name="Undo").click()
    expect(page.locator("#evidence .stance-supports")).to_contain_text("paragraph 3")
    assert page.evaluate("window.samePage") is True
    assert Evidence.objects.get().state == Evidence.State.CONFIRMED


def test_an_unsaved_details_edit_survives_a_status_change(page, live_server, login, bob, recommendation):
    login(page, bob)
    open_page(page, live_server, recommendation)
    page.get_by_text("Edit details").click()
    page.get_by_label("Addressed to").fill("Japan and the G7")
    page.get_by_label("New status").select_option("under_review")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator("#status-badge")).to_have_text("Under review")

    expect(page.get_by_label("Addressed to")).to_have_value("Japan and the G7")
    page.get_by_role("button", name="Save details").click()
    expect(page.locator("#details")).to_contain_text("Details saved.")
    saved = Recommendation.objects.get(pk=recommendation.pk)
    assert (saved.actor, saved.status) == ("Japan and the G7", Status.UNDER_REVIEW)
    # And the status form took the new version: a further change is accepted.
    page.get_by_label("New status").select_option("in_progress")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator("#status-badge")).to_have_text("In progress")
    assert page.evaluate("window.samePage") is True


def test_earlier_comments_are_shown_in_place_and_a_link_to_an_old_one_finds_it(
    page, live_server, login, victor, recommendation
):
    from tracker.recommendations import comments
    from tracker.recommendations.pages import COMMENTS_SHOWN

    oldest = comments.add_comment(recommendation, author=victor, body="The oldest remark")
    for number in range(COMMENTS_SHOWN):
        comments.add_comment(recommendation, author=victor, body=f"Remark {number}")
    login(page, victor)
    open_page(page, live_server, recommendation)
    expect(page.locator(".comment-body")).to_have_count(COMMENTS_SHOWN)
    page.get_by_role("link", name="Show 1 earlier comment").click()
    expect(page.locator(".comment-body")).to_have_count(COMMENTS_SHOWN + 1)
    expect(page.locator("ol.comment-list")).to_be_focused()
    assert page.evaluate("window.samePage") is True
    # A link to a comment older than those the page opens on (from a digest or the dashboard) still finds it.
    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/recommendations/{recommendation.pk}/#comment-{oldest.pk}")
    expect(page.locator(f"#comment-{oldest.pk}")).to_contain_text("The oldest remark")
    assert "comments=all" in page.url
