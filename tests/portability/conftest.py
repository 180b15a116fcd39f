import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Photos land in a fresh folder per test (before owner_objects writes its photo)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
