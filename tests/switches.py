"""Switches of the test suite, read from the environment here and nowhere in the app's settings.

CI sets the REQUIRE_* ones: a test that would be skipped for lack of PostgreSQL, Chromium or a broker
fails instead.
"""

import environ

_env = environ.Env()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _flag(name):
    value = _env.str(name, default="").strip().lower()
    if value not in _TRUE | _FALSE:
        raise SystemExit(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")
    return value in _TRUE


REQUIRE_POSTGRES = _flag("REQUIRE_POSTGRES")
REQUIRE_BROWSER = _flag("REQUIRE_BROWSER")
REQUIRE_WORKER = _flag("REQUIRE_WORKER")
CHROMIUM_PATH = _env.str("CHROMIUM_PATH", default="/usr/bin/chromium")
