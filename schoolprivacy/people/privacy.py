"""Personal data of `people`: pupils, their groups, guardians and their authority, staff.

Erasure blanks the fields of each category asked for (names, contact details, the education
number, the account link) and deletes group memberships and guardian links; the caller
(`retention`: a request or the purge) decides which categories may go, since enrolment data has
a legal retention duty of 5 years after leaving. When every category goes, the row itself is
deleted, unless another app keeps a record that points at it (the consent ledger, as proof of
consent): then the row stays as an empty shell holding only the enrolment and leaving dates
(which the retention rules count from) and the birth date reduced to its year. Dossier records
are erased by `dossier.privacy`.
"""

from collections.abc import Callable, Collection
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError

from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.people.batch_erasure import erase_many as erase_many  # the batch form
from schoolprivacy.people.models import (
    GroupMembership,
    Guardian,
    GuardianRelation,
    Invitation,
    Pupil,
    Staff,
)
from schoolprivacy.privacy_registry import (
    DataSubject,
    Erasure,
    Export,
    NotPersonal,
    PersonalData,
    collect,
    merge,
)

_ID = "pupil.identity"
PUPILS = PersonalData(
    Pupil,
    {
        "given_names": _ID,
        "first_name": _ID,
        "surname_prefix": _ID,
        "surname": _ID,
        "date_of_birth": _ID,
        "enrolled_on": "pupil.enrolment",
        "left_on": "pupil.enrolment",
        # The pupil's number in ESIS or ParnasSys: an identifier from the enrolment.
        "external_id": "pupil.enrolment",
        "education_number": "pupil.education_number",
        # A keyed hash of the number is as identifying as the number to whoever has the key.
        "education_number_hash": "pupil.education_number",
        "user": "pupil.account",
        # The adult pupil's choice whether parents still see their data (access.parents).
        "parents_may_see_as_adult": "pupil.account",
        # From the pupil administration, for the account of a pupil of 16+ (issue 13).
        "email": "pupil.contact",
    },
)
MEMBERSHIPS = PersonalData(
    GroupMembership,
    {"group": "pupil.enrolment", "starts_on": "pupil.enrolment", "ends_on": "pupil.enrolment"},
)
GUARDIANS = PersonalData(
    Guardian,
    {
        "first_name": "guardian.identity",
        "surname_prefix": "guardian.identity",
        "surname": "guardian.identity",
        "external_id": "guardian.identity",
        "email": "guardian.contact",
        "phone": "guardian.contact",
        "address": "guardian.contact",
        # Parents sign in with their email address: the account is contact data.
        "user": "guardian.contact",
    },
)
_AUTHORITY = "guardian.authority"
RELATIONS = PersonalData(
    GuardianRelation,
    {
        "kind": _AUTHORITY,
        "has_parental_authority": _AUTHORITY,
        "recognised": _AUTHORITY,
        "information_restriction": _AUTHORITY,
        "restriction_reason": _AUTHORITY,
        # The day the pupil administration stopped listing this guardian for the pupil.
        "ends_on": _AUTHORITY,
    },
)
INVITATIONS = PersonalData(
    Invitation,
    {
        # Who was invited to the portal, when, by whom, and whether it was taken back.
        "user": "guardian.contact",
        "sent_at": "guardian.contact",
        "sent_by": "staff.activity",
        "link": "guardian.contact",
        "revoked_at": "guardian.contact",
    },
)
STAFF = PersonalData(
    Staff,
    {
        "first_name": "staff.identity",
        "surname_prefix": "staff.identity",
        "surname": "staff.identity",
        "user": "staff.identity",
        "email": "staff.contact",
        "left_on": "staff.assignments",
    },
)
PERSONAL_DATA = (PUPILS, MEMBERSHIPS, GUARDIANS, RELATIONS, INVITATIONS, STAFF)
NOT_PERSONAL: tuple[NotPersonal, ...] = ()


def export(subject: DataSubject) -> Export:
    board = {"board_id": subject.board_id}
    if subject.kind == "pupil":
        return merge(
            collect(PUPILS, Pupil.objects.filter(pk=subject.id, **board), subject),
            collect(
                MEMBERSHIPS,
                GroupMembership.objects.filter(pupil_id=subject.id, **board)
                .select_related("group__school_year")
                .order_by("starts_on"),
                subject,
            ),
        )
    if subject.kind == "guardian":
        return merge(
            collect(GUARDIANS, Guardian.objects.filter(pk=subject.id, **board), subject),
            collect(
                RELATIONS, GuardianRelation.objects.filter(guardian_id=subject.id, **board), subject
            ),
        )
    if subject.kind == "staff":
        return collect(STAFF, Staff.objects.filter(pk=subject.id, **board), subject)
    return {}


def erase(
    subject: DataSubject,
    *,
    actor_id: int | None,
    categories: Collection[str] | None = None,
    dry_run: bool = True,
) -> Erasure:
    """Blank or delete the subject's data of `categories` (default: all); counts per category.

    Idempotent: what is already blank counts 0, so a replay after a backup restore or a resumed
    purge erases only what came back. Audited with counts, never values.
    """

    def wanted(key: str) -> bool:
        return categories is None or key in categories

    with transaction.atomic():
        if subject.kind == "pupil":
            counts = _pupil_erase(subject, wanted, dry_run=dry_run)
        elif subject.kind == "guardian":
            counts = _guardian_erase(subject, wanted, dry_run=dry_run)
        elif subject.kind == "staff":
            counts = _staff_erase(subject, wanted, dry_run=dry_run)
        else:
            counts = {}
        counts = {key: n for key, n in counts.items() if n}
        if not dry_run and counts:
            audit_record(
                action=f"people.{subject.kind}.erased",
                board_id=subject.board_id,
                actor_id=actor_id,
                subjects=[Subject(subject_types.for_person_kind(subject.kind), subject.id)],
                context=dict(sorted(counts.items())),
                channel="system",
            )
    # Staff rows stay (they hold the account the audit log names); their leaving date is what
    # the staff rule counts from.
    keeps_leaving_date = subject.kind == "staff" and wanted("staff.assignments")
    kept = {"staff.assignments": "needed_for_retention"} if keeps_leaving_date else {}
    return Erasure("people", counts, done=not dry_run, kept=kept)


def _delete_if_unreferenced(row: Pupil | Guardian) -> bool:
    """Delete the row unless another app's kept record protects it; True when deleted."""
    try:
        with transaction.atomic():
            row.delete()
    except (ProtectedError, RestrictedError, IntegrityError):
        return False
    return True


def _pupil_erase(
    subject: DataSubject, wanted: Callable[[str], bool], *, dry_run: bool
) -> dict[str, int]:
    pupil = Pupil.objects.filter(pk=subject.id, board_id=subject.board_id).first()
    if pupil is None:
        return {}
    counts: dict[str, int] = {}
    changed: list[str] = []
    born = pupil.date_of_birth
    if wanted(_ID):
        names = (pupil.given_names, pupil.first_name, pupil.surname_prefix, pupil.surname)
        counts[_ID] = int(any(names) or (born.month, born.day) != (1, 1))
        pupil.given_names = pupil.first_name = pupil.surname_prefix = pupil.surname = ""
        # The row keeps a birth date (the database requires one): 1 January of the same year.
        pupil.date_of_birth = date(born.year, 1, 1)
        changed += ["given_names", "first_name", "surname_prefix", "surname", "date_of_birth"]
    if wanted("pupil.contact"):
        counts["pupil.contact"] = int(bool(pupil.email))
        pupil.email = ""
        changed.append("email")
    if wanted("pupil.education_number"):
        counts["pupil.education_number"] = int(bool(pupil.education_number_hash))
        pupil.education_number = pupil.education_number_hash = ""
        changed += ["education_number", "education_number_hash"]
    memberships = GroupMembership.objects.filter(pupil_id=pupil.pk, board_id=subject.board_id)
    if wanted("pupil.enrolment"):
        counts["pupil.enrolment"] = memberships.count() + int(bool(pupil.external_id))
        pupil.external_id = ""
        changed.append("external_id")
    if wanted("pupil.account"):
        counts["pupil.account"] = int(pupil.user_id is not None)
        pupil.user = None
        pupil.parents_may_see_as_adult = False
        changed += ["user", "parents_may_see_as_adult"]
    if dry_run:
        return counts
    if wanted("pupil.enrolment"):
        memberships.delete()
    pupil.save(update_fields=changed)
    everything = all(wanted(k) for k in PUPILS.keys)
    if everything:
        _delete_if_unreferenced(pupil)
    return counts


def _guardian_erase(
    subject: DataSubject, wanted: Callable[[str], bool], *, dry_run: bool
) -> dict[str, int]:
    guardian = Guardian.objects.filter(pk=subject.id, board_id=subject.board_id).first()
    if guardian is None:
        return {}
    counts: dict[str, int] = {}
    changed: list[str] = []
    if wanted("guardian.identity"):
        names = (guardian.first_name, guardian.surname_prefix, guardian.surname)
        counts["guardian.identity"] = int(any(names) or bool(guardian.external_id))
        guardian.first_name = guardian.surname_prefix = guardian.surname = ""
        guardian.external_id = ""
        changed += ["first_name", "surname_prefix", "surname", "external_id"]
    invitations = Invitation.objects.filter(board_id=subject.board_id, user_id=subject.user_id or 0)
    if wanted("guardian.contact"):
        contact = (guardian.email, guardian.phone, guardian.address)
        counts["guardian.contact"] = int(any(contact) or guardian.user_id is not None) + (
            invitations.count() if subject.user_id is not None else 0
        )
        guardian.email = guardian.phone = guardian.address = ""
        guardian.user = None
        changed += ["email", "phone", "address", "user"]
    relations = GuardianRelation.objects.filter(guardian_id=guardian.pk, board_id=subject.board_id)
    if wanted(_AUTHORITY):
        counts[_AUTHORITY] = relations.count()
    if dry_run:
        return counts
    if wanted("guardian.contact") and subject.user_id is not None:
        invitations.delete()
    if wanted(_AUTHORITY):
        relations.delete()
    guardian.save(update_fields=changed)
    if all(wanted(k) for k in GUARDIANS.keys | RELATIONS.keys):
        _delete_if_unreferenced(guardian)
    return counts


def _staff_erase(
    subject: DataSubject, wanted: Callable[[str], bool], *, dry_run: bool
) -> dict[str, int]:
    staff = Staff.objects.filter(pk=subject.id, board_id=subject.board_id).first()
    if staff is None:
        return {}
    counts: dict[str, int] = {}
    changed: list[str] = []
    if wanted("staff.identity"):
        counts["staff.identity"] = int(any((staff.first_name, staff.surname_prefix, staff.surname)))
        staff.first_name = staff.surname_prefix = staff.surname = ""
        changed += ["first_name", "surname_prefix", "surname"]
    if wanted("staff.contact"):
        counts["staff.contact"] = int(bool(staff.email))
        staff.email = ""
        changed.append("email")
    if not dry_run and changed:
        staff.save(update_fields=changed)
    return counts
