"""The digest email previewed in a real browser, and the unsubscribe page used from the keyboard."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_accessibility import axe  # noqa: F401
from tests.digests.conftest import activity  # noqa: F401
from tests.digests.test_busy_week import busy_week  # noqa: F401
from tracker.digests import delivery, tokens
from tracker.digests.content import build_digest
from tracker.digests.emails import render_digest
from tracker.digests.models import DigestPreference


def test_the_digest_preview_renders_the_email(page, live_server, login, alice, activity, tmp_path, settings):  # noqa: F811
    settings.SITE_URL = live_server.url
    login(page, alice)
    page.get_by_role("link", name="Email settings").click()
    page.get_by_role("link", name="Preview this week’s digest").click()

    email = page.frame_locator("iframe[title='The digest email as it will look']")
    expect(email.get_by_role("heading", name="Europe desk")).to_be_visible()
    expect(email.get_by_text("Mentioning you, not yet answered (1)")).to_be_visible()
    link = email.get_by_role("link", name=activity["first"].title).last
    assert link.get_attribute("href").endswith(reverse("recommendation_detail", args=[activity["first"].pk]))
    page.set_viewport_size({"width": 1000, "height": 1800})
    page.screenshot(path=tmp_path / "digest-preview.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 1800})
    page.screenshot(path=tmp_path / "digest-preview-phone.png", full_page=True)
    # At phone width the email's table shrinks to the screen instead of scrolling sideways.
    width = email.locator("body").evaluate("body => body.scrollWidth")
    client_width = email.locator("body").evaluate("body => body.clientWidth")
    assert width <= client_width

    # A link in the previewed email opens the item in the window, not inside the frame.
    link.click()
    expect(page).to_have_url(live_server.url + reverse("recommendation_detail", args=[activity["first"].pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text(activity["first"].title[:40])


def test_unsubscribe_from_the_keyboard_without_logging_in(page, live_server, alice):
    page.goto(live_server.url + reverse("digests:unsubscribe", args=[tokens.unsubscribe_token(alice)]))
    expect(page.get_by_role("heading", name="Unsubscribe from the weekly digest?")).to_be_visible()

    page.get_by_role("button", name="Unsubscribe").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    assert delivery.frequency_of(alice) == DigestPreference.Frequency.OFF


def test_email_settings_by_keyboard(page, live_server, login, alice):
    login(page, alice)
    page.goto(live_server.url + reverse("digests:settings"))
    page.get_by_label("Weekly: every Monday morning").focus()
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("Off: no digest emails").is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Save"
    page.keyboard.press("Enter")

    expect(page.get_by_text("Your email settings are saved.")).to_be_visible()
    assert delivery.frequency_of(alice) == DigestPreference.Frequency.OFF


def test_digest_pages_have_no_serious_accessibility_problems(page, live_server, login, axe, alice, activity):  # noqa: F811
    page.goto(live_server.url + reverse("digests:unsubscribe", args=[tokens.unsubscribe_token(alice)]))
    assert axe(page) == []
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("status")).to_contain_text("will no longer receive the weekly digest")
    assert axe(page) == []
    page.goto(live_server.url + reverse("digests:unsubscribe", args=["not-a-token"]))
    expect(page.get_by_role("alert")).to_contain_text("not valid")
    assert axe(page) == []

    login(page, alice)
    for name in ("digests:settings", "digests:preview"):
        page.goto(live_server.url + reverse(name))
        assert axe(page) == [], name


def test_a_busy_weeks_email_fits_a_desktop_and_a_phone_without_scrolling_sideways(page, alice, busy_week, tmp_path):  # noqa: F811
    subject, text, html = render_digest(build_digest(alice, busy_week))
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.set_content(html)
        sideways = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert sideways <= 0, f"{sideways}px of sideways scrolling at {width}px"
        page.screenshot(path=tmp_path / f"busy-digest-{width}.png", full_page=True)
        # Capped lists keep the email short enough to read to its end, where the unsubscribe link is.
        height = page.evaluate("() => document.documentElement.scrollHeight")
        assert height < 20000, f"{height}px tall at {width}px"
        expect(page.get_by_role("link", name="Unsubscribe")).to_be_attached()
        expect(page.get_by_role("heading", name="Needs you")).to_be_visible()
