"""GDPR art. 19: after a correction or an erasure, every organisation that received the data is
told, and the requester sees whom the school told and when (issue 14 item 6).

Who received what comes from the privacy registry (`recipients_of`: supplier exports and
disclosures, each app its own). A notice is recorded per recipient in the same transaction as
the correction or erasure, before the erasure removes the traces of who received it. A recipient
with an email address is mailed after the commit (the notice is `queued` until the mail went
out, then `sent` with the date); one without is a task for the privacy officer (`by_hand`) until
they record that they told it. Nothing is shown as told before it was.

The email names the school, the pupil and the kinds of data, never the values: the recipient
asks the school, or gets the corrected data in its next delivery.
"""

import logging
from collections.abc import Collection, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schoolprivacy import taxonomy
from schoolprivacy.access.rights import handler_board_id
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.people.models import Pupil
from schoolprivacy.privacy_registry import DataSubject, recipients_of
from schoolprivacy.requests import digests
from schoolprivacy.requests.errors import RequestNotFound, TransitionRefused
from schoolprivacy.requests.models import Correction, RecipientNotice, Request

log = logging.getLogger(__name__)
Cause = RecipientNotice.Cause
State = RecipientNotice.State


def notices_record(
    *,
    subject: DataSubject,
    cause: str,
    categories: Collection[str],
    actor_id: int | None,
    request: Request | None = None,
    correction: Correction | None = None,
    erasure_id: int | None = None,
    purge_run_id: int | None = None,
    mail: bool = True,
) -> list[RecipientNotice]:
    """A notice for every recipient of any of `categories` of the subject's data; the emails go
    out after the surrounding transaction commits (`mail` False: the caller sends them, as the
    purge's digest does)."""
    wanted = set(categories)
    notices = [
        RecipientNotice(
            board_id=subject.board_id,
            request=request,
            correction=correction,
            erasure_id=erasure_id,
            cause=cause,
            recipient_key=r.key[:200],
            recipient_name=r.name[:200],
            email=r.email,
            categories=sorted(r.categories & wanted),
            shown_to_requester=r.shown_to_subject,
            state=State.QUEUED if r.email else State.BY_HAND,
        )
        for r in recipients_of(subject)
        if r.categories & wanted
    ]
    if not notices:
        return []
    RecipientNotice.objects.bulk_create(notices)
    audit_record(
        action="requests.notice.recorded",
        board_id=subject.board_id,
        actor_id=actor_id,
        subjects=[
            Subject(subject_types.PUPIL, subject.id),
            *([Subject(subject_types.REQUEST, request.pk)] if request else []),
        ],
        context={
            "cause": cause,
            "by_email": sum(1 for n in notices if n.state == State.QUEUED),
            "by_hand": sum(1 for n in notices if n.state == State.BY_HAND),
            **({"purge_run": purge_run_id} if purge_run_id is not None else {}),
        },
    )
    queued = [n.pk for n in notices if n.state == State.QUEUED]
    if queued and mail:
        # Who the child is, read now: an erasure blanks the name before the mail goes out.
        about = _about(Pupil.objects.select_related("school").filter(pk=subject.id).first())
        transaction.on_commit(lambda: notices_send(queued, about=about))
    return notices


def _about(pupil: Pupil | None) -> dict[str, str] | None:
    """What tells the recipient which child it is about; None once the name is erased."""
    if pupil is None or not pupil.name.strip():
        return None
    return {
        "school": pupil.school.name,
        "pupil": pupil.name,
        "born": pupil.date_of_birth.isoformat(),
    }


def _message(notice: RecipientNotice, about: dict[str, str]) -> EmailMessage:
    # Organisations here work in Dutch: the board's language, not the requester's.
    with translation.override(settings.LANGUAGE_CODE):
        kinds = ", ".join(
            str(taxonomy.BY_KEY[k].label) if k in taxonomy.BY_KEY else k for k in notice.categories
        )
        values = {
            **about,
            "kinds": kinds,
            "reference": notice.pk,
        }
        if notice.cause == Cause.CORRECTION:
            subject = _("Correction of pupil data (GDPR art. 19)")
            body = _(
                "%(school)s corrected data about %(pupil)s (born %(born)s) that you received "
                "from the school: %(kinds)s. Please correct your copy too; the school gives you "
                "the corrected data in its next delivery or on request."
            )
        else:
            subject = _("Erasure of pupil data (GDPR art. 19)")
            body = _(
                "%(school)s erased data about %(pupil)s (born %(born)s) that you received from "
                "the school: %(kinds)s. Please erase your copy too, unless the law obliges you "
                "to keep it."
            )
        footer = _("Reference: notice %(reference)s. This message follows GDPR article 19.")
        return EmailMessage(
            subject=subject, body=f"{body % values}\n\n{footer % values}", to=[notice.email]
        )


def notices_send(notice_ids: Iterable[int], *, about: dict[str, str] | None = None) -> int:
    """Mail the queued notices; each is marked sent, with the date, only once its mail went out.
    One that fails stays queued (the daily task tries again) and is never shown as sent.

    `about` names the child as it was when the notices were recorded; without it the request's
    pupil does. A notice that can no longer say which child (the name was erased, or an erasure
    without a request) is never mailed nameless: it becomes a task for the privacy officer."""
    sent = 0
    for pk in list(notice_ids):
        with transaction.atomic():
            notice = (
                # Lock the notice only: the request is an outer join (it may be absent).
                RecipientNotice.objects.select_for_update(of=("self",))
                .filter(pk=pk, state=State.QUEUED)
                .select_related("request__pupil__school")
                .first()
            )
            if notice is None:
                continue
            named = about or _about(notice.request.pupil if notice.request else None)
            if named is None:
                notice.state = State.BY_HAND
                notice.save(update_fields=["state"])
                audit_record(
                    action="requests.notice.left_by_hand",
                    board_id=notice.board_id,
                    actor_id=None,
                    subjects=_subjects(notice),
                    context={"reason": "subject_unnamed"},
                )
                continue
            try:
                _message(notice, named).send()
            except Exception:  # the mail server said no: try again later, never claim it
                log.exception("GDPR art. 19 notice %s not sent", notice.pk)
                continue
            notice.state = State.SENT
            notice.told_at = timezone.now()
            notice.save(update_fields=["state", "told_at"])
            audit_record(
                action="requests.notice.sent",
                board_id=notice.board_id,
                actor_id=None,
                subjects=_subjects(notice),
            )
            sent += 1
    return sent


def notices_send_queued() -> int:
    """Every notice still waiting for its mail (a failed send, a crash before it)."""
    return notices_send(
        RecipientNotice.objects.filter(state=State.QUEUED).values_list("pk", flat=True)
    )


def _subjects(notice: RecipientNotice) -> list[Subject]:
    return [Subject(subject_types.REQUEST, notice.request_id)] if notice.request_id else []


@transaction.atomic
def notice_told_by_hand(*, actor: User, request_id: int | None, notice_id: int) -> RecipientNotice:
    """The privacy officer records that they told a recipient without an address. `request_id`
    None: a notice of an erasure without a request (the nightly purge)."""
    board_id = handler_board_id(actor)
    notice = (
        RecipientNotice.objects.select_for_update()
        .filter(pk=notice_id, board_id=board_id)
        .filter(Q(request__isnull=True) if request_id is None else Q(request_id=request_id))
        .first()
        if board_id is not None
        else None
    )
    if notice is None:
        raise RequestNotFound
    if notice.state != State.BY_HAND:
        raise TransitionRefused(_("This recipient has been told already."), "told")
    notice.state = State.TOLD_BY_HAND
    notice.told_at = timezone.now()
    notice.told_by = actor
    notice.save(update_fields=["state", "told_at", "told_by"])
    audit_record(
        action="requests.notice.told_by_hand",
        board_id=notice.board_id,
        actor_id=actor.pk,
        subjects=_subjects(notice),
    )
    return notice


def on_erasure_starting(
    sender: Any,
    *,
    erasure: Any,
    subject: DataSubject,
    categories: list[str],
    actor: User | None = None,
    **kwargs: Any,
) -> None:
    """The retention engine is about to erase (retention.signals.erasure_starting): record the
    notices now, while the registry still knows who received the data."""
    if subject.kind != "pupil":
        return
    request = (
        Request.objects.filter(pk=erasure.request_id, board_id=subject.board_id).first()
        if erasure.request_id
        else None
    )
    notices_record(
        subject=subject,
        cause=Cause.ERASURE,
        categories=categories,
        actor_id=actor.pk if actor else None,
        request=request,
        erasure_id=erasure.pk,
    )


def on_purge_erasing(
    sender: Any,
    *,
    board_id: int,
    run: Any,
    erasing: list[tuple[DataSubject, list[str]]],
    **kwargs: Any,
) -> None:
    """The nightly purge is about to erase (retention.signals.purge_erasing): an erasure under
    GDPR art. 17(1)(a), so every recipient is told as after an erasure on request (decision
    0057). Recorded now, per pupil, while the registry still knows who received what; the child's
    name is read now too (the batch erases it) and kept in memory once the batch committed, for
    the run's digest (`on_purge_ended`)."""
    told: list[tuple[int, dict[str, str] | None]] = []
    pupils = {
        p.pk: p
        for p in Pupil.objects.select_related("school").filter(
            board_id=board_id, pk__in=[s.id for s, _ in erasing if s.kind == "pupil"]
        )
    }
    for subject, categories in erasing:
        if subject.kind != "pupil":
            continue
        notices = notices_record(
            subject=subject,
            cause=Cause.ERASURE,
            categories=categories,
            actor_id=None,
            purge_run_id=run.pk,
            mail=False,
        )
        about = _about(pupils.get(subject.id))
        told.extend((n.pk, about) for n in notices if n.state == State.QUEUED)
    if told:
        transaction.on_commit(lambda: digests.add(run.pk, told))


def on_purge_ended(sender: Any, *, board_id: int, run: Any, **kwargs: Any) -> None:
    """The purge run stopped (retention.signals.purge_ended): one mail per recipient address
    with every child of the run's committed batches (after the caller's commit, if any)."""
    transaction.on_commit(lambda: notices_send_digests(digests.take(run.pk)))


def notices_send_digests(told: list[tuple[int, dict[str, str] | None]]) -> int:
    """One mail per recipient address listing its children; each notice is marked sent, with
    the date, only once that mail went out, and stays queued when it did not (the daily task
    tries again, one by one). A notice whose child cannot be named goes to the officer."""
    about = dict(told)
    by_address: dict[str, list[int]] = {}
    for pk, email in RecipientNotice.objects.filter(
        pk__in=list(about), state=State.QUEUED
    ).values_list("pk", "email"):
        by_address.setdefault(email.strip().lower(), []).append(pk)
    sent = 0
    for ids in by_address.values():
        named = [pk for pk in ids if about.get(pk)]
        unnamed = [pk for pk in ids if not about.get(pk)]
        if unnamed:
            notices_send(unnamed)  # leaves them to the officer, as one by one does
        if named:
            sent += _send_digest(named, about)
    return sent


def _send_digest(ids: list[int], about: dict[int, dict[str, str] | None]) -> int:
    with transaction.atomic():
        notices = list(
            RecipientNotice.objects.select_for_update()
            .filter(pk__in=ids, state=State.QUEUED)
            .order_by("pk")
        )
        if not notices:
            return 0  # another sender had them
        try:
            _digest_message(notices, about).send()
        except Exception:  # the mail server said no: try again later, never claim it
            log.exception("GDPR art. 19 digest of %s notices not sent", len(notices))
            return 0
        now = timezone.now()
        RecipientNotice.objects.filter(pk__in=[n.pk for n in notices]).update(
            state=State.SENT, told_at=now
        )
        for notice in notices:
            audit_record(
                action="requests.notice.sent",
                board_id=notice.board_id,
                actor_id=None,
                subjects=_subjects(notice),
                context={"digest": len(notices)},
            )
    return len(notices)


def _digest_message(
    notices: list[RecipientNotice], about: dict[int, dict[str, str] | None]
) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        lines = []
        for notice in notices:
            child = about[notice.pk] or {}
            kinds = ", ".join(
                str(taxonomy.BY_KEY[k].label) if k in taxonomy.BY_KEY else k
                for k in notice.categories
            )
            lines.append(
                "- "
                + _("%(pupil)s (born %(born)s, %(school)s): %(kinds)s (notice %(reference)s)")
                % {**child, "kinds": kinds, "reference": notice.pk}
            )
        count = len(notices)
        body = ngettext(
            "At the end of its retention period the school erased data about %(count)d pupil "
            "that you received from the school. Please erase your copy too, unless the law "
            "obliges you to keep it.",
            "At the end of its retention period the school erased data about %(count)d pupils "
            "that you received from the school. Please erase your copy too, unless the law "
            "obliges you to keep it.",
            count,
        ) % {"count": count}
        footer = _("This message follows GDPR article 19.")
        return EmailMessage(
            subject=_("Erasure of pupil data (GDPR art. 19)"),
            body=f"{body}\n\n" + "\n".join(lines) + f"\n\n{footer}",
            to=[notices[0].email],
        )
