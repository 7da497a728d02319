"""A download link's build whose worker died (decision 0056, amendment 2).

A worker killed during a build (a deploy, out of memory, a restart) leaves the link "being made"
and its task marked running: nothing would ever run it again, and the parent would watch a bar
that never moves until the link expires. The build writes `progress_at` as it starts and with
every progress report, at least once a minute while a video is encoded
(videos/render.PROGRESS_EVERY_SECONDS) and after each file; a build silent for `STALE_AFTER` is
taken for dead. It is queued again, at most `MAX_RETRIES` times, then marked "could not be made"
and put on the privacy officer's list (requests/attention.py). Both are audited.

Looked for by the daily requests task and by the link's own page (a parent waiting there gets a
new build at once). Each step is one conditional UPDATE, so two pages and the daily task at the
same moment queue one build (PostgreSQL test with two connections).

A link that is merely queued is not judged: its task waits in the database queue, which
survives a restart, and a queue of long video builds can rightly take hours.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.requests.models import PackageBuild, PackageLink

# Thirty times the longest a working build stays silent (a minute between reports); still
# short enough that a parent who comes back after lunch finds a new build under way.
STALE_AFTER = timedelta(minutes=30)
# Two more tries: a deploy or a restart is over by then; a build that keeps killing its worker
# (out of memory on one huge video) is not tried forever.
MAX_RETRIES = 2

RETRIED = "retried"
FAILED = "failed"


def _stale(now: datetime) -> Q:
    return Q(
        build=PackageBuild.BUILDING,
        progress_at__lt=now - STALE_AFTER,
        used_at__isnull=True,
        expires_at__gt=now,
    )


def package_build_stale(link: PackageLink, now: datetime | None = None) -> bool:
    """Whether this loaded link's build looks dead (the page asks before it writes anything)."""
    now = now or timezone.now()
    return (
        link.build == PackageBuild.BUILDING
        and link.progress_at is not None
        and link.progress_at < now - STALE_AFTER
        and link.used_at is None
        and link.expires_at > now
    )


@transaction.atomic
def package_build_recover(*, link_id: int, channel: str) -> str:
    """Queue a dead build again, or give up on it after MAX_RETRIES: RETRIED, FAILED or "" when
    the build is not (or no longer) stale. The claim is the UPDATE's own condition: of two
    callers at once, the second finds the link queued and changes nothing."""
    now = timezone.now()
    stale = PackageLink.objects.filter(_stale(now), pk=link_id)
    if stale.filter(retries__lt=MAX_RETRIES).update(
        build=PackageBuild.QUEUED, progress=0, queued_at=now, retries=F("retries") + 1
    ):
        outcome = RETRIED
    elif stale.filter(retries__gte=MAX_RETRIES).update(build=PackageBuild.FAILED):
        outcome = FAILED
    else:
        return ""
    link = PackageLink.objects.select_related("request").get(pk=link_id)
    audit_record(
        action=f"requests.package.build_{outcome}",
        board_id=link.board_id,
        actor_id=None,
        subjects=[
            Subject(subject_types.PUPIL, link.request.pupil_id),
            Subject(subject_types.REQUEST, link.request_id),
        ],
        context={"link": link.pk, "retries": link.retries},
        channel=channel,
    )
    if outcome == RETRIED:
        from schoolprivacy.requests.tasks import build_package_task

        # In the same transaction as the claim: a claimed link always has its task.
        build_package_task.enqueue(link.pk)
    return outcome


def package_builds_recover() -> dict[str, int]:
    """The daily task's pass over every board: each dead build queued again or given up."""
    counts = {RETRIED: 0, FAILED: 0}
    now = timezone.now()
    for link_id in PackageLink.objects.filter(_stale(now)).values_list("pk", flat=True):
        outcome = package_build_recover(link_id=link_id, channel="task")
        if outcome:
            counts[outcome] += 1
    return counts
