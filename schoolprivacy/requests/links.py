"""Signed, expiring, single-use download links for a request's package (issue 14 item 5).

The URL carries a signed pair (link id, random token); only the token's SHA-256 is stored. A link
works once, within `LINK_DAYS`, while a signed-in requester still has their standing, and
needs no sign-in, so it can also go to a requester who wrote
a letter. Its package is built by the worker (requests/building.py); the link opens once it is
ready. Redeeming locks the row: two clicks at once give one download.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.access.rights import requester_still_entitled
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.requests.errors import RequestNotFound, TransitionRefused
from schoolprivacy.requests.models import Kind, PackageBuild, PackageLink, Request, Status

LINK_DAYS = 7
SALT = "schoolprivacy.requests.package"
# A package exists once identity is checked, for an inspection request, until it is refused.
PACKAGE_STATUSES = (
    Status.VERIFIED,
    Status.IN_PROGRESS,
    Status.EXTENDED,
    Status.ANSWERED,
    Status.CLOSED,
)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def package_ready(request: Request) -> bool:
    # A closed request was answered or refused before: only an answered one has a package.
    return (
        request.kind == Kind.ACCESS
        and request.status in PACKAGE_STATUSES
        and request.refused_at is None
    )


def _requester_entitled(request: Request) -> bool:
    """The signed-in requester still has the standing they asked with (access.rights)."""
    return requester_still_entitled(request.requester, request.pupil, request.standing)


@transaction.atomic
def package_link_create(*, request: Request, actor: User, channel: str = "web") -> str:
    """A new link for the request's package; returns the signed value for the URL."""
    if not package_ready(request):
        raise TransitionRefused("package not ready", "not_ready")
    if not _requester_entitled(request):
        raise TransitionRefused(
            _("The requester no longer has parental authority or access to this pupil's data."),
            "no_standing",
        )
    token = secrets.token_urlsafe(32)
    link = PackageLink.objects.create(
        board_id=request.board_id,
        request=request,
        token_hash=_digest(token),
        expires_at=timezone.now() + timedelta(days=LINK_DAYS),
        queued_at=timezone.now(),
    )
    audit_record(
        action="requests.package.link_created",
        board_id=request.board_id,
        actor_id=actor.pk,
        subjects=[
            Subject(subject_types.PUPIL, request.pupil_id),
            Subject(subject_types.REQUEST, request.pk),
        ],
        context={"days": LINK_DAYS},
        channel=channel,
    )
    # The package is made by the worker (videos take minutes); the link's page shows how far.
    from schoolprivacy.requests.tasks import build_package_task

    build_package_task.enqueue(link.pk)
    return signing.dumps({"l": link.pk, "t": token}, salt=SALT)


def _link(signed: str, *, lock: bool) -> PackageLink:
    """The unused, unexpired link `signed` names, whose requester still has standing;
    RequestNotFound for anything else."""
    try:
        value = signing.loads(signed, salt=SALT, max_age=timedelta(days=LINK_DAYS))
        link_id, token = int(value["l"]), str(value["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise RequestNotFound from None
    links = PackageLink.objects.select_for_update() if lock else PackageLink.objects
    link = links.filter(pk=link_id).first()
    if (
        link is None
        or not hmac.compare_digest(link.token_hash, _digest(token))
        or link.used_at is not None
        or link.expires_at <= timezone.now()
    ):
        raise RequestNotFound
    request = Request.objects.select_related("pupil__school", "requester").get(pk=link.request_id)
    if not package_ready(request) or not _requester_entitled(request):
        raise RequestNotFound
    link.request = request
    return link


def package_link_find(signed: str) -> PackageLink:
    """The link, to show how far its package is; does not use it (RequestNotFound as redeem)."""
    return _link(signed, lock=False)


@transaction.atomic
def package_link_open(signed: str) -> PackageLink:
    """Use the link, once, when its package is built; RequestNotFound for anything else
    (also while the package is still being made: the page shows that from package_link_find).
    Redeeming locks the row: two clicks at once give one download."""
    link = _link(signed, lock=True)
    if link.build != PackageBuild.READY or not link.archive:
        raise RequestNotFound
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    audit_record(
        action="requests.package.downloaded",
        board_id=link.board_id,
        actor_id=None,
        subjects=[
            Subject(subject_types.PUPIL, link.request.pupil_id),
            Subject(subject_types.REQUEST, link.request.pk),
        ],
        context={"link": link.pk},
        channel="web",
    )
    return link


def package_link_redeem(signed: str) -> Request:
    """package_link_open, for callers that want the request."""
    return package_link_open(signed).request
