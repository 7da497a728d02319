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
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.storage import Storage
from django.utils import timezone

from schoolprivacy.audit.services import audit_record
from schoolprivacy.photos import storage
from schoolprivacy.photos.models import Photo, Publication
from schoolprivacy.schools.models import Board

logger = logging.getLogger(__name__)

# Folders of the photo storage: originals/<board id>/<random>.<ext>, renditions/<board id>/...
KINDS = ("originals", "renditions")
ORPHAN_AGE = timedelta(hours=1)


@dataclass(frozen=True)
class OrphanSweep:
    deleted: int  # orphans old enough (deleted, or that would be on a dry run)
    too_new: int  # files without a row that may still be on their way in


def _listdir(store: Storage, path: str) -> tuple[list[str], list[str]]:
    try:
        return store.listdir(path)
    except FileNotFoundError:
        return [], []


def _board_folders(store: Storage) -> Iterator[tuple[str, int]]:
    for kind in KINDS:
        folders, _files = _listdir(store, kind)
        for folder in folders:
            if folder.isdigit():
                yield kind, int(folder)


def _known_names(kind: str, prefix: str) -> set[str]:
    if kind == "originals":
        return set(
            Photo.objects.filter(original__startswith=prefix).values_list("original", flat=True)
        )
    return set(
        Publication.objects.filter(rendition__startswith=prefix).values_list("rendition", flat=True)
    )


def orphans_sweep(*, dry_run: bool = False, older_than: timedelta = ORPHAN_AGE) -> OrphanSweep:
    store = storage.photo_storage()
    cutoff = timezone.now() - older_than
    deleted = too_new = 0
    deleted_per_board: dict[int, int] = {}
    for kind, board_id in _board_folders(store):
        prefix = f"{kind}/{board_id}/"
        # Listed before the rows are read: a row committed meanwhile is then still seen.
        _folders, files = _listdir(store, prefix.rstrip("/"))
        known = _known_names(kind, prefix)
        for file_name in files:
            name = prefix + file_name
            if name in known:
                continue
            if store.get_modified_time(name) > cutoff:
                too_new += 1
                continue
            if not dry_run:
                store.delete(name)
            deleted += 1
            deleted_per_board[board_id] = deleted_per_board.get(board_id, 0) + 1
    if not dry_run:
        boards = set(Board.objects.filter(pk__in=deleted_per_board).values_list("pk", flat=True))
        for board_id, count in sorted(deleted_per_board.items()):
            audit_record(
                action="photos.orphans.deleted",
                board_id=board_id if board_id in boards else None,
                actor_id=None,
                context={"files": count},
                channel="command",
            )
    logger.info(
        "Photo storage orphans: %d %s, %d younger than the safety age.",
        deleted,
        "found" if dry_run else "deleted",
        too_new,
    )
    return OrphanSweep(deleted=deleted, too_new=too_new)
