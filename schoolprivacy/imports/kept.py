"""Uploaded files kept after an import, only when the user asked for it (issue 5 §4).

Kept under VAR_DIR/imports-kept/<board id>/<run id>: outside MEDIA_ROOT and STATIC_ROOT, so never
served, and named after the run, never after a pupil or a number in the file. The content is
sealed with the data keys (AES-GCM) like the encrypted columns, since an export holds education
numbers and addresses of every pupil of a school. `schoolprivacy rotate-keys` re-seals them with
the newest key (`rotate`), and its --check counts those still under an older one (`stale`).
"""

import os
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from schoolprivacy.audit.services import audit_record
from schoolprivacy.encryption import data_keys
from schoolprivacy.lib import sealed

PURPOSE = "imports.kept_file"
# The envelope's version and key id come first: `v1:<key id>:`, a key id of up to 10 digits.
_HEADER_CHARS = 16


def path_for(board_id: int, run_id: int) -> Path:
    return Path(settings.VAR_DIR) / "imports-kept" / str(board_id) / str(run_id)


def keep(source: Path, *, board_id: int, run_id: int) -> Path:
    """Write a sealed copy of `source`; the caller deletes or leaves the original."""
    target = path_for(board_id, run_id)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # latin-1 maps every byte to one character, so any file (CSV or .xlsx) round-trips.
    envelope = sealed.seal(source.read_bytes().decode("latin-1"), keys=data_keys(), purpose=PURPOSE)
    _write(target, envelope)
    return target


def _write(target: Path, envelope: str) -> None:
    # Through a partial file and a rename, so an interrupted write never leaves half a file.
    partial = target.with_suffix(".tmp")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as out:
        out.write(envelope)
    partial.replace(target)


def _all() -> list[Path]:
    root = Path(settings.VAR_DIR) / "imports-kept"
    if not root.is_dir():
        return []
    return sorted(p for p in root.glob("*/*") if p.is_file() and not p.suffix)


def _key_id(path: Path) -> int:
    with path.open(encoding="ascii") as handle:
        version, key_id, _rest = (handle.read(_HEADER_CHARS) + "::").split(":", 2)
    if version != sealed.VERSION or not key_id.isdigit():
        raise sealed.MalformedEnvelope(f"Kept import file {path.name} is not a sealed envelope.")
    return int(key_id)


def stale() -> list[Path]:
    """Kept files sealed with an older key than the newest of DATA_KEYS."""
    newest = sealed.newest_key_id(data_keys())
    return [path for path in _all() if _key_id(path) != newest]


def rotate(progress: Callable[[str, int, int], None] | None = None) -> int:
    """Re-seal every stale kept file with the newest key; return how many. Safe to run again."""
    keys = data_keys()
    newest = sealed.newest_key_id(keys)
    paths = stale()
    for done, path in enumerate(paths, start=1):
        text = sealed.unseal(path.read_text(encoding="ascii"), keys=keys, purpose=PURPOSE)
        _write(path, sealed.seal(text, keys=keys, purpose=PURPOSE, key_id=newest))
        if progress is not None:
            progress(PURPOSE, done, len(paths))
    if paths:
        # Like dossier.keys.rotated: keys are per installation, so no board; a count only.
        audit_record(
            action="imports.kept_file.rotated",
            board_id=None,
            actor_id=None,
            context={"key_id": newest, "total": len(paths)},
            channel="command",
        )
    return len(paths)


def read(path: Path) -> bytes:
    """The original bytes of a kept file (for the administration, through a shell)."""
    text = sealed.unseal(path.read_text(encoding="ascii"), keys=data_keys(), purpose=PURPOSE)
    return text.encode("latin-1")
