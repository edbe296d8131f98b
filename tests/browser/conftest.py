"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Nothing is downloaded: the browser is the system's /usr/bin/chromium (CHROMIUM_PATH).
Every test here is marked "browser"; without Chromium it is skipped, or fails under REQUIRE_BROWSER=1.
"""

import os
from pathlib import Path

import pytest

from tests import switches
from tests.conftest import require

# Playwright's sync API runs an event loop in the test thread; the live server's ORM calls are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": switches.CHROMIUM_PATH,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(autouse=True)
def _chromium_present():
    if not Path(switches.CHROMIUM_PATH).exists():
        require(switches.REQUIRE_BROWSER, f"Chromium not found at {switches.CHROMIUM_PATH}")


@pytest.fixture
def login(live_server):
    """login(page, user): log in through the real form; every named fixture user has the password 'password'."""

    def do_login(page, user):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill("password")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/**")
        return page

    return do_login
