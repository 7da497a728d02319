"""Personal data of `people`: pupils, their groups, guardians and their authority, staff.

Erasure here is a plan (counts) for now: deleting a pupil, guardian or staff member touches the
legal retention of enrolment data (5 years after leaving) and the links from other apps, which
the requests and retention apps decide; dossier records are erased by `dossier.privacy`.
"""

from collections.abc import Collection

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
    plan_only,
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
    board = {"board_id": subject.board_id}
    counts: dict[str, int] = {}
    if subject.kind == "pupil":
        counts = {
            _ID: Pupil.objects.filter(pk=subject.id, **board).count(),
            "pupil.enrolment": GroupMembership.objects.filter(pupil_id=subject.id, **board).count(),
        }
    elif subject.kind == "guardian":
        counts = {
            "guardian.identity": Guardian.objects.filter(pk=subject.id, **board).count(),
            _AUTHORITY: GuardianRelation.objects.filter(guardian_id=subject.id, **board).count(),
        }
    elif subject.kind == "staff":
        counts = {"staff.identity": Staff.objects.filter(pk=subject.id, **board).count()}
    if categories is not None:
        counts = {k: n for k, n in counts.items() if k in categories}
    return plan_only("people", counts, reason="not_implemented", dry_run=dry_run)
