"""The annual privacy report for the board and the (G)MR, made from live state (issue 17 item 5).

Counts only, never names. What this system records is read from the apps that hold it (consent
statuses through the consent selectors, exceptions and emergency accesses from access, purges
and reads from the audit log). Parts of the report that belong to apps still being built
(requests, incidents, processor agreements, other purges) come from the app's `report.py` when it
has one:

    def annual_figures(board_id: int, start: date, end: date) -> list[tuple[str, str]]

(translated label, value), found like the privacy registry; until then the report says
honestly "not recorded in this system".
"""

import importlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from schoolprivacy.access.models import BreakGlassAccess, Grant, ReviewOutcome
from schoolprivacy.access.reads import SPECIAL_READ
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.consents.rules import DISPUTED, GRANTED, REFUSED, UNANSWERED, WITHDRAWN
from schoolprivacy.consents.selectors import purposes_for_school, statuses_for_pupils
from schoolprivacy.people.models import Pupil
from schoolprivacy.schools.models import Board, School
from schoolprivacy.taxonomy import BY_KEY

STATUS_LABELS = {
    GRANTED: gettext_lazy("consent given"),
    REFUSED: gettext_lazy("refused"),
    WITHDRAWN: gettext_lazy("withdrawn"),
    UNANSWERED: gettext_lazy("no answer"),
    DISPUTED: gettext_lazy("disputed"),
}
STATUS_ORDER = (GRANTED, REFUSED, WITHDRAWN, UNANSWERED, DISPUTED)
# The parts other apps contribute, by app label, with the heading they get.
CONTRIBUTED = {
    "requests": gettext_lazy("Requests to see, correct or delete data, and their timeliness"),
    "breaches": gettext_lazy("Incidents and data breaches"),
    "suppliers": gettext_lazy("Processor agreements"),
    "disclosures": gettext_lazy("Data shared with other organisations"),
    "retention": gettext_lazy("Data deleted after its retention period"),
}


@dataclass
class ConsentRow:
    purpose: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Contributed:
    heading: str
    figures: list[tuple[str, str]] | None  # None: the app records nothing of this yet


@dataclass
class Report:
    board: Board
    year: int
    start: date
    end: date
    consents: list[ConsentRow] = field(default_factory=list)
    grants_approved: int = 0
    grants_by_category: list[tuple[str, int]] = field(default_factory=list)
    emergency_total: int = 0
    emergency_by_outcome: list[tuple[str, int]] = field(default_factory=list)
    emergency_by_month: list[int] = field(default_factory=list)
    special_reads: int = 0
    photos_purged: int = 0
    contributed: list[Contributed] = field(default_factory=list)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end, time.max, tz)


def _consents(board: Board, on: date) -> list[ConsentRow]:
    """Statuses of the current pupils per purpose, summed over the board's schools."""
    english = (get_language() or "nl").startswith("en")
    totals: dict[str, Counter[str]] = {}
    for school in School.objects.filter(board=board).order_by("name"):
        pupils = list(
            Pupil.objects.filter(board=board, school=school).filter(
                Q(left_on__isnull=True) | Q(left_on__gte=on)
            )
        )
        purposes = purposes_for_school(school)
        statuses = statuses_for_pupils(pupils, purposes)
        for purpose in purposes:
            name = purpose.name_en if english and purpose.name_en else purpose.name
            tally = totals.setdefault(name, Counter())
            tally.update(statuses[(p.pk, purpose.pk)].status for p in pupils)
    return [ConsentRow(name, {s: tally[s] for s in STATUS_ORDER}) for name, tally in totals.items()]


def _contributed(board_id: int, start: date, end: date) -> list[Contributed]:
    found = []
    for label, heading in CONTRIBUTED.items():
        figures = None
        if apps.is_installed(f"schoolprivacy.{label}"):
            name = f"schoolprivacy.{label}.report"
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
            else:
                figures = list(module.annual_figures(board_id, start, end))
        found.append(Contributed(str(heading), figures))
    return found


def annual_report(board: Board, year: int) -> Report:
    start, end = date(year, 1, 1), date(year, 12, 31)
    since, until = _bounds(start, end)
    report = Report(board=board, year=year, start=start, end=end)
    today = timezone.localdate()
    report.consents = _consents(board, min(end, today))

    grants = Grant.objects.filter(board=board, approved_at__gte=since, approved_at__lte=until)
    report.grants_approved = grants.count()
    by_category = Counter(grants.values_list("category_key", flat=True))
    report.grants_by_category = [
        (str(BY_KEY[k].label) if k in BY_KEY else k, n) for k, n in by_category.most_common()
    ]

    accesses = BreakGlassAccess.objects.filter(
        board=board, opened_at__gte=since, opened_at__lte=until
    )
    report.emergency_total = accesses.count()
    outcomes = Counter(accesses.values_list("review_outcome", flat=True))
    report.emergency_by_outcome = [
        (str(label), outcomes[value]) for value, label in ReviewOutcome.choices
    ] + [(_("not reviewed yet"), outcomes[""])]
    months = Counter(
        timezone.localtime(at).month for at in accesses.values_list("opened_at", flat=True)
    )
    report.emergency_by_month = [months[m] for m in range(1, 13)]

    events = AuditEvent.objects.filter(
        chain=board.pk, occurred_at__gte=since, occurred_at__lte=until
    )
    report.special_reads = events.filter(action=SPECIAL_READ).count()
    report.photos_purged = sum(
        int(c.get("count", 0))
        for c in events.filter(action="photos.photos.purged").values_list("context", flat=True)
    )
    report.contributed = _contributed(board.pk, start, end)
    return report
