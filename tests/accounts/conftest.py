import pytest


@pytest.fixture
def people(alice, bob, victor, charlie):
    """The five kinds of visitor of a team's pages, by the name the permission matrix uses."""
    return {"anonymous": None, "viewer": victor, "editor": bob, "admin": alice, "other": charlie}


@pytest.fixture
def client_as(client, people):
    """client_as("editor"): the test client logged in as that person (or not at all for "anonymous")."""

    def login_as(who):
        if people[who] is not None:
            client.force_login(people[who])
        return client

    return login_as
