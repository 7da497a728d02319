"""`schools` holds the organisation, not people; only a location's director is personal data."""

from collections.abc import Collection

from schoolprivacy.privacy_registry import (
    DataSubject,
    Erasure,
    Export,
    NotPersonal,
    PersonalData,
    collect,
    plan_only,
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
        locations = Location.objects.filter(board_id=subject.board_id, director_id=subject.id)
        counts = {"staff.assignments": locations.count()}
    return plan_only("schools", counts, reason="not_implemented", dry_run=dry_run)
