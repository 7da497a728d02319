"""The need-to-know policy (design.md, contract 2): may this user see this category of this
pupil's data, now, and why.

Every answer is a `Decision` with a short rule code (for the audit log) and a translated reason
(for people). Views and the API never filter pupil data themselves; they ask this module.

How an answer is reached, in order:

1. Tenancy. Only staff of the pupil's own board with a current assignment get anything at all.
2. Pupils who left. After the retention period nobody sees them; before it ends only the roles
   in LEFT_PUPIL_ROLES do (plus grants and emergency access, which are explicit exceptions).
3. Routine access by role (ROUTINE_READS below): a teacher for pupils of their current groups,
   the care coordinator, location director and administration for pupils of their school.
4. Exception grants: dated, approved, for one category of a set of pupils.
5. Emergency ("break-glass") access: every category of one pupil for a few hours.

Writes (`may_write`) follow the routine table ROUTINE_WRITES only: grants and emergency access
are for reading.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from schoolprivacy.access.facts import (
    Facts,
    current_memberships,
    facts_for,
    staff_facts,
)
from schoolprivacy.access.guardian_rules import GUARDIAN_READS
from schoolprivacy.access.models import Grant, Role
from schoolprivacy.access.suppliers import (  # the processor register's rules (issue 15)
    export_school_ids,
    field_approval_board,
    group_teacher_names,
    supplier_reader_board,
    supplier_register_board,
)
from schoolprivacy.access.user_facts import GrantRow
from schoolprivacy.accounts.models import User
from schoolprivacy.lib.own_columns import filter_own_columns
from schoolprivacy.people.models import GroupMembership, Pupil
from schoolprivacy.taxonomy import CATEGORIES, Subject, category

# --- The rules as data ---------------------------------------------------------------------------

PUPIL_KEYS: tuple[str, ...] = tuple(c.key for c in CATEGORIES if c.subject is Subject.PUPIL)
GUARDIAN_KEYS: tuple[str, ...] = tuple(c.key for c in CATEGORIES if c.subject is Subject.GUARDIAN)
_RESULTS = frozenset(k for k in PUPIL_KEYS if k.startswith("pupil.results."))
_PROTECTED = frozenset(k for k in PUPIL_KEYS if category(k).needs_protection)
EDUCATION_NUMBER = "pupil.education_number"

# Routine reads per role (design.md §2, issue 3 §5). Health data: most staff need only the
# *measure* (extra test time), not the diagnosis (domain.md, "Special categories").
ROUTINE_READS: dict[Role, frozenset[str]] = {
    Role.TEACHER: frozenset(
        {
            "pupil.identity",
            "pupil.enrolment",
            "pupil.absence",
            "pupil.observations",
            "pupil.care.measures",
            # Teachers take and tag the photos of their class (issue 6); publication is still
            # gated per pupil by consent.
            "pupil.image",
            *_RESULTS,
        }
    ),
    # Special data is processed for special guidance, which is the care coordinator's task. The
    # education number is for legal purposes only, handled by the administration.
    Role.CARE_COORDINATOR: frozenset(set(PUPIL_KEYS) - {EDUCATION_NUMBER})
    | {"guardian.identity", "guardian.contact", "guardian.authority"},
    # Runs the school: everything ordinary; special data only through a grant.
    Role.LOCATION_DIRECTOR: frozenset(set(PUPIL_KEYS) - _PROTECTED),
    # Enrolment, contact and legal reporting (DUO, leerplicht) need the education number.
    Role.ADMINISTRATION: frozenset(
        {
            "pupil.identity",
            "pupil.contact",
            "pupil.enrolment",
            "pupil.absence",
            EDUCATION_NUMBER,
            *GUARDIAN_KEYS,
        }
    ),
    # The privacy officer and functional administrator have no routine access to pupil data.
    Role.PRIVACY_OFFICER: frozenset(),
    Role.FUNCTIONAL_ADMIN: frozenset(),
}

# Parents' names and contact details for the teachers of their group (access/guardian_rules.py).
for _role, _keys in GUARDIAN_READS.items():
    ROUTINE_READS[_role] = ROUTINE_READS[_role] | _keys

ROUTINE_WRITES: dict[Role, frozenset[str]] = {
    Role.TEACHER: frozenset({"pupil.results.tests", "pupil.observations", "pupil.care.measures"}),
    Role.CARE_COORDINATOR: frozenset(set(PUPIL_KEYS) - {EDUCATION_NUMBER}),
    Role.ADMINISTRATION: frozenset(
        {"pupil.contact", "pupil.enrolment", "pupil.absence", EDUCATION_NUMBER}
    ),
}

# Which school-wide role gives which rule code; the first that allows wins.
_SCHOOL_RULES: tuple[tuple[Role, str], ...] = (
    (Role.CARE_COORDINATOR, "care.school"),
    (Role.ADMINISTRATION, "administration.school"),
    (Role.LOCATION_DIRECTOR, "director.school"),
)
SCHOOL_RULE_ROLES: tuple[Role, ...] = tuple(role for role, _rule in _SCHOOL_RULES)
TEACHER_RULE = "teacher.own_group"

# Pupils who left stay visible to these roles only, for the records they keep (issue 3 §5).
LEFT_PUPIL_ROLES = frozenset({Role.CARE_COORDINATOR, Role.ADMINISTRATION})
# domain.md, Retention: the pupil file is kept until 2 years after leaving. After that nobody
# sees the pupil here any more (the retention engine removes the data).
LEFT_PUPIL_VISIBLE_YEARS = 2
# domain.md, Retention: absence, enrolment and de-enrolment records are kept until 5 years after
# de-enrolment, for the administration's legal reporting (DUO, leerplicht). After the pupil file's
# two years the administration still reads those records, and the name without which they cannot
# be used; nothing else, and nobody else (issue 11 §4).
ENROLMENT_RECORDS_YEARS = 5
KEPT_LONGER: dict[Role, frozenset[str]] = {
    Role.ADMINISTRATION: frozenset({"pupil.identity", "pupil.enrolment", "pupil.absence"}),
}
# Emergency access lasts one school morning or afternoon; longer needs an approved grant.
BREAK_GLASS_HOURS = 4
# A teacher's pupils are listed by id up to this many (decision 0055), by their groups beyond:
# well under the 999 variables a statement may have on SQLite builds before 3.32.
MEMBER_IDS_AT_MOST = 500

REASONS: dict[str, Promise] = {
    TEACHER_RULE: _("You teach a group this pupil is in now."),
    "care.school": _("You are the care coordinator of this pupil's school."),
    "administration.school": _("You work in the administration of this pupil's school."),
    "director.school": _("You are the location director of this pupil's school."),
    "grant": _("An approved exception grant allows this."),
    "break_glass": _("You opened emergency access to this pupil; it is logged and reported."),
    "denied.no_assignment": _("You have no assignment that involves this pupil."),
    "denied.category": _("Your role does not need this kind of data."),
    "denied.left_pupil": _("This pupil has left the school."),
}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    rule: str
    reason: Promise
    grant_id: int | None = None
    break_glass_id: int | None = None


def _decision(rule: str, *, grant_id: int | None = None, bg_id: int | None = None) -> Decision:
    allowed = not rule.startswith("denied.")
    return Decision(allowed, rule, REASONS[rule], grant_id=grant_id, break_glass_id=bg_id)


# --- Dates ---------------------------------------------------------------------------------------


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def retention_cutoff(day: date, years: int = LEFT_PUPIL_VISIBLE_YEARS) -> date:
    """Pupils who left before this date are past retention on `day`."""
    return _years_before(day, years)


def _has_left(pupil: Pupil, day: date) -> bool:
    return pupil.left_on is not None and pupil.left_on < day


def _past_retention(pupil: Pupil, day: date, years: int = LEFT_PUPIL_VISIBLE_YEARS) -> bool:
    return pupil.left_on is not None and pupil.left_on < retention_cutoff(day, years)


# --- Evaluation (no queries here: access/facts.py resolves the facts once) ------------------------


def _routine_roles(facts: Facts, pupil: Pupil) -> list[tuple[Role, str]]:
    """The roles the user holds towards this pupil, with their rule codes, in rule order."""
    roles = [
        (role, rule)
        for role, rule in _SCHOOL_RULES
        if facts.scope.has_role(role, school_id=pupil.school_id)
    ]
    if facts.pupil_group_ids:
        roles.append((Role.TEACHER, TEACHER_RULE))
    return roles


def _evaluate(
    facts: Facts | None, pupil: Pupil, key: str, table: dict[Role, frozenset[str]], *, read: bool
) -> Decision:
    category(key)  # an unknown key is a programming error: fail loudly
    if facts is None:
        return _decision("denied.no_assignment")
    if _past_retention(pupil, facts.day):
        return _kept_longer(facts, pupil, key, read=read)
    roles = _routine_roles(facts, pupil)
    refusal = "denied.category" if roles else "denied.no_assignment"
    if _has_left(pupil, facts.day):
        kept = [(role, rule) for role, rule in roles if role in LEFT_PUPIL_ROLES]
        if roles and not kept:
            refusal = "denied.left_pupil"
        roles = kept
    for role, rule in roles:
        if key in table.get(role, frozenset()):
            return _decision(rule)
    if read:
        exception = _exception(facts, key)
        if exception is not None:
            return exception
    return _decision(refusal)


def _kept_longer(facts: Facts, pupil: Pupil, key: str, *, read: bool) -> Decision:
    """Past the pupil file's retention: only records with a longer duty, read by their keepers."""
    if read and not _past_retention(pupil, facts.day, ENROLMENT_RECORDS_YEARS):
        for role, rule in _routine_roles(facts, pupil):
            if key in KEPT_LONGER.get(role, frozenset()):
                return _decision(rule)
    return _decision("denied.left_pupil")


def _exception(facts: Facts, key: str) -> Decision | None:
    subject = key.split(".", 1)[0]
    for grant_id, granted_key in facts.grants:
        # A grant for any category of a pupil includes their name: data cannot be used without
        # knowing whose it is.
        if granted_key == key or key == "pupil.identity":
            return _decision("grant", grant_id=grant_id)
    # In an emergency the parents must be reachable too, so guardian data is included.
    if facts.break_glass_id is not None and subject in (Subject.PUPIL, Subject.GUARDIAN):
        return _decision("break_glass", bg_id=facts.break_glass_id)
    return None


# --- The public API ------------------------------------------------------------------------------


def decide(user: User, pupil: Pupil, category_key: str, *, on: date | None = None) -> Decision:
    """May `user` read data of `category_key` about `pupil` on `on` (default today), and why."""
    return _evaluate(facts_for(user, pupil, on), pupil, category_key, ROUTINE_READS, read=True)


def may_write(user: User, pupil: Pupil, category_key: str, *, on: date | None = None) -> Decision:
    """May `user` add or change records of `category_key` about `pupil`."""
    return _evaluate(facts_for(user, pupil, on), pupil, category_key, ROUTINE_WRITES, read=False)


def writable_categories(
    user: User, pupil: Pupil, *, on: date | None = None, keys: Iterable[str] = PUPIL_KEYS
) -> dict[str, Decision]:
    """Every category of `keys` the user may write about the pupil, resolving the facts once."""
    facts = facts_for(user, pupil, on)
    decisions = {key: _evaluate(facts, pupil, key, ROUTINE_WRITES, read=False) for key in keys}
    return {key: d for key, d in decisions.items() if d.allowed}


def visible_categories(
    user: User, pupil: Pupil, *, on: date | None = None, keys: Iterable[str] = PUPIL_KEYS
) -> dict[str, Decision]:
    """Every pupil category the user may read now, with its decision (taxonomy order).

    Resolves assignments, group memberships, grants and emergency access once (a fixed handful of
    queries), whatever the number of categories.
    """
    facts = facts_for(user, pupil, on)
    decisions = {key: _evaluate(facts, pupil, key, ROUTINE_READS, read=True) for key in keys}
    return {key: d for key, d in decisions.items() if d.allowed}


def visible_pupils(user: User, *, on: date | None = None) -> QuerySet[Pupil]:
    """Pupils of whom the user may see at least `pupil.identity`.

    Two queries whatever the number of pupils: the user's facts (board, assignments, grants,
    emergency access, the pupils of their groups: one statement, once per request,
    `access.user_facts`) and the pupils.

    Mirrors `decide(user, pupil, "pupil.identity")`; a test walks both to keep them in step.
    """
    today = timezone.localdate()
    day = on or today
    staff = staff_facts(user, day)
    if staff is None:
        return Pupil.objects.none()
    scope, read = staff
    board_id = scope.board_id
    if board_id is None:  # staff_facts already refuses this; said again for the type checker
        return Pupil.objects.none()
    present = Q(left_on__isnull=True) | Q(left_on__gte=day)
    kept = present | Q(left_on__gte=retention_cutoff(day))
    identity = "pupil.identity"
    conditions: list[Q] = []
    for role, _rule in _SCHOOL_RULES:
        schools = scope.schools_by_role.get(role, frozenset())
        if schools and identity in ROUTINE_READS[role]:
            still = kept if role in LEFT_PUPIL_ROLES else present
            conditions.append(Q(school_id__in=schools) & still)
        if schools and identity in KEPT_LONGER.get(role, frozenset()):
            longer = Q(left_on__gte=retention_cutoff(day, ENROLMENT_RECORDS_YEARS))
            conditions.append(Q(school_id__in=schools) & longer)
    # The pupils of the user's groups came with the facts: a list of ids is quicker to compile,
    # plan and run than the membership subquery it replaces. A teacher of every group of a large
    # school has more pupils than a statement may have variables (999 on SQLite before 3.32), so
    # a long list goes as the subquery after all.
    if read.members:
        in_group = sorted({pupil_id for pupil_id, _group in read.members})
        if len(in_group) > MEMBER_IDS_AT_MOST:
            groups = sorted({group_id for _pupil, group_id in read.members})
            members = GroupMembership.objects.filter(current_memberships(day), group_id__in=groups)
            conditions.append(Q(pk__in=members.values("pupil_id")) & present)
        else:
            conditions.append(Q(pk__in=in_group) & present)
    granted = _granted_pupils(read.grants, day)
    if granted is not None:
        conditions.append(granted & kept)
    if day == today:  # emergency access is counted in hours: only today (`facts.is_now`)
        emergency = [pupil_id for _bg, pupil_id in read.break_glass]
        if emergency:
            conditions.append(Q(pk__in=emergency) & kept)
    if not conditions:
        return Pupil.objects.none()
    # Conditions on the pupil's own columns (a teacher's, a school's) skip filter()'s work of
    # resolving names (`lib.own_columns`, decision 0065); a subquery goes through filter().
    return filter_own_columns(
        Pupil.objects.select_related("school"), Q(board_id=board_id) & reduce(or_, conditions)
    )


def _granted_pupils(grants: tuple[GrantRow, ...], day: date) -> Q | None:
    """The pupils the user's active grants cover (mirrors `facts.grant_covers`), or None.

    Grants are few (usually none), so they come with the user's facts and turn into plain
    conditions.
    """
    parts: list[Q] = []
    schools = [g.school_id for g in grants if g.scope == Grant.Scope.SCHOOL and g.school_id]
    groups = [g.group_id for g in grants if g.scope == Grant.Scope.GROUP and g.group_id]
    listed = [g.id for g in grants if g.scope == Grant.Scope.PUPILS]
    if schools:
        parts.append(Q(school_id__in=schools))
    if groups:
        members = GroupMembership.objects.filter(current_memberships(day), group_id__in=groups)
        parts.append(Q(pk__in=members.values("pupil_id")))
    if listed:
        chosen = Grant.pupils.through.objects.filter(grant_id__in=listed)
        parts.append(Q(pk__in=chosen.values("pupil_id")))
    return reduce(or_, parts) if parts else None


def get_visible_pupil(user: User, pupil_id: int) -> Pupil:
    """The pupil, or 404 for anyone who may not see them (never a 403 that confirms it exists)."""
    return get_object_or_404(visible_pupils(user), pk=pupil_id)


def is_protected(category_key: str) -> bool:
    """Special data or the education number: encrypted at rest, every read logged."""
    return category(category_key).needs_protection


__all__ = [
    "BREAK_GLASS_HOURS",
    "ENROLMENT_RECORDS_YEARS",
    "LEFT_PUPIL_VISIBLE_YEARS",
    "PUPIL_KEYS",
    "ROUTINE_READS",
    "ROUTINE_WRITES",
    "Decision",
    "decide",
    "export_school_ids",
    "field_approval_board",
    "get_visible_pupil",
    "group_teacher_names",
    "is_protected",
    "may_write",
    "supplier_reader_board",
    "supplier_register_board",
    "visible_categories",
    "visible_pupils",
    "writable_categories",
]
