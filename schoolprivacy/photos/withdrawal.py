"""Consent changed, photos follow (issue 6, point 4; issue 10; docs/decisions/0016).

The rule: a live publication is always consistent with the consent status now. Every write that
can change what the gate would decide writes a consent outbox event in its own transaction; once
it is committed a worker calls `consent_changed`, within seconds:

- a withdrawal, a refusal after a grant or a dispute: the pupil's publications in channels of
  that purpose;
- a change of parental authority or of a parent link: the pupil's publications in every channel;
- a new text version: every publication in channels of that purpose;
- a purpose or channel setting: every publication of the board.

Each affected live publication goes through the gate again: where a face that is shown may no
longer be, a BLUR channel gets a new rendition with it blurred and a BLOCK channel's publication
is taken offline. The location director is told (after commit) what changed and which copies
placed by hand outside Schoolprivacy a person must remove. Tags are re-checked in the transaction
of the tagging itself (photos/services.py).

Automatic changes only ever hide more: a face blurred once stays blurred until someone publishes
the photo again, so a late grant never shows a child without a person deciding to.
"""

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from schoolprivacy.access.duties import Duty, duty_holders
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.consents import locks
from schoolprivacy.consents.models import ConsentEvent, EventKind, Purpose
from schoolprivacy.consents.outbox import send_after_commit
from schoolprivacy.photos.gate import SHOWN, GateResult, Verdict, evaluate
from schoolprivacy.photos.models import (
    Channel,
    Face,
    Photo,
    Publication,
    PublicationFace,
    Takedown,
)
from schoolprivacy.photos.rendering import (
    publication_render,
    publication_take_offline,
    takedown_add,
)

Before = dict[int, tuple[str, int | None]]


def only_more_hidden(gate: GateResult, before: Before) -> tuple[GateResult, bool]:
    """Keep faces blurred that were blurred; say whether the rendition must be made again.

    It must when a shown face may no longer be shown, and when a shown face now belongs to
    another pupil (re-tagged): the evidence must name whose consent the face is shown on, or a
    later withdrawal of that pupil would not find it.
    """
    verdicts: list[Verdict] = []
    changed = False
    for verdict in gate.verdicts:
        previous, previous_pupil = before.get(verdict.face.pk, (None, None))
        was_shown = previous is not None and previous in SHOWN
        if verdict.shown and previous is not None and not was_shown:
            verdict = Verdict(verdict.face, previous, verdict.consent_status)  # stays hidden
        newly_hidden = not verdict.shown and (previous is None or was_shown)
        retagged = verdict.shown and verdict.face.pupil_id != previous_pupil
        changed = changed or newly_hidden or retagged
        verdicts.append(verdict)
    return GateResult(gate.channel, gate.purpose, verdicts, []), changed


def evidence_of(publication: Publication) -> Before:
    """Per face of the current version: the outcome and the pupil it was shown or hidden as."""
    rows = PublicationFace.objects.filter(publication=publication, version=publication.version)
    return {face: (outcome, pupil) for face, outcome, pupil in rows.values_list(
        "face_id", "outcome", "pupil_id"
    )}  # fmt: skip


def photo_lock(photo_id: int) -> None:
    """The photo's row, FOR UPDATE: tagging, publishing and re-checks of one photo take turns."""
    Photo.objects.select_for_update().filter(pk=photo_id).exists()


def lock_for_gate(photo: Photo, channel: Channel) -> None:
    """Before relying on the gate: share-lock the channel, the pupils on the photo and the
    purposes the channel could mean at the photo's school (consents/locks.py). The caller holds
    the photo's row, so its tags cannot change meanwhile."""
    locks.share(Channel, [channel.pk])
    channel.refresh_from_db()  # its purpose as it is now that it is held
    pupil_ids = photo.faces.filter(pupil__isnull=False).values_list("pupil_id", flat=True)
    locks.pupils_share(list(pupil_ids))
    purposes = Purpose.objects.filter(board_id=photo.board_id, key=channel.purpose_key).filter(
        Q(school__isnull=True) | Q(school_id=photo.school_id)
    )
    locks.purposes_share(list(purposes.values_list("pk", flat=True)))


def publications_recheck(publications: QuerySet[Publication], *, cause: str) -> list[Takedown]:
    """Apply the gate again to live publications; re-render or take offline where it says no."""
    takedowns: list[Takedown] = []
    live = publications.filter(status=Publication.Status.LIVE).values_list("pk", "photo_id")
    for pk, photo_id in list(live):
        # Photo first, then publication: the order tagging and publishing take them in.
        photo_lock(photo_id)
        publication = (
            Publication.objects.select_for_update(of=("self",))
            .filter(pk=pk, status=Publication.Status.LIVE)
            .select_related("photo__school", "photo__event", "channel")
            .first()
        )
        if publication is None:  # taken offline meanwhile
            continue
        lock_for_gate(publication.photo, publication.channel)
        gate = evaluate(publication.photo, publication.channel)
        # BLOCK: any face that may not be shown; BLUR: only a photo that cannot be checked at
        # all any more (no purpose at the school, detection not done). Both mean offline.
        if gate.blocked:
            publication_take_offline(publication, cause=cause)
            takedowns.append(
                takedown_add(publication, change=Takedown.Change.WITHDRAWN, cause=cause)
            )
            _audit(publication, "withdrawn", cause)
            continue
        kept, changed = only_more_hidden(gate, evidence_of(publication))
        if changed:
            publication_render(publication, kept, new_version=True)
            takedowns.append(
                takedown_add(publication, change=Takedown.Change.REBLURRED, cause=cause)
            )
            _audit(publication, "rerendered", cause)
    return takedowns


def _audit(publication: Publication, verb: str, cause: str) -> None:
    audit_record(
        action=f"photos.publication.{verb}",
        board_id=publication.board_id,
        actor_id=None,
        subjects=[Subject(subject_types.PUBLICATION, publication.pk)],
        context={"reason": cause, "version": publication.version},
        channel="task",
    )


def _showing(pupil_id: int) -> Q:
    """Live publications where the pupil is tagged now or was shown in the current version."""
    shown_here = PublicationFace.objects.filter(
        publication=OuterRef("pk"), version=OuterRef("version"), pupil_id=pupil_id
    )
    tagged_now = Face.objects.filter(photo=OuterRef("photo_id"), pupil_id=pupil_id)
    return Q(Exists(shown_here)) | Q(Exists(tagged_now))


def affected(event: ConsentEvent) -> QuerySet[Publication]:
    """The live publications an event may change (see the module docstring)."""
    rows = Publication.objects.filter(board_id=event.board_id, status=Publication.Status.LIVE)
    if event.kind == EventKind.SETTINGS_CHANGED:
        return rows
    if event.purpose is not None:
        rows = rows.filter(channel__purpose_key=event.purpose.key)
        if event.purpose.school_id is not None:
            rows = rows.filter(school_id=event.purpose.school_id)
    if event.pupil_id is not None:
        rows = rows.filter(_showing(event.pupil_id))
    return rows


# The kinds after which published photos may have to hide more.
RECHECK_KINDS = (
    EventKind.WITHDRAWN,
    EventKind.REFUSED,
    EventKind.DISPUTE_OPENED,
    EventKind.HOLDERS_CHANGED,
    EventKind.TEXT_PUBLISHED,
    EventKind.SETTINGS_CHANGED,
)


def consent_changed(event: ConsentEvent) -> None:
    """Outbox effect of every kind in RECHECK_KINDS. Idempotent: a second run finds the faces
    already hidden and changes nothing."""
    cause = (
        Publication.Reason.CONSENT
        if event.kind != EventKind.SETTINGS_CHANGED
        else Publication.Reason.SETTINGS
    )
    directors_tell(publications_recheck(affected(event), cause=cause))


def directors_tell(takedowns: list[Takedown]) -> None:
    """One email per school to its location directors: what changed, what to remove by hand.

    The email names events, channels and photo numbers, never a pupil: the director follows the
    link and signs in to see more.
    """
    by_school: dict[int, list[Takedown]] = defaultdict(list)
    for takedown in takedowns:
        by_school[takedown.school_id].append(takedown)
    for school_id, items in by_school.items():
        recipients = [
            u.email
            for u in duty_holders(school_id=school_id, duty=Duty.ACT_ON_TAKEDOWNS)
            if u.email
        ]
        if not recipients:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "takedowns": [
                    {
                        "photo_id": t.publication.photo_id,
                        "event": t.publication.photo.event.name,
                        "channel": t.publication.channel.name,
                        "change": t.get_change_display(),
                        "manual": t.needs_manual_removal,
                        "reference": t.publication.external_reference,
                    }
                    for t in items
                ],
                "manual": any(t.needs_manual_removal for t in items),
                "url": settings.SITE_URL + reverse("photos:takedowns"),
            }
            subject = render_to_string("photos/email/takedown_subject.txt", context).strip()
            body = render_to_string("photos/email/takedown.txt", context)
        send_after_commit(EmailMessage(subject=subject, body=body, to=recipients))
