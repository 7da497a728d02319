"""Demo dossier records and education numbers, written in bulk after the staff.

DEMO-ONLY DATA, all fictitious: test results and observations by each group's teacher; for some
pupils a diagnosis with the measures it leads to, and care notes, by the school's care
coordinator. The first pupil of every group has dyslexia with extra test time, so the demo
teacher (`leerkracht`, Groep 5a) always has a measure to see and a diagnosis not to see.

Education numbers come from 999 99x xxx, the range the Dutch government keeps for test BSNs,
so no demo number can be a real child's.
"""

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from schoolprivacy.access.models import Role
from schoolprivacy.audit.services import audit_record
from schoolprivacy.demo.specs import BATCH_SIZE, BuiltBoard
from schoolprivacy.demo.staffing import Seat
from schoolprivacy.dossier.education_numbers import education_number_hash
from schoolprivacy.dossier.models import Record
from schoolprivacy.encryption import update_by_pk
from schoolprivacy.lib.education_number import is_bsn
from schoolprivacy.people.models import GroupMembership, Pupil

# Share of pupils with a (further) diagnosis, and with a care note, besides each group's first.
DIAGNOSIS_SHARE = 0.08
CARE_NOTE_SHARE = 0.1
TEST_BSN_RANGE = range(999_990_000, 1_000_000_000)

TESTS = (
    ("Rekenen blok {n}", "Score {s} van 40."),
    ("Spelling dictee {n}", "{t} van 20 woorden goed."),
    ("Begrijpend lezen {n}", "Voldoende; let op het lezen van de vraag."),
)
OBSERVATIONS = (
    ("Werkhouding", "Werkt geconcentreerd en vraagt hulp als het nodig is."),
    ("Samenwerken", "Helpt klasgenoten graag; kan beter luisteren in de kring."),
    ("Welbevinden", "Komt vrolijk binnen en speelt met veel kinderen."),
)
# (diagnosis title, body, the measures it leads to); the first is the one every group gets.
DIAGNOSES = (
    (
        "Dyslexie",
        "Dyslexieverklaring van een (fictief) onderzoeksbureau, ontvangen van de ouders.",
        (
            ("Extra tijd bij toetsen", "25% extra tijd bij toetsen; toetsen in groter lettertype."),
            ("Voorleessoftware", "Mag voorleessoftware gebruiken bij lezen en bij toetsen."),
        ),
    ),
    (
        "ADHD",
        "Diagnose ADHD door een (fictieve) kinderpsychiater; ouders gaven het verslag.",
        (("Rustige werkplek", "Vaste plek vooraan; koptelefoon bij zelfstandig werken."),),
    ),
    (
        "Dyscalculie",
        "Dyscalculieverklaring (fictief), besproken met ouders en leerkracht.",
        (("Rekenkaart", "Mag een rekenkaart en rekenmachine gebruiken bij toetsen."),),
    ),
)
CARE_NOTES = (
    ("Gesprek met ouders", "Voortgang en aanpak thuis besproken; vervolg over zes weken."),
    ("Groepsbespreking", "Besproken in de groepsbespreking: extra instructie bij rekenen."),
)


def _test_bsns() -> list[str]:
    return [str(n) for n in TEST_BSN_RANGE if is_bsn(str(n))]


def _at(day: date, rng: random.Random) -> datetime:
    moment = datetime.combine(day, time(8 + rng.randrange(8), rng.randrange(60)))
    return timezone.make_aware(moment)


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange(max(1, (last - first).days + 1)))


def _plan(
    built: BuiltBoard, seats: list[Seat], rng: random.Random, today: date
) -> Iterator[tuple[Record, int | None]]:
    """Records per current pupil; a measure comes with the index of its diagnosis (offset)."""
    teachers = {s.group.pk: s.staff.user_id for s in seats if s.group and s.staff}
    carers = {
        s.school.school.pk: s.staff.user_id
        for s in seats
        if s.role == Role.CARE_COORDINATOR and s.school and s.staff
    }
    last_year = built.previous_year
    recent = max(built.current_year.starts_on - timedelta(days=60), today - timedelta(days=90))
    current = (
        GroupMembership.objects.filter(board=built.board, ends_on__isnull=True)
        .order_by("group_id", "pupil_id")
        .values_list("pupil_id", "group_id", "pupil__school_id")
    )
    seen_groups: set[int] = set()
    for pupil_id, group_id, school_id in current:
        base = {"board": built.board, "school_id": school_id, "pupil_id": pupil_id}
        teacher, carer = teachers.get(group_id), carers.get(school_id)
        for n in range(1, 3):
            title, body = rng.choice(TESTS)
            text = body.format(s=rng.randrange(18, 41), t=rng.randrange(10, 21))
            on = _at(_day_between(rng, recent, today - timedelta(days=1)), rng)
            yield (
                Record(
                    **base,
                    category_key="pupil.results.tests",
                    title=title.format(n=n),
                    body=text,
                    recorded_at=on,
                    recorded_by_id=teacher,
                ),
                None,
            )
        if rng.random() < 0.5:
            title, body = rng.choice(OBSERVATIONS)
            on = _at(_day_between(rng, recent, today - timedelta(days=1)), rng)
            yield (
                Record(
                    **base,
                    category_key="pupil.observations",
                    title=title,
                    body=body,
                    recorded_at=on,
                    recorded_by_id=teacher,
                ),
                None,
            )
        first_of_group = group_id not in seen_groups
        seen_groups.add(group_id)
        if first_of_group or rng.random() < DIAGNOSIS_SHARE:
            title, body, measures = DIAGNOSES[0] if first_of_group else rng.choice(DIAGNOSES)
            diagnosed = _at(_day_between(rng, last_year.starts_on, last_year.ends_on), rng)
            yield (
                Record(
                    **base,
                    category_key="pupil.care.diagnosis",
                    title=title,
                    body=body,
                    recorded_at=diagnosed,
                    recorded_by_id=carer,
                ),
                None,
            )
            for offset, (measure, text) in enumerate(measures, start=1):
                on = diagnosed + timedelta(days=7)
                yield (
                    Record(
                        **base,
                        category_key="pupil.care.measures",
                        title=measure,
                        body=text,
                        recorded_at=on,
                        recorded_by_id=carer,
                    ),
                    offset,
                )
        if rng.random() < CARE_NOTE_SHARE:
            title, body = rng.choice(CARE_NOTES)
            on = _at(_day_between(rng, recent, today - timedelta(days=1)), rng)
            yield (
                Record(
                    **base,
                    category_key="pupil.care.notes",
                    title=title,
                    body=body,
                    recorded_at=on,
                    recorded_by_id=carer,
                ),
                None,
            )


def _write_records(built: BuiltBoard, seats: list[Seat], rng: random.Random, today: date) -> int:
    planned = list(_plan(built, seats, rng, today))
    records = Record.objects.bulk_create([r for r, _ in planned], batch_size=BATCH_SIZE)
    # Link each measure to its diagnosis, now that both have a primary key.
    linked = []
    for index, (record, offset) in enumerate(planned):
        if offset is not None:
            record.based_on = records[index - offset]
            linked.append(record)
    update_by_pk(Record, linked, ["based_on"])
    return len(records)


def _write_education_numbers(built: BuiltBoard) -> int:
    """A test BSN for every pupil: unique in the board while the range lasts (about 900
    numbers), else unique within each school, which is what the database requires."""
    numbers = _test_bsns()
    pupils = list(
        Pupil.objects.filter(board=built.board).order_by("school_id", "pk").only("pk", "school_id")
    )
    board_wide = len(pupils) <= len(numbers)
    given: list[Pupil] = []
    school_id, index = None, 0
    for offset, pupil in enumerate(pupils):
        index = index + 1 if pupil.school_id == school_id else 0
        school_id = pupil.school_id
        position = offset if board_wide else index
        if position >= len(numbers):
            continue  # a school this large has used up the test range
        pupil.education_number = numbers[position]
        pupil.education_number_hash = education_number_hash(numbers[position])
        given.append(pupil)
    update_by_pk(Pupil, given, ["education_number", "education_number_hash"])
    return len(given)


def write_dossiers(
    built: BuiltBoard, seats: list[Seat], rng: random.Random, today: date, command: str
) -> None:
    """Write the demo records and education numbers; one audit event with the counts."""
    # A stream of its own, so adding records never changes the names and dates drawn before.
    own = random.Random(rng.getrandbits(64))
    counts = {
        "records": _write_records(built, seats, own, today),
        "education_numbers": _write_education_numbers(built),
    }
    built.counts.update(counts)
    audit_record(
        action="dossier.records.seeded",
        board_id=built.board.pk,
        actor_id=None,
        context={"command": command, **counts},
        channel="command",
    )
