"""`manage.py check --deploy` with production settings: quiet when the deployment is complete, and loud when the
public address (PORTAL_BASE_URL) or the buffering proxy in front of gunicorn is missing (the legal pages' check,
regionportal.W103: tests/legal/test_checks.py)."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.checks import run_checks

BASE_URL_CHECK, PROXY_CHECK = "regionportal.E101", "regionportal.W102"


def production_env(tmp_path, **variables):
    """The production settings as a server has them, whatever the shell running the tests exports."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PORTAL_", "DATABASE_URL", "PYTEST", "REDIS_URL"))
    }
    return (
        env
        | {
            "DJANGO_SETTINGS_MODULE": "regionportal.settings.base",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "regionportal.example",
            "DJANGO_SQLITE_PATH": str(tmp_path / "db.sqlite3"),
            "DJANGO_TRUSTED_PROXY_COUNT": "1",
            "PORTAL_BASE_URL": "https://regionportal.example",
        }
        | variables
    )


def check_deploy(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_deploy_check_reports_nothing_with_production_settings(tmp_path):
    env = production_env(tmp_path)
    # The legal pages as an operator filled them in: the demo content with the operator's name (regionportal.W103).
    legal = tmp_path / "legal.json"
    legal.write_text(
        (settings.BASE_DIR / "fixtures" / "06_legal_pages.json")
        .read_text(encoding="utf-8")
        .replace("Demo-Betrieb", "Betrieb"),
        encoding="utf-8",
    )
    assert manage(env, "migrate", "-v0").returncode == 0
    assert manage(env, "loaddata", str(legal), "-v0").returncode == 0

    result = check_deploy(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_deploy_check_fails_without_the_public_address_and_the_proxy(tmp_path):
    env = production_env(tmp_path)
    del env["PORTAL_BASE_URL"], env["DJANGO_TRUSTED_PROXY_COUNT"]

    result = check_deploy(env)

    assert result.returncode != 0
    assert f"{BASE_URL_CHECK}) PORTAL_BASE_URL is 'http://127.0.0.1:8000'" in result.stderr
    assert f"{PROXY_CHECK}) " in result.stderr and "nginx" in result.stderr
    assert "regionportal.W103) The legal pages could not be read from the database" in result.stderr  # not migrated


def deployment_problems():
    """The ids of the settings checks' messages (the legal pages in the database: tests/legal/test_checks.py)."""
    messages = run_checks(tags=["deployment"], include_deployment_checks=True)
    return {message.id for message in messages if message.id != "regionportal.W103"}


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000", "http://portal.example.de", "https://localhost", "https://127.0.0.1", "portal.de", ""],
)
def test_the_public_address_must_be_https_and_not_this_machine(url, settings, db):
    settings.PORTAL_BASE_URL = url
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    assert deployment_problems() == {BASE_URL_CHECK}


@pytest.mark.parametrize("url", ["https://portal.example.de", "https://www.kreis-unna.de/regionportal/"])
def test_a_public_https_address_passes(url, settings, db):
    settings.PORTAL_BASE_URL = url
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    assert deployment_problems() == set()


def test_without_a_proxy_in_front_of_gunicorn_the_check_warns(settings, db):
    settings.PORTAL_BASE_URL = "https://portal.example.de"
    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    assert deployment_problems() == {PROXY_CHECK}
