"""Files as the app sees them: through Django's default storage (the disk, or S3 in the S3
leg of CI), never through paths on the disk."""

from django.core.files.storage import storages


def storage():
    return storages["default"]


def stored_files(prefix: str = "") -> list[str]:
    """Every file name under `prefix`, through the storage API."""
    found, pending = [], [prefix.rstrip("/")]
    while pending:
        folder = pending.pop()
        try:
            subfolders, files = storage().listdir(folder)
        except FileNotFoundError:
            continue
        base = f"{folder}/" if folder else ""
        found += [base + name for name in files]
        pending += [base + name for name in subfolders]
    return sorted(found)


def stored_bytes(file) -> bytes:
    """The content of a FieldFile or a stored name."""
    name = getattr(file, "name", file)
    with storage().open(name, "rb") as handle:
        return handle.read()


def exists(file) -> bool:
    return storage().exists(getattr(file, "name", file))
