from django.urls import reverse

from tracker.accounts import services
from tracker.accounts.models import Membership


def test_accept_an_invitation_and_land_logged_in(page, live_server, alice, team):
    _, token = services.invite(team, "dana@example.org", "editor", by=alice)
    page.goto(f"{live_server.url}{reverse('accept_invitation', args=[token])}")
    assert page.get_by_role("heading", name="Join Europe desk").is_visible()
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password", exact=True).fill("a-long-new-password")
    page.get_by_label("Password again").fill("a-long-new-password")
    page.get_by_role("button", name="Create account and join").click()
    page.wait_for_url(lambda url: "/invitations/" not in url)
    assert page.get_by_text("Welcome to Europe desk: you joined as editor.").is_visible()
    assert page.locator(".who").inner_text() == "dana"
    assert Membership.objects.get(user__username="dana", team=team).role == "editor"
    # The link is spent.
    page.goto(f"{live_server.url}{reverse('accept_invitation', args=[token])}")
    assert page.get_by_role("heading", name="This invitation cannot be used").is_visible()
