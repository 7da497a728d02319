"""An uploaded file between preview and confirmation, sealed, and never kept for long.

The file waits in a private directory (not under MEDIA_ROOT, so it is never served) under a random
name, known only to the uploader's session. An export holds the education numbers of a whole
school, so it waits sealed with the data keys, like a kept file (`imports.kept`); it is opened
into a plain working copy only while a preview or an import reads it (`opened`), and that copy
is deleted as soon as the reading ends. The sealed file is deleted when the preview is
cancelled, by the import task once a confirmed import has run, and in any case by `sweep` once
it is older than IMPORTS_PENDING_MINUTES: the task worker sweeps every minute, so an abandoned
upload goes without anyone uploading again.
"""

import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.files.uploadedfile import UploadedFile

from schoolprivacy.encryption import data_keys
from schoolprivacy.lib import sealed

SESSION_KEY = "imports_pending"
PURPOSE = "imports.pending_file"
WORKING = ".open"  # the suffix of a plain working copy


def directory() -> Path:
    path = Path(settings.VAR_DIR) / "imports-pending"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def lifetime_seconds() -> int:
    return int(settings.IMPORTS_PENDING_MINUTES) * 60


@dataclass
class Pending:
    token: str
    school_id: int
    format_name: str
    skip_bad_rows: bool
    partial: bool
    keep_file: bool = False  # absent from sessions started before the option existed

    @property
    def path(self) -> Path:
        return directory() / self.token


def _private_file(path: Path) -> int:
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)


def write(token: str, content: bytes) -> Path:
    """Seal `content` as the pending file `token`, through a partial file and a rename."""
    path = directory() / token
    partial = path.with_suffix(".tmp")
    # latin-1 maps every byte to one character, so any file (CSV or .xlsx) round-trips.
    envelope = sealed.seal(content.decode("latin-1"), keys=data_keys(), purpose=PURPOSE)
    with os.fdopen(_private_file(partial), "w", encoding="ascii") as out:
        out.write(envelope)
    partial.replace(path)
    return path


@contextmanager
def opened(path: Path) -> Iterator[Path]:
    """A plain copy of the sealed file at `path` for as long as the block reads it."""
    text = sealed.unseal(path.read_text(encoding="ascii"), keys=data_keys(), purpose=PURPOSE)
    working = path.with_name(f"{path.name}-{secrets.token_hex(4)}{WORKING}")
    try:
        with os.fdopen(_private_file(working), "wb") as out:
            out.write(text.encode("latin-1"))
        del text
        yield working
    finally:
        working.unlink(missing_ok=True)


def store(
    session: SessionBase, upload: UploadedFile, *, school_id: int, format_name: str,
    skip_bad_rows: bool, partial: bool, keep_file: bool = False,
) -> Pending:  # fmt: skip
    sweep()
    pending = Pending(
        secrets.token_urlsafe(16), school_id, format_name, skip_bad_rows, partial, keep_file
    )
    # The form limits uploads to MAX_UPLOAD_BYTES; it is sealed as one envelope.
    write(pending.token, b"".join(upload.chunks()))
    session[SESSION_KEY] = {**session.get(SESSION_KEY, {}), pending.token: asdict(pending)}
    return pending


def load(session: SessionBase, token: str) -> Pending | None:
    data = session.get(SESSION_KEY, {}).get(token)
    if data is None:
        return None
    pending = Pending(**data)
    return pending if pending.path.is_file() else None


def discard(session: SessionBase, pending: Pending) -> None:
    pending.path.unlink(missing_ok=True)
    forget(session, pending)


def forget(session: SessionBase, pending: Pending) -> None:
    """Hand the file over to the import task, which deletes it when done."""
    session[SESSION_KEY] = {
        k: v for k, v in session.get(SESSION_KEY, {}).items() if k != pending.token
    }


def sweep(now: float | None = None) -> int:
    """Delete every file of the directory older than the stated lifetime; return how many.

    A queued import's file is touched when confirmed, so it has the whole lifetime to start.
    Working copies and an import's scratch file are written to while in use, so they stay
    young; those of a process that died are swept like the rest.
    """
    limit = (time.time() if now is None else now) - lifetime_seconds()
    removed = 0
    for path in directory().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            pass  # deleted meanwhile by its own run
    return removed
