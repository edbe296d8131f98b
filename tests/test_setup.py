"""Start-up: settings refuse bad configuration, and `make run`'s setup works from a fresh clone."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def django_check(**env):
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = django_check(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_refuses_a_boolean_it_cannot_read():
    result = django_check(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


@pytest.mark.parametrize(
    "variable, value, message",
    [
        ("EMAIL_PORT", "smtp", "EMAIL_PORT='smtp' is not a whole number"),
        ("EMAIL_PORT", "70000", "EMAIL_PORT='70000' is out of range"),
        ("STALE_AFTER_DAYS", "0", "STALE_AFTER_DAYS='0' is out of range"),
        ("UPLOAD_MAX_BYTES", "10MB", "UPLOAD_MAX_BYTES='10MB' is not a whole number"),
        ("AXES_COOLOFF_HOURS", "an hour", "AXES_COOLOFF_HOURS='an hour' is not a number"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL='loud' is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
        ("SITE_URL", "tracker.example.org", "SITE_URL='tracker.example.org' must start with http:// or https://"),
        ("DATABASE_URL", "tracker-db", "DATABASE_URL is not a database URL we can use"),
    ],
)
def test_refuses_a_value_it_cannot_use_naming_the_variable(variable, value, message):
    result = django_check(**{variable: value})
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {message}" in result.stderr


def test_a_blank_secret_key_is_no_key():
    result = django_check(DEBUG="off", SECRET_KEY="   ")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_starts_with_debug_off_and_a_key():
    result = django_check(DEBUG="off", SECRET_KEY="x" * 50, ALLOWED_HOSTS="tracker.example.org")
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs a git checkout")
def test_make_setup_from_a_fresh_clone(tmp_path):
    """migrate, import the seeds, create the demo users: twice, the second run harmless."""
    clone = tmp_path / "tracker"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "MAKEFLAGS")}
    # Reuse this run's virtualenv: installing is what `make test` already proved.
    venv = Path(sys.executable).parent.parent
    command = ["make", "-s", "setup", f"VENV={venv}"]
    first = subprocess.run(command, cwd=clone, env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Created 2 sources and 3 recommendations" in first.stdout
    logins = [line.split() for line in first.stdout.splitlines() if line.strip().startswith(("admin", "editor"))]
    assert [row[0] for row in logins] == ["admin", "editor"]
    assert (clone / "tracker.sqlite3").exists()

    second = subprocess.run(command, cwd=clone, env=env, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Nothing new: all 2 files were already imported" in second.stdout
    # The same passwords are printed again, and they still log in.
    again = [line.split() for line in second.stdout.splitlines() if line.strip().startswith(("admin", "editor"))]
    assert again == logins
    check = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "manage.py",
            "shell",
            "-c",
            "from django.contrib.auth.models import User;"
            f"print(User.objects.get(username='editor').check_password('{logins[1][1]}'))",
        ],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.stdout.strip().endswith("True"), check.stdout + check.stderr
