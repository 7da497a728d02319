"""`schools` holds the organisation, not people; only a location's director is personal data.

Erasure takes the staff member off the locations they direct (the location stays, without a
director until the board names one).
"""

from collections.abc import Collection

from django.db import transaction

from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.privacy_registry import (
    DataSubject,
    Erasure,
    Export,
    NotPersonal,
    PersonalData,
    collect,
)
from schoolprivacy.schools.models import Board, Group, Location, School, SchoolYear

DIRECTORS = PersonalData(Location, {"director": "staff.assignments"})
PERSONAL_DATA = (DIRECTORS,)
_ORGANISATION = "about the organisation, public"
NOT_PERSONAL = (
    NotPersonal(
        Board,
        {
            "name": _ORGANISATION,
            "board_number": "DUO's public number of the board",
            # A role address (fg@…) on the public privacy statement, not a person's own.
            "privacy_contact_email": "the board's published privacy contact (a role address)",
        },
    ),
    NotPersonal(
        School,
        {
            "name": _ORGANISATION,
            "brin": "DUO's public school code",
            "kind": _ORGANISATION,
            "slug": "web address",
        },
    ),
    NotPersonal(
        Location,
        {
            "name": _ORGANISATION,
            "location_code": "DUO's public location code",
            "address": "the school building's address",
        },
    ),
    NotPersonal(
        SchoolYear,
        {"name": "a year name", "starts_on": "a calendar date", "ends_on": "a calendar date"},
    ),
    NotPersonal(
        Group,
        {"name": "a class name", "external_id": "the class's key in the pupil administration"},
    ),
)


def export(subject: DataSubject) -> Export:
    if subject.kind != "staff":
        return {}
    locations = Location.objects.filter(board_id=subject.board_id, director_id=subject.id)
    return collect(DIRECTORS, locations, subject)


def erase(
    subject: DataSubject,
    *,
    actor_id: int | None,
    categories: Collection[str] | None = None,
    dry_run: bool = True,
) -> Erasure:
    counts: dict[str, int] = {}
    if subject.kind == "staff" and (categories is None or "staff.assignments" in categories):
        with transaction.atomic():
            locations = Location.objects.filter(board_id=subject.board_id, director_id=subject.id)
            found = locations.count()
            if found:
                counts = {"staff.assignments": found}
            if found and not dry_run:
                locations.update(director=None)
                audit_record(
                    action="schools.director.erased",
                    board_id=subject.board_id,
                    actor_id=actor_id,
                    subjects=[Subject(subject_types.STAFF, subject.id)],
                    context=counts,
                    channel="system",
                )
    return Erasure("schools", counts, done=not dry_run)
