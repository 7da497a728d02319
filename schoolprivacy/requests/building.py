"""Building a download link's package in the task worker (decision 0056).

A video copy with every other face blurred takes minutes of ffmpeg and detection, so the zip is
not made in the request that opens the link: creating the link queues this task, the download
page shows its progress until the zip is ready, and only then does the link open (and get used).
The zip is written to a temporary file (videos streamed into it from their own temporary files,
a few frames in memory), then kept in the private storage until it is downloaded or the link
expires. A file that cannot be made (a video whose file is missing or damaged) is listed in the
package with the reason; the package is still made.
"""

import secrets
import tempfile
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.privacy_registry import ExportFileUnavailable
from schoolprivacy.requests import package as packages
from schoolprivacy.requests.models import PackageBuild, PackageLink

FOLDER = "request-packages"
# Share of the progress bar the files written to disk (videos) take; the PDF and the rest the
# remainder.
_FILES_SHARE = 90


def storage() -> Storage:
    """The private storage of photos and videos (local folder or S3, never served by URL)."""
    return storages["photos"]


def _progress(link_id: int, percent: int) -> None:
    # Also the build's sign of life (requests/build_recovery.py): a build silent for long died.
    PackageLink.objects.filter(pk=link_id).update(
        progress=min(99, max(0, percent)), progress_at=timezone.now()
    )


def write_package(package: packages.Package, target: Path, progress: Callable[[int], None]) -> None:
    """The whole package as a zip at `target`; files that could not be made become its
    `missing` list (in the PDF and the JSON)."""
    with tempfile.TemporaryDirectory(prefix="request-package-") as folder:
        made: dict[str, Path] = {}
        count = len(package.writers)
        with translation.override(package.language):
            for index, (name, write) in enumerate(package.writers.items()):
                part = Path(folder) / f"file-{index}{Path(name).suffix}"

                def report(percent: int, index: int = index) -> None:
                    progress((index * 100 + percent) * _FILES_SHARE // (100 * count))

                try:
                    write(part, report)
                except ExportFileUnavailable as exc:
                    packages.file_missing(package, name, exc.reason)
                    part.unlink(missing_ok=True)
                else:
                    made[name] = part
                # A file done is a sign of life, also for a writer that reports no progress.
                progress((index + 1) * _FILES_SHARE // count)
        progress(_FILES_SHARE)
        photos = len(package.makers)
        package.makers = {
            name: _reporting(make, progress, index, photos)
            for index, (name, make) in enumerate(package.makers.items())
        }
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            packages.write_archive(archive, package, made)


def _reporting(
    make: Callable[[], bytes], progress: Callable[[int], None], index: int, count: int
) -> Callable[[], bytes]:
    """A photo maker that reports when its photo is made (blurring hundreds takes minutes:
    every one is a sign of life), the photos taking the rest of the bar up to 99."""

    def made() -> bytes:
        data = make()
        progress(_FILES_SHARE + (index + 1) * (99 - _FILES_SHARE) // count)
        return data

    return made


def package_build_run(*, link_id: int) -> str:
    """Build the package of an unused, unexpired link. Returns "ready" or "skipped"; raises
    (the link then shows "could not be made") when something unexpected breaks."""
    link = (
        PackageLink.objects.select_related("request__pupil__school")
        .filter(pk=link_id, used_at__isnull=True, expires_at__gt=timezone.now())
        # A ready link has its package; a failed one was given up or its pupil's data erased
        # (`archives_remove_for_pupils`): its task, still queued, must not build it.
        .exclude(build__in=[PackageBuild.READY, PackageBuild.FAILED])
        .first()
    )
    if link is None:
        return "skipped"
    PackageLink.objects.filter(pk=link_id).update(
        build=PackageBuild.BUILDING, progress=0, progress_at=timezone.now()
    )
    name = ""
    try:
        built = packages.build(link.request)
        with tempfile.TemporaryDirectory(prefix="request-package-") as folder:
            target = Path(folder) / "package.zip"
            write_package(built, target, lambda percent: _progress(link_id, percent))
            with target.open("rb") as handle:
                name = storage().save(
                    f"{FOLDER}/{link.board_id}/{secrets.token_hex(16)}.zip", File(handle)
                )
        return _built(link, built, name)
    except Exception:
        # Nothing refers to a zip whose link did not become ready: remove it (pupil data).
        if name:
            storage().delete(name)
        PackageLink.objects.filter(pk=link_id).update(build=PackageBuild.FAILED)
        raise


@transaction.atomic
def _built(link: PackageLink, built: packages.Package, name: str) -> str:
    current = PackageLink.objects.select_for_update().filter(pk=link.pk).first()
    # Only the build the link still waits for becomes its package: not when the pupil's data
    # was erased meanwhile (failed: the zip holds data read before the erasure), nor when the
    # link was queued again or another build of it finished first.
    if current is None or current.used_at is not None or current.build != PackageBuild.BUILDING:
        transaction.on_commit(lambda: storage().delete(name))
        return "skipped"
    old = current.archive
    current.archive, current.build, current.progress = name, PackageBuild.READY, 100
    current.save(update_fields=["archive", "build", "progress"])
    if old:
        transaction.on_commit(lambda: storage().delete(old))
    audit_record(
        action="requests.package.built",
        board_id=current.board_id,
        actor_id=None,
        subjects=[
            Subject(subject_types.PUPIL, link.request.pupil_id),
            Subject(subject_types.REQUEST, link.request_id),
        ],
        context={"link": link.pk, "files": len(built.files), "missing": len(built.missing)},
        channel="task",
    )
    return "ready"


def package_build_queue_unqueued(link: PackageLink) -> bool:
    """Queue the build of a link that has no task behind it (made before packages were built
    in the background, decision 0056): once, however many pages ask at the same time."""
    if link.build != PackageBuild.QUEUED or link.queued_at is not None:
        return False
    claimed = PackageLink.objects.filter(
        pk=link.pk, build=PackageBuild.QUEUED, queued_at__isnull=True
    ).update(queued_at=timezone.now())
    if not claimed:
        return False
    from schoolprivacy.requests.tasks import build_package_task

    build_package_task.enqueue(link.pk)
    return True


def archive_remove(link: PackageLink) -> None:
    """Remove a link's zip (after its download, or when the link expired)."""
    if not link.archive:
        return
    storage().delete(link.archive)
    PackageLink.objects.filter(pk=link.pk, archive=link.archive).update(archive="")


def archives_remove_for_pupils(board_id: int, pupil_ids: list[int]) -> int:
    """The pupils' data is erased: zips of their links, built and not downloaded, go too (after
    the erasure commits), and the links say the download could not be made."""
    links = PackageLink.objects.filter(board_id=board_id, request__pupil_id__in=pupil_ids)
    names = list(links.exclude(archive="").values_list("archive", flat=True))
    links.exclude(archive="").update(archive="")
    links.filter(used_at__isnull=True).update(build=PackageBuild.FAILED, progress=0)
    if names:
        transaction.on_commit(lambda: _delete(names))
    return len(names)


def _delete(names: list[str]) -> None:
    for name in names:
        storage().delete(name)


# A download still streaming is left this long before the daily task removes its zip.
USED_GRACE = timedelta(hours=1)


def archives_remove_expired() -> int:
    """Zips nobody can download any more: of links that expired, and of links used more than
    an hour ago whose download never removed them (the client went away before the first
    byte, so the stream's own clean-up never ran)."""
    now = timezone.now()
    expired = PackageLink.objects.filter(
        Q(expires_at__lte=now) | Q(used_at__lte=now - USED_GRACE)
    ).exclude(archive="")
    count = 0
    for link in expired:
        archive_remove(link)
        count += 1
    return count
