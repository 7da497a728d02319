"""An uploaded file between preview and confirmation.

The file waits in a private directory (not under MEDIA_ROOT, so it is never served) under a random
name, known only to the uploader's session. It is deleted when the preview is cancelled, or by the
import task once a confirmed import has run; files are not kept after an import (issue 5 §4)
unless the user asks. Abandoned previews are removed by `sweep` after PENDING_HOURS.
"""

import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.files.uploadedfile import UploadedFile

SESSION_KEY = "imports_pending"
PENDING_HOURS = 2


def directory() -> Path:
    path = Path(settings.VAR_DIR) / "imports-pending"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


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


def store(
    session: SessionBase, upload: UploadedFile, *, school_id: int, format_name: str,
    skip_bad_rows: bool, partial: bool, keep_file: bool = False,
) -> Pending:  # fmt: skip
    sweep()
    pending = Pending(
        secrets.token_urlsafe(16), school_id, format_name, skip_bad_rows, partial, keep_file
    )
    with pending.path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
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


def sweep() -> None:
    limit = time.time() - PENDING_HOURS * 3600
    for path in directory().iterdir():
        # A queued import may wait; its file is touched when confirmed, so it stays young.
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
