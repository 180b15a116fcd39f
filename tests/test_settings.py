"""The settings read from the environment, the database defaults and the security headers."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skintrack.settings import BASE_DIR, envbool, envint, envlist

# Variables that settings.py reads; the subprocesses start from a clean slate of them.
SETTINGS_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "SQLITE_PATH",
    "ALLOWED_HOSTS",
    "SITE_URL",
)


def import_settings(env: dict[str, str], code: str = "") -> subprocess.CompletedProcess:
    """Import skintrack.settings in a fresh Python with `env` on top of a clean environment."""
    base = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    return subprocess.run(
        [sys.executable, "-c", "import skintrack.settings as s\n" + code],
        cwd=BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


# --- the helpers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("YES", True),
        ("on", True),
        ("0", False),
        ("False", False),
        ("no", False),
        ("off", False),
    ],
)
def test_envbool_reads_booleans(monkeypatch, raw, expected):
    monkeypatch.setenv("SKINTRACK_TEST_FLAG", raw)
    assert envbool("SKINTRACK_TEST_FLAG", not expected) is expected


@pytest.mark.parametrize("raw", [None, ""])
def test_envbool_default_when_unset_or_empty(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("SKINTRACK_TEST_FLAG", raising=False)
    else:
        monkeypatch.setenv("SKINTRACK_TEST_FLAG", raw)
    assert envbool("SKINTRACK_TEST_FLAG", True) is True
    assert envbool("SKINTRACK_TEST_FLAG", False) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "tru", " "])
def test_envbool_refuses_other_values(monkeypatch, raw):
    monkeypatch.setenv("SKINTRACK_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="SKINTRACK_TEST_FLAG"):
        envbool("SKINTRACK_TEST_FLAG", False)


def test_envint_reads_integers(monkeypatch):
    monkeypatch.setenv("SKINTRACK_TEST_INT", "42")
    assert envint("SKINTRACK_TEST_INT", 1) == 42
    monkeypatch.setenv("SKINTRACK_TEST_INT", "")
    assert envint("SKINTRACK_TEST_INT", 7) == 7


@pytest.mark.parametrize("raw", ["ten", "1.5", "0x10", "2MB"])
def test_envint_refuses_non_integers(monkeypatch, raw):
    monkeypatch.setenv("SKINTRACK_TEST_INT", raw)
    with pytest.raises(ImproperlyConfigured, match="SKINTRACK_TEST_INT"):
        envint("SKINTRACK_TEST_INT", 1)


def test_envlist_splits_and_trims(monkeypatch):
    monkeypatch.delenv("SKINTRACK_TEST_LIST", raising=False)
    assert envlist("SKINTRACK_TEST_LIST", ["default"]) == ["default"]
    monkeypatch.setenv("SKINTRACK_TEST_LIST", " a.example , b.example,, ")
    assert envlist("SKINTRACK_TEST_LIST", ["default"]) == ["a.example", "b.example"]
    monkeypatch.setenv("SKINTRACK_TEST_LIST", "")
    assert envlist("SKINTRACK_TEST_LIST", ["default"]) == []


# --- importing settings with a given environment -----------------------------------------------


def test_production_without_secret_key_refuses_to_start():
    result = import_settings({"DEBUG": "0"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is required" in result.stderr


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "SITE_URL": "https://skintrack.example/"}


def test_production_with_secret_key_starts():
    result = import_settings(PRODUCTION, "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.SITE_URL)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "https://skintrack.example"]


def test_production_without_a_site_url_refuses_to_start():
    result = import_settings({**PRODUCTION, "SITE_URL": ""})
    assert result.returncode != 0
    assert "SITE_URL is required" in result.stderr


def test_bad_debug_value_refuses_to_start():
    result = import_settings({"DEBUG": "sometimes"})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_database_url_selects_postgresql():
    result = import_settings(
        {"DATABASE_URL": "postgres://someone:secret@127.0.0.1:5432/skintrack"},
        "d = s.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['CONN_MAX_AGE'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "skintrack", "60"]


def test_sqlite_default_is_wal_and_immediate(tmp_path):
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])\n"
        "print(connection.vendor, connection.transaction_mode)\n"
    )
    result = import_settings(
        {
            "SQLITE_PATH": str(tmp_path / "wal.sqlite3"),
            "DJANGO_SETTINGS_MODULE": "skintrack.settings",
        },
        code,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "sqlite", "IMMEDIATE"]


# --- the database the tests run on ---------------------------------------------------------------

needs_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's journal and transaction modes"
)


@needs_sqlite
@pytest.mark.django_db
def test_sqlite_connections_use_wal(tmp_path):
    # The test database lives in memory, where SQLite has no WAL; open the same settings on
    # a file, as the app does.
    from django.db.backends.sqlite3.base import DatabaseWrapper

    probe = DatabaseWrapper({**connection.settings_dict, "NAME": str(tmp_path / "probe.db")})
    try:
        with probe.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 1  # NORMAL
    finally:
        probe.close()


@needs_sqlite
@pytest.mark.django_db(transaction=True)
def test_sqlite_transactions_begin_immediate():
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        connection.cursor().execute("SELECT 1")
    assert queries.captured_queries[0]["sql"] == "BEGIN IMMEDIATE"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only when DATABASE_URL points at PostgreSQL"
)
def test_postgresql_run_uses_postgresql():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


# --- response headers --------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    policy = response.headers.get("Content-Security-Policy")
    assert policy, "no Content-Security-Policy header"
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert "script-src" in directives, policy
    assert "'unsafe-inline'" not in directives["script-src"], policy
    assert "'unsafe-eval'" not in directives["script-src"], policy
    assert "'unsafe-inline'" not in directives.get("default-src", []), policy
    assert directives.get("object-src") == ["'none'"], policy
    assert directives.get("frame-ancestors") == ["'none'"], policy
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
