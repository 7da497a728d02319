"""Uploaded files kept after an import, only when the user asked for it (issue 5 §4).

Kept under VAR_DIR/imports-kept/<board id>/<run id>: outside MEDIA_ROOT and STATIC_ROOT, so never
served, and named after the run, never after a pupil or a number in the file. The content is
sealed with the data keys (AES-GCM) like the encrypted columns, since an export holds education
numbers and addresses of every pupil of a school.
"""

import os
from pathlib import Path

from django.conf import settings

from schoolprivacy.encryption import data_keys
from schoolprivacy.lib import sealed

PURPOSE = "imports.kept_file"


def path_for(board_id: int, run_id: int) -> Path:
    return Path(settings.VAR_DIR) / "imports-kept" / str(board_id) / str(run_id)


def keep(source: Path, *, board_id: int, run_id: int) -> Path:
    """Write a sealed copy of `source`; the caller deletes or leaves the original."""
    target = path_for(board_id, run_id)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # latin-1 maps every byte to one character, so any file (CSV or .xlsx) round-trips.
    envelope = sealed.seal(source.read_bytes().decode("latin-1"), keys=data_keys(), purpose=PURPOSE)
    partial = target.with_suffix(".tmp")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as out:
        out.write(envelope)
    partial.replace(target)
    return target


def read(path: Path) -> bytes:
    """The original bytes of a kept file (for the administration, through a shell)."""
    text = sealed.unseal(path.read_text(encoding="ascii"), keys=data_keys(), purpose=PURPOSE)
    return text.encode("latin-1")
