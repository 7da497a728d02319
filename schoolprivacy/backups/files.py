"""Where backups go and how a file appears there: whole or not at all."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings


def backup_dir() -> Path:
    return Path(settings.BACKUP_DIR or Path(settings.VAR_DIR) / "backups")


def default_path(kind: str, suffix: str, *, now: datetime | None = None) -> Path:
    """`<BACKUP_DIR>/schoolprivacy-<kind>-20261205T142501Z<suffix>`: sorts by time, in UTC so
    that the clock change in autumn never gives two files the same name."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return backup_dir() / f"schoolprivacy-{kind}-{stamp}{suffix}"


@contextmanager
def written_atomically(target: Path) -> Iterator[Path]:
    """Yield a temporary path next to `target`; once the block ends without error it is renamed
    onto `target` (one rename in one folder: readers see no file or the whole file). On error the
    temporary file is removed and `target` is untouched."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        yield partial
        os.chmod(partial, 0o600)  # a backup holds every pupil's data
        _fsync(partial)
        os.replace(partial, target)
        _fsync(target.parent)
    finally:
        partial.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
