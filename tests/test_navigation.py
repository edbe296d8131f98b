"""The navigation and page actions offer only what the person may do."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

ADD_DOCUMENT = reverse("jobs:new_document")


def links_to(response, href):
    return BeautifulSoup(response.content, "html.parser").select(f'a[href="{href}"]')


@pytest.mark.parametrize("who, offered", [("victor", False), ("bob", True), ("alice", True)])
def test_add_document_is_offered_only_to_editors_and_admins(client, request, team, who, offered):
    client.force_login(request.getfixturevalue(who))
    for page in (reverse("dashboard"), reverse("jobs:list")):
        response = client.get(page)
        assert bool(links_to(response, ADD_DOCUMENT)) is offered
    jobs_page = client.get(reverse("jobs:list")).content.decode()
    assert ("Suggest evidence" in jobs_page) is offered


def test_an_editor_in_another_team_is_offered_it_too(client, victor, charlie, team, other_team):
    from tracker.accounts.models import Membership

    Membership.objects.create(team=other_team, user=victor, role=Membership.Role.EDITOR)
    client.force_login(victor)
    assert links_to(client.get(reverse("dashboard")), ADD_DOCUMENT)


def test_messages_are_a_list_inside_a_live_region(client, alice, team):
    client.force_login(alice)
    response = client.post(reverse("team_invite", args=[team.pk]), {"email": "dana@example.org", "role": "viewer"})
    page = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    region = page.select_one('[role="status"]')
    assert region.name == "div"
    assert [li.get_text() for li in region.select("ul.messages > li")] == [
        "Invitation sent to dana@example.org as viewer."
    ]
