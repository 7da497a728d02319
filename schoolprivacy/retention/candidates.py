"""Who the purge looks at: the candidates of each phase, read in batches as `Target`s (the
subject, its school, the day its rules count from, whether a legal hold protects it), and the
parents found linked to no pupil.

Reads the base apps only; what each target holds is asked through the privacy registry
(`retention.batches`).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil, Staff
from schoolprivacy.privacy_registry import DataSubject
from schoolprivacy.retention import rules as r
from schoolprivacy.retention.models import LegalHold, UnlinkedGuardian

# The order of a run. Parents before pupils: a pupil's full erasure deletes the links to the
# parents, which is how a parent's leaving date is found.
# Parents linked to no pupil come after the pupils (a pupil erased on request leaves its parents
# unlinked); their phase keeps its own name so a run started before it existed resumes.
UNLINKED = "unlinked_guardian"
# The audit log goes last (decision 0041), so it never removes what this run recorded.
PHASES = ("sign_in", "import_files", "guardian", "pupil", UNLINKED, "staff", "audit_log")
SUBJECT_PHASES = ("guardian", "pupil", UNLINKED, "staff")


@dataclass(frozen=True)
class Target:
    subject: DataSubject
    school_id: int | None
    event_day: date | None
    held: bool


def held_pupil_ids(board_id: int) -> set[int]:
    return set(
        LegalHold.objects.filter(board_id=board_id, released_at__isnull=True).values_list(
            "pupil_id", flat=True
        )
    )


def _start(day: date, rules: r.Rules, kind: str) -> date | None:
    period = r.shortest(rules, kind)
    return None if period is None else r.earliest_event(day, period)


def candidates(
    board_id: int, kind: str, day: date, rules: r.Rules, school_id: int | None
) -> QuerySet[Pupil] | QuerySet[Guardian] | QuerySet[Staff]:
    """IDs of the subjects of `kind` that may have something expired on `day`, in ID order."""
    if kind == UNLINKED:
        # Parents found unlinked at least the rule's period ago and still linked to no pupil.
        found_before = r.add_period(day, 0, -r.UNLINKED_GUARDIAN_MONTHS)
        if school_id is not None:
            return Guardian.objects.none()  # no pupil, so no school: the board's preview
        return Guardian.objects.filter(
            board_id=board_id, relations__isnull=True, pk__in=_unlinked_since(found_before)
        ).order_by("pk")
    before = _start(day, rules, kind)
    if kind == "pupil":
        if before is None:
            return Pupil.objects.none()
        pupils = Pupil.objects.filter(board_id=board_id, left_on__lt=before)
        if school_id is not None:
            pupils = pupils.filter(school_id=school_id)
        return pupils.order_by("pk")
    if kind == "guardian":
        if before is None:
            return Guardian.objects.none()
        # Parents whose children have all left (the last one before `before`): anti-joins
        # (NOT EXISTS), which stay linear where NOT IN over a large subquery does not.
        links = GuardianRelation.objects.filter(guardian_id=OuterRef("pk"))
        staying = links.filter(Q(pupil__left_on__isnull=True) | Q(pupil__left_on__gte=before))
        guardians = Guardian.objects.filter(Exists(links), board_id=board_id).exclude(
            Exists(staying)
        )
        if school_id is not None:
            # With them, their records at other schools that share an account with a record
            # at this one (people.accounts): the account goes with the last of those records,
            # so the school's counts are the part of the board's dry run about it.
            here = Guardian.objects.filter(
                Exists(links.filter(pupil__school_id=school_id)), user_id=OuterRef("user_id")
            )
            guardians = guardians.filter(
                Exists(links.filter(pupil__school_id=school_id)) | Exists(here)
            )
        return guardians.order_by("pk")
    if school_id is not None or before is None:
        return Staff.objects.none()  # staff data is the board's, not a school's
    return Staff.objects.filter(board_id=board_id, left_on__lt=before).order_by("pk")


def candidate_ids(
    board_id: int, kind: str, day: date, rules: r.Rules, school_id: int | None = None
) -> list[int]:
    """The candidates' IDs, read once for a whole phase (one query, not one per batch)."""
    return list(candidates(board_id, kind, day, rules, school_id).values_list("pk", flat=True))


def _unlinked_since(day: date) -> QuerySet[UnlinkedGuardian, int]:
    return UnlinkedGuardian.objects.filter(seen_on__lt=day).values_list("guardian_id", flat=True)


def note_unlinked(board_id: int, day: date) -> None:
    """Remember the day the purge first found each parent linked to no pupil; forget parents
    linked again. Idempotent, so a resumed run may do it twice."""
    UnlinkedGuardian.objects.filter(board_id=board_id, guardian__relations__isnull=False).delete()
    known = UnlinkedGuardian.objects.filter(board_id=board_id).values("guardian_id")
    new = Guardian.objects.filter(board_id=board_id, relations__isnull=True).exclude(pk__in=known)
    UnlinkedGuardian.objects.bulk_create(
        [
            UnlinkedGuardian(board_id=board_id, guardian_id=pk, seen_on=day)
            for pk in new.values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
    )


def unlinked_rules(rules: r.Rules) -> dict[str, r.CategoryRule]:
    """Every parent category, under the unlinked-parent rule."""
    return {
        key: r.CategoryRule(
            category=key,
            rule=r.UNLINKED_GUARDIAN_RULE,
            rule_name=r.UNLINKED_GUARDIAN_RULE,
            event="guardian_unlinked",
            years=0,
            months=r.UNLINKED_GUARDIAN_MONTHS,
            is_duty=False,
        )
        for key in rules
        if key.startswith("guardian.")
    }


def targets(board_id: int, kind: str, ids: list[int], held: set[int]) -> Iterator[Target]:
    """The batch `ids` of subjects of `kind` as targets: one or two queries per batch."""
    if kind == UNLINKED:
        seen = dict(
            UnlinkedGuardian.objects.filter(guardian_id__in=ids).values_list(
                "guardian_id", "seen_on"
            )
        )
        for guardian in Guardian.objects.filter(pk__in=ids).order_by("pk"):
            # No pupil, so no hold can name them; the day they were found is the event.
            yield Target(DataSubject.of(guardian), None, seen.get(guardian.pk), False)
    elif kind == "pupil":
        for pupil in Pupil.objects.filter(pk__in=ids).order_by("pk"):
            yield Target(DataSubject.of(pupil), pupil.school_id, pupil.left_on, pupil.pk in held)
    elif kind == "guardian":
        children: dict[int, list[tuple[int, int, date | None]]] = {}
        for guardian_id, pupil_id, school_id, left_on in GuardianRelation.objects.filter(
            guardian_id__in=ids
        ).values_list("guardian_id", "pupil_id", "pupil__school_id", "pupil__left_on"):
            children.setdefault(guardian_id, []).append((pupil_id, school_id, left_on))
        for guardian in Guardian.objects.filter(pk__in=ids).order_by("pk"):
            kids = children.get(guardian.pk, [])
            days = [left for _p, _s, left in kids if left is not None]
            last = max(kids, key=lambda k: k[2] or date.min) if kids else None
            yield Target(
                DataSubject.of(guardian),
                last[1] if last else None,
                max(days) if days and len(days) == len(kids) else None,
                any(p in held for p, _s, _l in kids),
            )
    else:
        for staff in Staff.objects.filter(pk__in=ids).order_by("pk"):
            yield Target(DataSubject.of(staff), None, staff.left_on, False)
