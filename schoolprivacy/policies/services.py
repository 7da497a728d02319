"""Writes of the policies app: documents, versions, the (G)MR decision, publication, contacts.

Every write is audited and in a transaction. Publication needs the council's consent on that
version (WMS; the database refuses it too) and tells the parents by email, once, through the
task queue (policies/notifications.py).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.access.duties import Duty, board_of_duty
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.policies.models import (
    Council,
    Decision,
    PolicyDocument,
    PolicyVersion,
    PrivacyContacts,
    Section,
)
from schoolprivacy.policies.notifications import notify_parents_of_policy


def _officer_board(user: User) -> int:
    board_id = board_of_duty(user, Duty.OVERSEE)
    if board_id is None:
        raise ValidationError(_("Only the privacy officer of the board keeps its policies."))
    return board_id


@transaction.atomic
def policy_version_create(
    *,
    actor: User,
    document: PolicyDocument | None = None,
    kind: str = "",
    title: str = "",
    text: str,
    changes: str = "",
    channel: str = "web",
) -> PolicyVersion:
    """A new draft version of `document`, or the first version of a new document."""
    board_id = _officer_board(actor)
    if not text.strip():
        raise ValidationError(_("A version needs its text."), code="text")
    if document is None:
        if kind not in PolicyDocument.Kind.values or not title.strip():
            raise ValidationError(_("Give the document a kind and a title."), code="title")
        document = PolicyDocument.objects.create(board_id=board_id, kind=kind, title=title.strip())
    elif document.board_id != board_id:
        raise ValidationError(_("Only the privacy officer of the board keeps its policies."))
    # Lock the document so two drafts cannot get the same number.
    PolicyDocument.objects.select_for_update().filter(pk=document.pk).exists()
    last = document.versions.aggregate(n=Max("number"))["n"] or 0
    version = PolicyVersion.objects.create(
        board_id=board_id,
        document=document,
        number=last + 1,
        text=text.strip(),
        changes=changes.strip(),
        created_at=timezone.now(),
        created_by=actor,
    )
    audit_record(
        action="policies.version.created",
        board_id=board_id,
        actor_id=actor.pk,
        subjects=[Subject(subject_types.POLICY_VERSION, version.pk)],
        fields=["text", *(["changes"] if version.changes else [])],
        context={"kind": document.kind, "number": version.number},
        channel=channel,
    )
    return version


@transaction.atomic
def council_decision_record(
    *,
    actor: User,
    version: PolicyVersion,
    council: str,
    section: str,
    decided_on: date,
    decision: str,
    minutes_reference: str,
    channel: str = "web",
) -> PolicyVersion:
    """Record the (G)MR's decision on a version (once; a new text needs a new version)."""
    board_id = _officer_board(actor)
    if version.board_id != board_id:
        raise ValidationError(_("Only the privacy officer of the board keeps its policies."))
    if council not in Council.values or section not in Section.values:
        raise ValidationError(_("Say which council and which section decided."), code="council")
    if decision not in Decision.values:
        raise ValidationError(_("Choose the council's decision."), code="decision")
    if decided_on > timezone.localdate():
        raise ValidationError(_("A decision cannot be dated in the future."), code="decided_on")
    if not minutes_reference.strip():
        raise ValidationError(
            _("Give the reference of the minutes that record the decision."), code="minutes"
        )
    updated = PolicyVersion.objects.filter(pk=version.pk, council_decision="").update(
        council=council,
        council_section=section,
        council_decided_on=decided_on,
        council_decision=decision,
        minutes_reference=minutes_reference.strip(),
        recorded_by=actor,
    )
    if not updated:
        raise ValidationError(_("The council's decision on this version is already recorded."))
    audit_record(
        action="policies.version.decided",
        board_id=board_id,
        actor_id=actor.pk,
        subjects=[Subject(subject_types.POLICY_VERSION, version.pk)],
        fields=["council", "council_section", "council_decided_on", "council_decision"],
        context={"decision": decision, "council": council, "section": section},
        channel=channel,
    )
    version.refresh_from_db()
    return version


@transaction.atomic
def policy_version_publish(
    *, actor: User, version: PolicyVersion, channel: str = "web", tell_parents: bool = True
) -> PolicyVersion:
    """Publish an approved version: it becomes the current one, and the parents are told.

    `tell_parents=False` only for recording a version that was already in force before the board
    used this system (the demo does): the parents were told then.
    """
    board_id = _officer_board(actor)
    if version.board_id != board_id:
        raise ValidationError(_("Only the privacy officer of the board keeps its policies."))
    # Read the decision again under a lock: it is what the publication rests on.
    locked = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if locked.council_decision != Decision.CONSENTED:
        raise ValidationError(
            _("Only a version the (G)MR consented to can be published."), code="not_approved"
        )
    if locked.published_at is not None:
        raise ValidationError(_("This version is already published."), code="published")
    newer = PolicyVersion.objects.filter(
        document_id=locked.document_id, number__gt=locked.number, published_at__isnull=False
    )
    if newer.exists():
        raise ValidationError(_("A newer version is already published."), code="older")
    locked.published_at = timezone.now()
    locked.published_by = actor
    locked.save(update_fields=["published_at", "published_by"])
    audit_record(
        action="policies.version.published",
        board_id=board_id,
        actor_id=actor.pk,
        subjects=[Subject(subject_types.POLICY_VERSION, locked.pk)],
        fields=["published_at"],
        context={"number": locked.number, "parents_told": tell_parents},
        channel=channel,
    )
    if tell_parents:
        # Enqueued inside the transaction: with the database queue it commits with it.
        notify_parents_of_policy.enqueue(version_id=locked.pk)
    return locked


@transaction.atomic
def privacy_contacts_save(
    *,
    actor: User,
    dpo_name: str,
    dpo_email: str,
    dpo_phone: str,
    website: str,
    channel: str = "web",
) -> PrivacyContacts:
    board_id = _officer_board(actor)
    contacts, _created = PrivacyContacts.objects.select_for_update().get_or_create(
        board_id=board_id
    )
    new = {
        "dpo_name": dpo_name.strip(),
        "dpo_email": dpo_email.strip(),
        "dpo_phone": dpo_phone.strip(),
        "website": website.strip(),
    }
    changed = [name for name, value in new.items() if getattr(contacts, name) != value]
    for name, value in new.items():
        setattr(contacts, name, value)
    contacts.save()
    if changed:
        audit_record(
            action="policies.contacts.updated",
            board_id=board_id,
            actor_id=actor.pk,
            subjects=[Subject(subject_types.POLICY_CONTACTS, contacts.pk)],
            fields=changed,
            channel=channel,
        )
    return contacts
