"""Shared fixtures: the named people (alice, bob on her team, charlie elsewhere) and test settings."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model

from tests import switches
from tracker.accounts.models import Membership
from tracker.accounts.services import get_or_create_team
from tracker.celery import app as celery_app

# Tests run tasks in-process unless a test starts a real worker (tests marked "worker").
celery_app.conf.task_always_eager = True
celery_app.conf.task_eager_propagates = False


def pytest_sessionstart(session):
    if switches.REQUIRE_POSTGRES and "postgresql" not in django_settings.DATABASES["default"]["ENGINE"]:
        pytest.exit("REQUIRE_POSTGRES=1 but DATABASE_URL is not a PostgreSQL URL", returncode=3)


def require(flag, reason):
    """Skip for a missing service, or fail when this run was told the service must be there."""
    if flag:
        pytest.fail(f"required but unavailable: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _test_settings(settings, request):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Jobs run inline, where a test can see their outcome (tests/jobs/test_threads.py runs them in threads).
    settings.JOBS_IN_THREAD = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Each test starts with no team's week kept for digest previews (a test's data changes within the minute).
    from tracker.digests.views import PREVIEW_WEEKS

    PREVIEW_WEEKS.clear()
    # Nor any list of choices kept for the list's filters.
    from django.core.cache import cache

    cache.clear()
    if request.node.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            require(switches.REQUIRE_POSTGRES, "needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what is queued after the commit (the eager tasks) as the real commit would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def make_user(username, **extra):
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="password", **extra
    )


@pytest.fixture
def team(db):
    return get_or_create_team("Europe desk")


@pytest.fixture
def other_team(db):
    return get_or_create_team("Asia desk")


@pytest.fixture
def alice(team):
    """Admin of the team."""
    user = make_user("alice", first_name="Alice")
    Membership.objects.create(team=team, user=user, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def bob(team):
    """Editor on Alice's team."""
    user = make_user("bob", first_name="Bob")
    Membership.objects.create(team=team, user=user, role=Membership.Role.EDITOR)
    return user


@pytest.fixture
def victor(team):
    """Viewer on Alice's team."""
    user = make_user("victor", first_name="Victor")
    Membership.objects.create(team=team, user=user, role=Membership.Role.VIEWER)
    return user


@pytest.fixture
def charlie(other_team):
    """Admin of another team, with no access to Alice's."""
    user = make_user("charlie", first_name="Charlie")
    Membership.objects.create(team=other_team, user=user, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def seeded(team):
    """The two seed documents imported into Alice's team."""
    from django.core.management import call_command

    call_command("import_seeds", "--team", team.name, "--accept", stdout=open("/dev/null", "w"))
    return team


@pytest.fixture
def brief(seeded):
    from tracker.sources.models import Source

    return Source.objects.get(team=seeded, title__startswith="Will the Trump")


@pytest.fixture
def article(seeded):
    from tracker.sources.models import Source

    return Source.objects.get(team=seeded, title__startswith="7 weeks until Trump")


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
