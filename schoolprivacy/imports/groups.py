"""Groups of the current school year, created as the file names them, and each pupil's place."""

from datetime import date, timedelta

from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.imports.report import Report
from schoolprivacy.imports.undo import Writes
from schoolprivacy.imports.values import year_level
from schoolprivacy.lib.any_of import any_of
from schoolprivacy.people.models import GroupMembership, Pupil
from schoolprivacy.schools.models import Group, School, SchoolYear

# Dutch school years run from 1 August to 31 July (the summer holiday falls in between).
YEAR_START = (8, 1)
# Primary schools have groups 1-8, secondary schools leerjaren 1-6 (schools.models).
HIGHEST_LEVEL: dict[str, int] = {"primary": 8, "secondary": 6}

Current = tuple[int, int, date]  # membership pk, group pk, start
Ended = tuple[int, int, date]  # pupil pk, group pk, start: the unique key of a place
STARTED = ("board_id", "pupil_id", "group_id", "starts_on")  # the fields of a new place


def school_year_for(school: School, day: date, *, create: bool = True) -> SchoolYear:
    """The board's school year of `day`; made when missing, or only described when not `create`
    (a check writes nothing: the year it would make has a made-up key)."""
    year = SchoolYear.objects.filter(
        board_id=school.board_id, starts_on__lte=day, ends_on__gte=day
    ).first()
    if year is not None:
        return year
    first = day.year if (day.month, day.day) >= YEAR_START else day.year - 1
    name = f"{first}-{first + 1}"
    dates = {"starts_on": date(first, *YEAR_START), "ends_on": date(first + 1, 7, 31)}
    if not create:
        found = SchoolYear.objects.filter(board_id=school.board_id, name=name).first()
        return found or SchoolYear(pk=-1, board_id=school.board_id, name=name, **dates)
    return SchoolYear.objects.get_or_create(board_id=school.board_id, name=name, defaults=dates)[0]


class GroupSync:
    def __init__(
        self, *, school: School, actor: User | None, today: date, report: Report, channel: str,
        writes: Writes,
    ) -> None:  # fmt: skip
        self.school, self.actor, self.today = school, actor, today
        self.report, self.channel, self.writes = report, channel, writes
        self.year = school_year_for(school, today, create=not writes.dry)
        # The groups of one school year: a few dozen, whatever the size of the school.
        self.groups = {
            g.name: g for g in Group.objects.filter(school=school, school_year=self.year)
        }

    def _groups(self, names: set[str]) -> None:
        new = [
            Group(
                board_id=self.school.board_id,
                school=self.school,
                school_year=self.year,
                name=name[:50],
                year_level=year_level(name, highest=HIGHEST_LEVEL.get(self.school.kind, 8)),
            )
            for name in sorted(names - set(self.groups))
        ]
        if new:
            self.writes.create(new)
            for group in new:
                self.groups[group.name] = group
                self.report.groups_created.append(group.name)
            self.writes.audit_batches(
                action="schools.group.created",
                school=self.school,
                actor=self.actor,
                ids=[g.pk for g in new],
                fields=("name", "year_level", "school_year"),
                channel=self.channel,
                subject_type=subject_types.GROUP,
            )

    def _places(self, pupils: list[Pupil]) -> tuple[dict[int, Current], dict[Ended, int]]:
        """The chunk's places in this year's groups: the open one per pupil, and the ended ones
        by their unique key, so that a place ended and restarted on the same day is reopened."""
        current: dict[int, Current] = {}
        ended: dict[Ended, int] = {}
        memberships = GroupMembership.objects.filter(
            any_of("pupil_id", [p.pk for p in pupils]),
            group__school=self.school,
            group__school_year=self.year,
        ).values_list("pk", "pupil_id", "group_id", "starts_on", "ends_on")
        for pk, pupil_id, group_id, starts_on, ends_on in memberships:
            if ends_on is None:
                current[pupil_id] = (pk, group_id, starts_on)
            else:
                ended[(pupil_id, group_id, starts_on)] = pk
        return current, ended

    def apply(self, placements: list[tuple[Pupil, str]]) -> None:
        if not placements:
            return
        self._groups({name[:50] for _, name in placements})
        current_of, ended_of = self._places([pupil for pupil, _ in placements])
        ends: dict[int, date] = {}  # membership pk -> its new end
        reopen: list[int] = []
        started: list[tuple[int, int, int, date]] = []  # new places as rows: STARTED
        for pupil, name in placements:
            group = self.groups[name[:50]]
            current = current_of.get(pupil.pk)
            if current is not None and current[1] == group.pk:
                continue
            starts_on = max(self.today, self.year.starts_on, pupil.enrolled_on)
            if current is not None:
                # Moved to another group: the old place ends the day before the new one starts.
                ends[current[0]] = max(starts_on - timedelta(days=1), current[2])
            pk = ended_of.pop((pupil.pk, group.pk, starts_on), None)
            if pk is not None:
                reopen.append(pk)
            else:
                started.append((self.school.board_id, pupil.pk, group.pk, starts_on))
        changed = list(GroupMembership.objects.filter(any_of("pk", [*ends, *reopen])))
        for m in changed:
            m.ends_on = ends.get(m.pk)  # a reopened place has no end
        if changed:
            self.writes.update(changed, ["ends_on"])
            self.report.memberships_changed += len(reopen)
        # Plain rows: a model object per place cost as much as writing it (issue 18.2).
        self.writes.create_rows(GroupMembership, STARTED, started)
        if started or reopen:
            self.writes.audit_batches(
                action="people.membership.started",
                school=self.school,
                actor=self.actor,
                ids=[
                    *(pupil_id for _board, pupil_id, _group, _starts in started),
                    *(m.pupil_id for m in changed if m.pk in reopen),
                ],
                fields=("group", "starts_on"),
                channel=self.channel,
            )
        self.report.memberships_changed += len(started)

    def end_for(self, pupils: list[Pupil]) -> None:
        """A pupil who left is no longer in a group: their places end on the day of leaving."""
        left_on = {p.pk: p.left_on for p in pupils}
        ended = list(
            GroupMembership.objects.filter(
                any_of("pupil_id", [p.pk for p in pupils]), ends_on__isnull=True
            )
        )
        for membership in ended:
            day = left_on[membership.pupil_id] or self.today
            membership.ends_on = max(day, membership.starts_on)
        if ended:
            self.writes.update(ended, ["ends_on"])
            self.writes.audit_batches(
                action="people.membership.ended",
                school=self.school,
                actor=self.actor,
                ids=sorted({m.pupil_id for m in ended}),
                fields=("ends_on",),
                channel=self.channel,
            )
