"""Stored video files that no row points at, deleted once they are surely abandoned.

As for photos (photos/orphans.py): a file is stored before the row that names it commits (an
upload, a poster, a rendition made by the worker), so a process killed in between leaves a file
no row names, which retention, working from rows, never finds. This lists the video folders of
the storage (local disk or S3), compares them with the names in the database and deletes what no
row names and is older than the photos' safety age. Counts only are logged and audited.
"""

import logging
from datetime import timedelta

from django.utils import timezone

from schoolprivacy.audit.services import audit_record
from schoolprivacy.photos.orphans import ORPHAN_AGE, OrphanSweep
from schoolprivacy.photos.storage import photo_storage
from schoolprivacy.schools.models import Board
from schoolprivacy.videos.models import Video, VideoPublication

logger = logging.getLogger(__name__)


# Folders of the photo storage that hold video files (videos/storage.py), <kind>/<board id>/...,
# and the column that names each one.
KINDS: dict[str, tuple[type[Video] | type[VideoPublication], str]] = {
    "videos": (Video, "original"),
    "posters": (Video, "poster"),
    "video-renditions": (VideoPublication, "rendition"),
}


def _known(kind: str, prefix: str) -> set[str]:
    model, field = KINDS[kind]
    rows = model.objects.filter(**{f"{field}__startswith": prefix}).values_list(field, flat=True)
    return set(rows)


def _listdir(path: str) -> tuple[list[str], list[str]]:
    try:
        return photo_storage().listdir(path)
    except FileNotFoundError:
        return [], []


def video_orphans_sweep(
    *, dry_run: bool = False, older_than: timedelta = ORPHAN_AGE
) -> OrphanSweep:
    store = photo_storage()
    cutoff = timezone.now() - older_than
    deleted = too_new = 0
    per_board: dict[int, int] = {}
    for kind in KINDS:
        folders, _files = _listdir(kind)
        for board_id in sorted(int(folder) for folder in folders if folder.isdigit()):
            prefix = f"{kind}/{board_id}/"
            # Listed before the rows are read: a row committed meanwhile is then still seen.
            _folders, files = _listdir(prefix.rstrip("/"))
            known = _known(kind, prefix)
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
                per_board[board_id] = per_board.get(board_id, 0) + 1
    if not dry_run:
        boards = set(Board.objects.filter(pk__in=per_board).values_list("pk", flat=True))
        for board_id, count in sorted(per_board.items()):
            audit_record(
                action="videos.orphans.deleted",
                board_id=board_id if board_id in boards else None,
                actor_id=None,
                context={"files": count},
                channel="command",
            )
    logger.info(
        "Video storage orphans: %d %s, %d younger than the safety age.",
        deleted,
        "found" if dry_run else "deleted",
        too_new,
    )
    return OrphanSweep(deleted=deleted, too_new=too_new)
