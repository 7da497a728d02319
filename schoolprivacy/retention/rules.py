"""Which data may go when: the register's retention rules, per data category (domain.md,
"Retention"; issue 16 item 3).

Every active processing activity of the register names its data categories and one retention
rule. A category used by several activities is kept until the *last* of their rules expires
(data needed for one purpose may not go because another purpose ended). Rules count from an event:

- `pupil_left`, `deenrolment`: the pupil's leaving date (`Pupil.left_on`); for a parent, the
  leaving date of their last child;
- `staff_left`: the staff member's leaving date;
- `purpose_ended`: for pupil, parent and staff data the purpose ends at the latest when the
  pupil or staff member leaves, so it counts from the leaving date with the rule's period;
- `created`: counted conservatively from the leaving date too (a record is made while the pupil
  is at school, so this never deletes earlier than the rule allows).

Two categories follow their own rules: `pupil.image` (photos: `schoolprivacy purge-photos`,
driven by the same register) and `staff.activity` (the audit log: append-only and hash-chained;
the purge removes a board's oldest segment behind a signed checkpoint, `retention/audit_log.py`,
decision 0041).

Data that belongs to no data category also gets a rule here, the board's choice with a default
(domain.md gives none): sign-in data and kept import files.
"""

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta

from schoolprivacy.register.models import ProcessingActivity, RetentionEvent, RetentionRule
from schoolprivacy.taxonomy import CATEGORIES

# Handled by another, existing rule (see the module docstring): never erased by the purge.
OWN_RULE: dict[str, str] = {"pupil.image": "photos_own_rule", "staff.activity": "audit_log"}

# Not in domain.md, so the board's choice. Throttling counters, used or expired parent sign-in
# links and ended API tokens prove nothing after a month that the audit log does not.
SIGN_IN_DATA_DAYS = 30
# An upload kept to check an import (issue 5 §4) holds every pupil of a school: 30 days after
# the import is enough to look back at a problem.
KEPT_IMPORT_FILE_DAYS = 30
# domain.md: a parent's data follows the pupil's retention. A parent linked to no pupil any more
# (the pupil was erased on request, or the administration removed the link) has no leaving date
# to count from: their data goes one month after the purge first found them unlinked (time to
# repair a link removed by mistake). The board's choice; domain.md gives no period.
UNLINKED_GUARDIAN_MONTHS = 1
UNLINKED_GUARDIAN_RULE = "guardian_unlinked"
SIGN_IN_RULE = "sign_in_data"
IMPORT_FILE_RULE = "kept_import_files"

# domain.md: "Erasure is refused, with reasons, for data under a legal retention duty". The
# register marks legal minimums (`is_minimum`); absence, enrolment and de-enrolment records must
# also be kept for their 5 years (funding rules and Leerplichtwet 1969, checked by the accountant
# and the inspectorate), although the register states that period as a maximum.
DUTY_RULE_CODES = frozenset({"enrolment_records"})


# domain.md lists rules that are about one kind of record: "referral to special education: 3
# years after leaving". The register's referral activity also names the test results and care
# notes it passes on, but those are kept longer only for pupils who *have* a referral; for every
# other pupil the pupil file's 2 years count. rule code -> the category that must be present.
ONLY_WITH: dict[str, str] = {"referral": "pupil.care.referral"}
# The audit log's rule (the board's choice, register/defaults/retention.py) is about the log
# itself: the access-and-security activity names staff names, parents' contact details and pupil
# accounts because events point at accounts, by ID; it does not keep those 5 years.
APPLIES_ONLY_TO: dict[str, frozenset[str]] = {"audit_log": frozenset({"staff.activity"})}


@dataclass(frozen=True)
class CategoryRule:
    category: str
    rule: str  # the register rule's code
    rule_name: str
    event: str
    years: int
    months: int
    is_duty: bool
    # The rule holds for a subject only when it has data of this category (ONLY_WITH).
    only_with: str | None = None

    def expires_on(self, event_day: date) -> date:
        """The last day the data is kept: `event_day` plus the period."""
        return add_period(event_day, self.years, self.months)

    def expired(self, event_day: date | None, day: date) -> bool:
        return event_day is not None and self.expires_on(event_day) < day


# category -> every rule that may keep it (one per rule code)
Rules = dict[str, list[CategoryRule]]


def add_period(day: date, years: int, months: int) -> date:
    index = day.month - 1 + months
    year = day.year + years + index // 12
    month = index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _length(rule: CategoryRule) -> int:
    return rule.years * 12 + rule.months


def _applies(event: str, subject_kind: str) -> bool:
    if subject_kind == "staff":
        return event not in (RetentionEvent.PUPIL_LEFT, RetentionEvent.DEENROLMENT)
    return event != RetentionEvent.STAFF_LEFT


def category_rules(board_id: int) -> Rules:
    """Per data category that an active activity names: the rules of those activities.
    Categories of OWN_RULE are left out."""
    found: dict[str, dict[str, CategoryRule]] = {}
    known = {c.key for c in CATEGORIES}
    activities = ProcessingActivity.objects.filter(
        board_id=board_id, is_active=True
    ).select_related("retention_rule")
    for activity in activities.order_by("pk"):
        rule: RetentionRule = activity.retention_rule
        only = APPLIES_ONLY_TO.get(rule.code)
        for key in activity.categories:
            if key in OWN_RULE or key not in known or not _applies(rule.event, key.split(".")[0]):
                continue
            if only is not None and key not in only:
                continue
            found.setdefault(key, {})[rule.code] = CategoryRule(
                category=key,
                rule=rule.code,
                rule_name=rule.name,
                event=rule.event,
                years=rule.years,
                months=rule.months,
                is_duty=rule.is_minimum or rule.code in DUTY_RULE_CODES,
                only_with=ONLY_WITH.get(rule.code),
            )
    rules = {key: list(by_code.values()) for key, by_code in sorted(found.items())}
    # A category no activity names has no purpose of its own: it goes with the last of the
    # subject's other data (the longest unconditional rule of that kind of subject).
    for kind in ("pupil", "guardian", "staff"):
        plain = [r for key, found_ in rules.items() if key.startswith(kind + ".") for r in found_]
        plain = [r for r in plain if r.only_with is None]
        if not plain:
            continue
        longest = max(plain, key=_length)
        for key in sorted(known - set(rules) - set(OWN_RULE)):
            if key.startswith(kind + "."):
                rules[key] = [replace(longest, category=key)]
    return dict(sorted(rules.items()))


def markers(rules: Rules) -> set[str]:
    """The categories whose presence decides whether a conditional rule holds."""
    return {r.only_with for found in rules.values() for r in found if r.only_with}


def effective(rules: Rules, present: set[str]) -> dict[str, CategoryRule]:
    """Per category the rule that keeps it longest, for a subject holding data of `present`
    categories (conditional rules count only when their category is present)."""
    chosen: dict[str, CategoryRule] = {}
    for key, candidates in rules.items():
        holding = [r for r in candidates if r.only_with is None or r.only_with in present]
        if not holding:
            holding = candidates  # only conditional rules name it: the safe side
        chosen[key] = max(holding, key=_length)
    return chosen


def shortest(rules: Rules, kind: str) -> tuple[int, int] | None:
    """The shortest period among a subject kind's rules: subjects whose event is more recent
    than that have nothing expired yet."""
    periods = [
        (r.years, r.months)
        for key, found in rules.items()
        if key.startswith(kind + ".")
        for r in found
    ]
    return min(periods, key=lambda p: p[0] * 12 + p[1]) if periods else None


def earliest_event(day: date, period: tuple[int, int]) -> date:
    """Subjects whose event is on or after this date have nothing expired on `day` under a
    rule of `period` (a few days' slack for month ends; the exact check is per category)."""
    years, months = period
    index = day.month - 1 - months
    year = day.year - years + index // 12
    month = index % 12 + 1
    back = date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return back + timedelta(days=4)
