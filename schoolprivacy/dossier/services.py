"""Writing pupil records. Every write asks `access.policy.may_write` and is audited.

A refusal is `DossierNotFound`, a 404: whoever may not write a kind of record about a pupil learns
nothing from the answer, not even that the pupil or a linked record exists.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.access.policy import decide, may_write
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.dossier.education_numbers import (
    education_number_hash,
    pupils_by_education_number,
)
from schoolprivacy.dossier.errors import DossierNotFound
from schoolprivacy.dossier.models import (
    BODY_MAX_LENGTH,
    RECORD_CATEGORIES,
    TITLE_MAX_LENGTH,
    Record,
    RecordVersion,
)
from schoolprivacy.lib.education_number import InvalidEducationNumber, validate
from schoolprivacy.people.models import Pupil

EDUCATION_NUMBER = "pupil.education_number"


def _clean_text(title: str, body: str) -> tuple[str, str]:
    title, body = title.strip(), body.strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Give the record a title.")
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = _("A title has at most %(n)d characters.") % {"n": TITLE_MAX_LENGTH}
    if len(body) > BODY_MAX_LENGTH:
        errors["body"] = _("A note has at most %(n)d characters.") % {"n": BODY_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    return title, body


def _require_write(actor: User, pupil: Pupil, category_key: str) -> str:
    """The rule that allows the write; DossierNotFound when none does."""
    decision = may_write(actor, pupil, category_key)
    if not decision.allowed:
        raise DossierNotFound
    return decision.rule


def _subjects(record: Record) -> list[Subject]:
    return [Subject(subject_types.PUPIL, record.pupil_id), Subject(subject_types.RECORD, record.pk)]


@transaction.atomic
def record_create(
    *,
    actor: User,
    pupil: Pupil,
    category_key: str,
    title: str,
    body: str = "",
    based_on: Record | None = None,
    recorded_at: datetime | None = None,
    channel: str = "web",
) -> Record:
    """Add a record of `category_key` about `pupil`, written by `actor`."""
    if category_key not in RECORD_CATEGORIES:
        raise ValidationError({"category_key": _("This kind of information is not a record.")})
    rule = _require_write(actor, pupil, category_key)
    title, body = _clean_text(title, body)
    # A link must stay within the pupil, and linking to a record proves it exists: the writer
    # must be allowed to read it.
    if based_on is not None and (
        based_on.pupil_id != pupil.pk or not decide(actor, pupil, based_on.category_key).allowed
    ):
        raise DossierNotFound
    record = Record.objects.create(
        board_id=pupil.board_id,
        school_id=pupil.school_id,
        pupil=pupil,
        category_key=category_key,
        title=title,
        body=body,
        based_on=based_on,
        recorded_at=recorded_at or timezone.now(),
        recorded_by=actor,
    )
    fields = ["category_key", "title", "recorded_at"]
    fields += ["body"] if body else []
    fields += ["based_on"] if based_on is not None else []
    audit_record(
        action="dossier.record.created",
        board_id=record.board_id,
        actor_id=actor.pk,
        subjects=_subjects(record),
        fields=fields,
        context={"category": category_key, "rule": rule},
        channel=channel,
    )
    return record


def _locked(record: Record) -> Record:
    # Re-read under a lock: the caller's instance may be a read view (dossier_for clears hidden
    # links) or stale, and must never be what gets saved.
    found = Record.objects.select_for_update().select_related("pupil").filter(pk=record.pk).first()
    if found is None:
        raise DossierNotFound
    return found


@transaction.atomic
def record_update(
    *,
    actor: User,
    record: Record,
    title: str | None = None,
    body: str | None = None,
    channel: str = "web",
) -> Record:
    """Change the title or body. The kind of record never changes: it decides who may read it,
    so a different kind is a new record."""
    current = _locked(record)
    rule = _require_write(actor, current.pupil, current.category_key)
    new_title, new_body = _clean_text(
        current.title if title is None else title, current.body if body is None else body
    )
    changed = [
        name
        for name, old, new in (
            ("title", current.title, new_title),
            ("body", current.body, new_body),
        )
        if old != new
    ]
    if not changed:
        return current
    _keep_version(current, RecordVersion.Change.UPDATED, actor.pk)
    current.title, current.body = new_title, new_body
    current.updated_at = timezone.now()
    current.save(update_fields=[*changed, "updated_at"])
    audit_record(
        action="dossier.record.updated",
        board_id=current.board_id,
        actor_id=actor.pk,
        subjects=_subjects(current),
        fields=changed,
        context={"category": current.category_key, "rule": rule},
        channel=channel,
    )
    return current


def _keep_version(record: Record, change: str, actor_id: int | None) -> RecordVersion:
    """The record as it is now, before it changes or goes (issue 14 item 6)."""
    return RecordVersion.objects.create(
        board_id=record.board_id,
        pupil_id=record.pupil_id,
        record=record,
        record_number=record.pk,
        category_key=record.category_key,
        title=record.title,
        body=record.body,
        recorded_at=record.recorded_at,
        change=change,
        replaced_at=timezone.now(),
        replaced_by_id=actor_id,
    )


@transaction.atomic
def record_correct(
    *, actor_id: int, board_id: int, pupil_id: int, record_id: int, field: str, value: str
) -> Record:
    """Apply a correction the privacy officer accepted on a rights request (GDPR art. 16).

    The basis is the officer's decision on the request, not a routine write right, so it is not
    asked of `may_write`; the caller (requests, through dossier/privacy.py) checked the officer.
    The previous version is kept; the audit event names the field, never the text.
    """
    current = (
        Record.objects.select_for_update()
        .filter(pk=record_id, board_id=board_id, pupil_id=pupil_id)
        .first()
    )
    if current is None or field not in ("title", "body"):
        raise DossierNotFound
    title, body = _clean_text(
        value if field == "title" else current.title, value if field == "body" else current.body
    )
    if (title, body) == (current.title, current.body):
        return current
    _keep_version(current, RecordVersion.Change.CORRECTED, actor_id)
    current.title, current.body = title, body
    current.updated_at = timezone.now()
    current.save(update_fields=["title", "body", "updated_at"])
    audit_record(
        action="dossier.record.corrected",
        board_id=current.board_id,
        actor_id=actor_id,
        subjects=_subjects(current),
        fields=[field],
        context={"category": current.category_key, "rule": "gdpr.art16"},
        channel="web",
    )
    return current


@transaction.atomic
def record_delete(*, actor: User, record: Record, channel: str = "web") -> None:
    """Delete a record written in error. Records that follow from it lose the link."""
    current = _locked(record)
    rule = _require_write(actor, current.pupil, current.category_key)
    subjects = _subjects(current)
    category_key, board_id = current.category_key, current.board_id
    _keep_version(current, RecordVersion.Change.DELETED, actor.pk)
    current.delete()
    audit_record(
        action="dossier.record.deleted",
        board_id=board_id,
        actor_id=actor.pk,
        subjects=subjects,
        fields=["category_key", "title", "body"],
        context={"category": category_key, "rule": rule},
        channel=channel,
    )


@transaction.atomic
def education_number_set(*, actor: User, pupil: Pupil, number: str, channel: str = "web") -> None:
    """Set (or with "" clear) a pupil's education number, sealed, with its lookup hash.

    Only for those the policy lets write it (the administration). The audit event names the
    field, never the number, nor whether it is a BSN (that hints at a pupil's residence status).
    """
    rule = _require_write(actor, pupil, EDUCATION_NUMBER)
    if number.strip():
        try:
            number = validate(number)
        except InvalidEducationNumber as exc:
            message = (
                _("An education number has nine digits.")
                if exc.code == "length"
                else _(
                    "This is not a valid citizen service number (BSN) or onderwijsnummer. "
                    "Check for a typing error."
                )
            )
            raise ValidationError({"education_number": message}) from None
        digest = education_number_hash(number)
    else:
        number, digest = "", ""
    current = Pupil.objects.select_for_update().get(pk=pupil.pk)
    if current.education_number == number:
        return
    others = pupils_by_education_number(board_id=pupil.board_id, number=number) if number else None
    if (
        others is not None
        and others.filter(school_id=pupil.school_id).exclude(pk=pupil.pk).exists()
    ):
        raise ValidationError(
            {"education_number": _("Another pupil of this school has this education number.")}
        )
    Pupil.objects.filter(pk=pupil.pk).update(education_number=number, education_number_hash=digest)
    pupil.education_number, pupil.education_number_hash = number, digest
    audit_record(
        action="dossier.education_number.changed" if number else "dossier.education_number.cleared",
        board_id=pupil.board_id,
        actor_id=actor.pk,
        subjects=[Subject(subject_types.PUPIL, pupil.pk)],
        fields=["education_number"],
        context={"rule": rule},
        channel=channel,
    )
