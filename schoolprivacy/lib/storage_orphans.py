"""Stored files that no row names, found and deleted once they are surely abandoned.

Photos, videos and download packages are written to the private storage before the row that
names them commits. When the process dies in between (kill -9, a crash, a lost database
connection), the file stays with no row, and every removal that works from rows misses it. The
sweep lists folders laid out as <folder>/<board id>/<name> (local disk or S3), compares them
with the names the database holds, and deletes what no row names and is older than the safety
age, which keeps it away from a file whose row is still on its way. Each app sweeps its own
folders and audits the counts (photos/orphans.py, videos/orphans.py, requests/orphans.py); names
are never logged (a name is random, but the rule is that files are not described at all).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.storage import Storage
from django.db import models
from django.utils import timezone

ORPHAN_AGE = timedelta(hours=1)

# Reads the names the database holds under a folder prefix ("originals/3/").
KnownNames = Callable[[str], set[str]]


@dataclass(frozen=True)
class OrphanSweep:
    deleted: int  # orphans old enough (deleted, or that would be on a dry run)
    too_new: int  # files without a row that may still be on their way in
    per_board: dict[int, int] = field(default_factory=dict)  # deleted, by board id


def _listdir(store: Storage, path: str) -> tuple[list[str], list[str]]:
    try:
        return store.listdir(path)
    except FileNotFoundError:
        return [], []


def storage_orphans_sweep(
    *, store: Storage, folders: Mapping[str, KnownNames], dry_run: bool, older_than: timedelta
) -> OrphanSweep:
    """Delete what `folders[folder]` does not name under each <folder>/<board id>/ and is
    older than `older_than` (or only count it, on a dry run)."""
    cutoff = timezone.now() - older_than
    deleted = too_new = 0
    per_board: dict[int, int] = {}
    for folder, known_names in folders.items():
        boards, _files = _listdir(store, folder)
        for board_id in sorted(int(name) for name in boards if name.isdigit()):
            prefix = f"{folder}/{board_id}/"
            # Listed before the rows are read: a row committed meanwhile is then still seen.
            _folders, files = _listdir(store, prefix.rstrip("/"))
            known = known_names(prefix)
            for file_name in files:
                name = prefix + file_name
                if name in known:
                    continue
                try:
                    modified = store.get_modified_time(name)
                except Exception:
                    # Removed since the listing by the code that owns it (a download that ended,
                    # a build that failed): nothing left to sweep. The disk says so with
                    # FileNotFoundError, S3 with a client error of its own.
                    if store.exists(name):
                        raise
                    continue
                if modified > cutoff:
                    too_new += 1
                    continue
                if not dry_run:
                    store.delete(name)
                deleted += 1
                per_board[board_id] = per_board.get(board_id, 0) + 1
    return OrphanSweep(deleted=deleted, too_new=too_new, per_board=per_board)


def names_in(model: type[models.Model], column: str) -> KnownNames:
    """The stored names that `column` of `model` holds under a prefix."""

    def known(prefix: str) -> set[str]:
        rows = model._default_manager.filter(**{f"{column}__startswith": prefix})
        return set(rows.values_list(column, flat=True))

    return known
