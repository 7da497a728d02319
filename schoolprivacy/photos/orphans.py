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
from datetime import timedelta

from schoolprivacy.audit.services import audit_record
from schoolprivacy.lib.storage_orphans import (
    ORPHAN_AGE,
    KnownNames,
    OrphanSweep,
    names_in,
    storage_orphans_sweep,
)
from schoolprivacy.photos import storage
from schoolprivacy.photos.models import Photo, Publication
from schoolprivacy.schools.models import Board

logger = logging.getLogger(__name__)


def orphans_audit(action: str, result: OrphanSweep) -> None:
    """One audit event per board with files deleted, its count as context; the chain of no
    board for a board that is gone."""
    existing = set(Board.objects.filter(pk__in=result.per_board).values_list("pk", flat=True))
    for board_id, count in sorted(result.per_board.items()):
        audit_record(
            action=action,
            board_id=board_id if board_id in existing else None,
            actor_id=None,
            context={"files": count},
            channel="command",
        )


# Folders of the photo storage: originals/<board id>/<random>.<ext>, renditions/<board id>/...,
# each with the column that names its files.
FOLDERS: dict[str, KnownNames] = {
    "originals": names_in(Photo, "original"),
    "renditions": names_in(Publication, "rendition"),
}


def orphans_sweep(*, dry_run: bool = False, older_than: timedelta = ORPHAN_AGE) -> OrphanSweep:
    result = storage_orphans_sweep(
        store=storage.photo_storage(), folders=FOLDERS, dry_run=dry_run, older_than=older_than
    )
    if not dry_run:
        orphans_audit("photos.orphans.deleted", result)
    logger.info(
        "Photo storage orphans: %d %s, %d younger than the safety age.",
        result.deleted,
        "found" if dry_run else "deleted",
        result.too_new,
    )
    return result


__all__ = ["ORPHAN_AGE", "KnownNames", "OrphanSweep", "names_in", "orphans_audit", "orphans_sweep"]
