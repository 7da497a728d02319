"""Stored photo files that no row points at, deleted once they are surely abandoned.

A file is written before the row that names it is committed (photos/storage.py). When the
process dies in between (kill -9, a crash, a lost database connection), the file stays with no
row, and retention, which works from rows, never finds it. This sweep lists the storage
(local disk or S3), compares it with the names in the database, and deletes what no row names.

The safety age keeps it away from uploads in progress: a file is only deleted when it is older
than ORPHAN_AGE, far longer than any upload transaction. Only counts are logged and audited,
never names (a name is random, but the rule is that files are not described at all).
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.storage import Storage
from django.db import models
from django.utils import timezone

from schoolprivacy.audit.services import audit_record
from schoolprivacy.photos import storage
from schoolprivacy.photos.models import Photo, Publication
from schoolprivacy.schools.models import Board

logger = logging.getLogger(__name__)

ORPHAN_AGE = timedelta(hours=1)

# Reads the names the database holds under a folder prefix ("originals/3/").
KnownNames = Callable[[str], set[str]]


@dataclass(frozen=True)
class OrphanSweep:
    deleted: int  # orphans old enough (deleted, or that would be on a dry run)
    too_new: int  # files without a row that may still be on their way in


def _listdir(store: Storage, path: str) -> tuple[list[str], list[str]]:
    try:
        return store.listdir(path)
    except FileNotFoundError:
        return [], []


def storage_orphans_sweep(
    *,
    store: Storage,
    folders: Mapping[str, KnownNames],
    action: str,
    dry_run: bool,
    older_than: timedelta,
) -> OrphanSweep:
    """The sweep itself, for every kind of stored file laid out as <folder>/<board id>/<name>
    (photos here, videos in videos/orphans.py): delete what `folders[folder]` does not name and
    is older than `older_than`; audit the count per board as `action`. Only counts are logged,
    never names."""
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
    if not dry_run:
        existing = set(Board.objects.filter(pk__in=per_board).values_list("pk", flat=True))
        for board_id, count in sorted(per_board.items()):
            audit_record(
                action=action,
                board_id=board_id if board_id in existing else None,
                actor_id=None,
                context={"files": count},
                channel="command",
            )
    return OrphanSweep(deleted=deleted, too_new=too_new)


def names_in(model: type[models.Model], field: str) -> KnownNames:
    """The stored names that `field` of `model` holds under a prefix."""

    def known(prefix: str) -> set[str]:
        rows = model._default_manager.filter(**{f"{field}__startswith": prefix})
        return set(rows.values_list(field, flat=True))

    return known


# Folders of the photo storage: originals/<board id>/<random>.<ext>, renditions/<board id>/...,
# each with the column that names its files.
FOLDERS: dict[str, KnownNames] = {
    "originals": names_in(Photo, "original"),
    "renditions": names_in(Publication, "rendition"),
}


def orphans_sweep(*, dry_run: bool = False, older_than: timedelta = ORPHAN_AGE) -> OrphanSweep:
    result = storage_orphans_sweep(
        store=storage.photo_storage(),
        folders=FOLDERS,
        action="photos.orphans.deleted",
        dry_run=dry_run,
        older_than=older_than,
    )
    logger.info(
        "Photo storage orphans: %d %s, %d younger than the safety age.",
        result.deleted,
        "found" if dry_run else "deleted",
        result.too_new,
    )
    return result
