"""Stored package zips that no download link names, deleted once they are surely abandoned.

A package's zip is saved to the private storage before the link that names it commits
(requests/building.py). A build killed in between (kill -9, a crash, a lost database connection)
leaves a zip of a child's data that no link names, which neither the download nor the daily
removal of expired packages would ever find. The daily requests task sweeps the
`request-packages/` folder with the sweep of lib/storage_orphans.py, as the photos' and videos'
folders are swept: what no link names and is older than the safety age goes; counts are logged
and audited, never names.
"""

import logging
from datetime import timedelta

from schoolprivacy.lib import storage_orphans
from schoolprivacy.lib.storage_orphans import ORPHAN_AGE, OrphanSweep
from schoolprivacy.requests.building import FOLDER, storage
from schoolprivacy.requests.models import PackageLink
from schoolprivacy.schools.board_counts import counts_audit

logger = logging.getLogger(__name__)

# request-packages/<board id>/<random>.zip, named by the link's `archive`.
FOLDERS: dict[str, storage_orphans.KnownNames] = {
    FOLDER: storage_orphans.names_in(PackageLink, "archive")
}


def package_orphans_sweep(
    *, dry_run: bool = False, older_than: timedelta = ORPHAN_AGE
) -> OrphanSweep:
    result = storage_orphans.storage_orphans_sweep(
        store=storage(), folders=FOLDERS, dry_run=dry_run, older_than=older_than
    )
    if not dry_run:
        counts_audit("requests.orphans.deleted", result.per_board, channel="task")
    logger.info(
        "Package storage orphans: %d %s, %d younger than the safety age.",
        result.deleted,
        "found" if dry_run else "deleted",
        result.too_new,
    )
    return result
