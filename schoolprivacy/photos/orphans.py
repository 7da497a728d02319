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

from schoolprivacy.lib.storage_orphans import (
    ORPHAN_AGE,
    KnownNames,
    OrphanSweep,
    names_in,
    storage_orphans_sweep,
)
from schoolprivacy.photos import storage
from schoolprivacy.photos.models import Photo, Publication
from schoolprivacy.schools.board_counts import counts_audit

logger = logging.getLogger(__name__)


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
        counts_audit("photos.orphans.deleted", result.per_board, channel="command")
    logger.info(
        "Photo storage orphans: %d %s, %d younger than the safety age.",
        result.deleted,
        "found" if dry_run else "deleted",
        result.too_new,
    )
    return result


__all__ = ["ORPHAN_AGE", "KnownNames", "OrphanSweep", "names_in", "orphans_sweep"]
