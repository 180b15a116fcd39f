import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings

from tests import factories

S3 = "s3" in settings.STORAGES["default"]["BACKEND"].lower()

FAST_TEST_SETTINGS = {
    # Hashing a password with PBKDF2 takes ~0.3 s; every fixture user would pay it.
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    # No collectstatic in tests: serve and reference the source files directly.
    # Files: the local disk, or S3 when the environment names a bucket (.ci/run's S3 leg).
    "STORAGES": {
        "default": settings.STORAGES["default"],
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
    # Tests run with DEBUG off; let WhiteNoise find the source files instead of warning
    # that STATIC_ROOT (filled by collectstatic) does not exist.
    "WHITENOISE_USE_FINDERS": True,
    "WHITENOISE_AUTOREFRESH": True,
    # Tasks run at once, inside the call that enqueues them; the tests that prove the real
    # worker (tests/ops) switch back to the database backend.
    "TASKS": {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
}


@pytest.fixture(scope="session", autouse=True)
def _fast_test_settings():
    with override_settings(**FAST_TEST_SETTINGS):
        yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Files written by any test land in a throwaway folder (a prefix of its own in S3),
    never in the project's media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if S3:
        default = settings.STORAGES["default"]
        options = {**default["OPTIONS"], "location": f"tests/{uuid.uuid4().hex}"}
        settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": options}}


@pytest.fixture(autouse=True)
def _catalog_read_afresh():
    """Each test reads the ingredient catalog as a new server process would: the copy a
    process keeps is checked against a timestamp, and frozen clocks make those collide."""
    from skintrack.guidance import selectors

    selectors._indexed_catalog = None


@pytest.fixture
def catalog_in_memory(db):
    """The server process has read the ingredient catalog already, as for every page but its
    first: query counts pinned with it are the steady state."""
    from skintrack.guidance import selectors

    selectors.ingredient_catalog()


@pytest.fixture
def owner(db):
    return factories.make_user("olivia", time_zone="Europe/London")


@pytest.fixture
def outsider(db):
    return factories.make_user("oscar", time_zone="America/New_York")


def _logged_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_owner(owner):
    return _logged_in_client(owner)


@pytest.fixture
def client_outsider(outsider):
    return _logged_in_client(outsider)


@pytest.fixture
def catalog_product(db):
    return factories.make_catalog_product(name="Gentle gel cleanser", published=True)


@pytest.fixture
def owner_objects(owner, catalog_product):
    """One of each thing `owner` owns (see factories.make_owner_objects), plus the shared
    published catalog product as `.catalog_product`."""
    objects = factories.make_owner_objects(owner)
    objects.catalog_product = catalog_product
    return objects
