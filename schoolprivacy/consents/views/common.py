"""What the consent pages share: purposes and texts in the reader's language, history rows.

Reads go through `consents.selectors`; these helpers only shape them for templates and turn
"not applicable" into a 404.
"""

from dataclasses import dataclass
from datetime import datetime

from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from schoolprivacy.accounts.models import User
from schoolprivacy.consents.consequences import consequences_of_stopping
from schoolprivacy.consents.forms import DecisionForm
from schoolprivacy.consents.models import ConsentDecision, Decision, Method, Purpose
from schoolprivacy.consents.selectors import (
    ConsentStatus,
    consent_status,
    current_text,
    decisions_for,
    purposes_for_school,
    purposes_of_earlier_schools,
    statuses_for_pupils,
)
from schoolprivacy.consents.selectors import get_purpose_for_pupil as _purpose_for_pupil
from schoolprivacy.people.models import Guardian, Pupil
from schoolprivacy.schools.models import School


class DecisionChannel:
    METHOD_ONLINE = Method.PORTAL
    PORTAL = "web"


def _english() -> bool:
    return (get_language() or "nl").startswith("en")


def purpose_name(purpose: Purpose) -> str:
    return purpose.name_en if _english() and purpose.name_en else purpose.name


@dataclass(frozen=True)
class ShownText:
    name: str
    body: str
    version: int | None


def purpose_text(purpose: Purpose) -> ShownText:
    """The full current text in the reader's language (Dutch when there is no English)."""
    text = current_text(purpose)
    if text is None:
        return ShownText(purpose_name(purpose), "", None)
    body = text.text_en if _english() and text.text_en else text.text_nl
    return ShownText(purpose_name(purpose), body, text.version)


def purposes_for_pupil(pupil: Pupil) -> list[Purpose]:
    """The purposes of the pupil's school, then those of an earlier school with decisions."""
    return [*purposes_for_school(pupil.school), *purposes_of_earlier_schools(pupil)]


def get_purpose_for_pupil(pupil: Pupil, purpose_id: int) -> Purpose:
    purpose = _purpose_for_pupil(pupil, purpose_id)
    if purpose is None:
        raise Http404
    return purpose


def get_purpose_for_school(school: School, purpose_id: int) -> Purpose:
    for purpose in purposes_for_school(school):
        if purpose.pk == purpose_id:
            return purpose
    raise Http404


@dataclass(frozen=True)
class PurposeRow:
    purpose: Purpose
    name: str
    status: ConsentStatus


def rows_for_pupil(pupil: Pupil, purposes: list[Purpose]) -> list[PurposeRow]:
    statuses = statuses_for_pupils([pupil], purposes)
    return [PurposeRow(p, purpose_name(p), statuses[(pupil.pk, p.pk)]) for p in purposes]


@dataclass(frozen=True)
class HistoryEntry:
    decided_at: datetime
    decision_label: str
    by_label: str
    method_label: str
    text_version: int
    # The text's date, not its version number: "text version 1" means nothing to a parent.
    text_published_at: datetime | None


def _by_label(row: ConsentDecision) -> str:
    if row.by_pupil:
        return _("the pupil")
    return row.guardian.name if row.guardian is not None else ""


def _method_label(row: ConsentDecision) -> str:
    # A pupil of 16+ decides in their own pages, not in the parent portal.
    if row.by_pupil and row.method == Method.PORTAL:
        return _("online, by the pupil")
    return str(Method(row.method).label)


def history_for(pupil: Pupil, purpose: Purpose) -> list[HistoryEntry]:
    """Every decision on this purpose, newest first: who, when, how, which text version."""
    rows = list(decisions_for(pupil, purpose))
    return [
        HistoryEntry(
            decided_at=row.decided_at,
            decision_label=str(Decision(row.decision).label),
            by_label=_by_label(row),
            method_label=_method_label(row),
            text_version=row.text.version,
            text_published_at=row.text.published_at,
        )
        for row in reversed(rows)
    ]


def guardian_for_user(user: User, pupil: Pupil) -> Guardian:
    """The parent's guardian record for this child (one account may have one per school)."""
    return Guardian.objects.get(board_id=pupil.board_id, user=user, relations__pupil=pupil)


def confirm_context(purpose: Purpose, status: ConsentStatus, decision: str) -> dict[str, object]:
    """The confirmation step says what the choice really does: stopping (a withdrawal, or a
    refusal where consent was given) also reaches what was already published."""
    stops = decision == Decision.WITHDRAWN or (
        decision == Decision.REFUSED and status.allows_processing
    )
    return {
        "decision": decision,
        "consequences": consequences_of_stopping(purpose) if stops else [],
    }


def decision_page(
    data: object, pupil: Pupil, purpose: Purpose
) -> tuple[ConsentStatus, DecisionForm, dict[str, object]]:
    """What the parent's and the 16+ pupil's decision pages share: the status now, the form for
    a change, and the page context."""
    status = consent_status(pupil, purpose)
    form = DecisionForm(data or None, current=status.status)
    context: dict[str, object] = {
        "pupil": pupil,
        "purpose": purpose,
        "text": purpose_text(purpose),
        "status": status,
        "form": form,
        "history": history_for(pupil, purpose),
    }
    return status, form, context
