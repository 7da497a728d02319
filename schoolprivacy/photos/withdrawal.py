"""Consent lost, photos taken back (issue 6, point 4).

When a consent is withdrawn (or a refusal replaces a grant, or the parents disagree) the consent
outbox calls `consent_lost` once the decision is committed, through a worker, within seconds.
Every live publication in a channel of that purpose in which the pupil's face is shown is checked
again: a BLUR channel gets a new rendition with the face blurred, a BLOCK channel's publication is
taken offline. The location director is told what changed and which copies placed by hand outside
Schoolprivacy must be removed by a person.

Automatic changes only ever hide more: a face blurred once stays blurred until someone publishes
the photo again, so a late grant never shows a child without a person deciding to.
"""

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from schoolprivacy.access.models import Role
from schoolprivacy.access.selectors import role_holders
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.consents.models import ConsentEvent
from schoolprivacy.photos.gate import SHOWN, GateResult, Verdict, evaluate
from schoolprivacy.photos.models import (
    Publication,
    PublicationFace,
    Takedown,
)
from schoolprivacy.photos.rendering import (
    publication_render,
    publication_take_offline,
    takedown_add,
)


def _only_more_hidden(gate: GateResult, before: dict[int, str]) -> tuple[GateResult, bool]:
    """Keep faces blurred that were blurred; say whether any shown face must now be hidden."""
    verdicts: list[Verdict] = []
    newly_hidden = False
    for verdict in gate.verdicts:
        previous = before.get(verdict.face.pk)
        if verdict.shown and previous is not None and previous not in SHOWN:
            verdict = Verdict(verdict.face, previous, verdict.consent_status)
        elif not verdict.shown and (previous is None or previous in SHOWN):
            newly_hidden = True
        verdicts.append(verdict)
    return GateResult(gate.channel, gate.purpose, verdicts, []), newly_hidden


def publications_recheck(publications: QuerySet[Publication], *, cause: str) -> list[Takedown]:
    """Apply the gate again to live publications; re-render or take offline where it says no."""
    takedowns: list[Takedown] = []
    live = publications.filter(status=Publication.Status.LIVE).select_related(
        "photo__school", "photo__event", "channel"
    )
    for publication in live:
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
        before = dict(
            PublicationFace.objects.filter(
                publication=publication, version=publication.version
            ).values_list("face_id", "outcome")
        )
        kept, changed = _only_more_hidden(gate, before)
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
        subjects=[Subject("photos.publication", publication.pk)],
        context={"reason": cause, "version": publication.version},
        channel="task",
    )


def consent_lost(event: ConsentEvent) -> None:
    """Outbox effect of a withdrawal, a refusal after a grant, or a dispute. Idempotent: a second
    run finds the face already hidden and changes nothing."""
    if event.purpose is None:
        return
    shown_here = PublicationFace.objects.filter(
        publication=OuterRef("pk"),
        version=OuterRef("version"),
        pupil_id=event.pupil_id,
        outcome__in=list(SHOWN),
    )
    affected = Publication.objects.filter(
        board_id=event.board_id,
        status=Publication.Status.LIVE,
        channel__purpose_key=event.purpose.key,
    ).filter(Exists(shown_here))
    takedowns = publications_recheck(affected, cause=Publication.Reason.CONSENT)
    directors_tell(takedowns)


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
            for u in role_holders(school_id=school_id, role=Role.LOCATION_DIRECTOR)
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
        EmailMessage(subject=subject, body=body, to=recipients).send()
