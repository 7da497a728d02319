"""Many pupils at once, for the query-count tests: two bulk inserts whatever the number."""

from datetime import date

from schoolprivacy.people.models import GroupMembership, Pupil
from schoolprivacy.schools.models import Group


def add_pupils(group: Group, count: int, *, surname: str = "Veld") -> None:
    pupils = Pupil.objects.bulk_create(
        Pupil(
            board_id=group.board_id,
            school_id=group.school_id,
            given_names=f"Kind {n}",
            first_name=f"Kind{n:04d}",
            surname=surname,
            date_of_birth=date(2017, 1, 1),
            enrolled_on=date(2021, 8, 20),
        )
        for n in range(count)
    )
    GroupMembership.objects.bulk_create(
        GroupMembership(
            board_id=group.board_id, pupil=p, group=group, starts_on=group.school_year.starts_on
        )
        for p in pupils
    )
