"""Stored video files that no row points at, deleted once they are surely abandoned.

As for photos (photos/orphans.py; the sweep is lib/storage_orphans.py): a file is stored before
the row that names it commits (an upload, a poster, a rendition made by the worker), so a process
killed in between leaves a file no row names, which retention, working from rows, never finds.
This lists the video folders of the storage (local disk or S3), compares them with the names in
the database and deletes what no row names and is older than the photos' safety age. Counts only
are logged and audited.
"""

import logging
from datetime import timedelta

from schoolprivacy.lib import storage_orphans
from schoolprivacy.lib.storage_orphans import ORPHAN_AGE, OrphanSweep
from schoolprivacy.photos.storage import photo_storage
from schoolprivacy.schools.board_counts import counts_audit
from schoolprivacy.videos.models import Video, VideoPublication

logger = logging.getLogger(__name__)


# Folders of the photo storage that hold video files (videos/storage.py), <kind>/<board id>/...,
# and the column that names each one.
FOLDERS: dict[str, storage_orphans.KnownNames] = {
    "videos": storage_orphans.names_in(Video, "original"),
    "posters": storage_orphans.names_in(Video, "poster"),
    "video-renditions": storage_orphans.names_in(VideoPublication, "rendition"),
}


def video_orphans_sweep(
    *, dry_run: bool = False, older_than: timedelta = ORPHAN_AGE
) -> OrphanSweep:
    result = storage_orphans.storage_orphans_sweep(
        store=photo_storage(), folders=FOLDERS, dry_run=dry_run, older_than=older_than
    )
    if not dry_run:
        counts_audit("videos.orphans.deleted", result.per_board, channel="command")
    logger.info(
        "Video storage orphans: %d %s, %d younger than the safety age.",
        result.deleted,
        "found" if dry_run else "deleted",
        result.too_new,
    )
    return result
