"""`manage.py check --deploy` under the production environment the README documents."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The production environment of README.md, "Production".
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3Zq8vN1pR7tY4uW0xB6cE9fH2jL5mA8sD1gJ4kP7oQ0rT3vX6yZ9bC2eF5hI8",
    "ALLOWED_HOSTS": "skintrack.example",
    "CSRF_TRUSTED_ORIGINS": "https://skintrack.example",
    "SITE_URL": "https://skintrack.example",
    "EMAIL_HOST": "smtp.example",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def check_deploy(tmp_path, *options, **changes) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    env.pop("DATABASE_URL", None)
    env.update(PRODUCTION, SQLITE_PATH=str(tmp_path / "db.sqlite3"))
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", *options],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_documented_production_settings_pass_the_deploy_check_without_a_warning(tmp_path):
    result = check_deploy(tmp_path, "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("changes", "warning"),
    [
        ({"EMAIL_HOST": None}, "skintrack.W001"),
        ({"SECURE_HSTS_PRELOAD": None}, "security.W021"),
    ],
)
def test_a_missing_production_setting_is_a_warning_not_a_crash(tmp_path, changes, warning):
    result = check_deploy(tmp_path, **changes)
    assert warning in result.stderr
    assert "ERRORS" not in result.stderr
    assert result.returncode == 0  # a warning: the check passes and the server starts


def test_production_redirects_to_https_and_asks_for_a_year_of_hsts(tmp_path):
    script = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECURE_")}
    env.update(PRODUCTION, SQLITE_PATH=str(tmp_path / "db.sqlite3"))
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True", "31536000", "True"], result.stderr
