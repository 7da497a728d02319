"""The DPIA register (issue 17 item 4, decision 0033): writes and reads.

Per processing activity of the register, or per supplier: which of the criteria apply (two or
more: a DPIA is needed, GDPR art. 35 and the AP's reading of the EDPB criteria), the DPIA
document, date, outcome, measures and the date of the next review. The workspace reminds the
privacy officer of a needed DPIA not yet done and of a review that is due (policies/attention.py).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from schoolprivacy.access.duties import Duty, board_of_duty
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.policies.models import DPIA_CRITERIA, Dpia
from schoolprivacy.register.models import ProcessingActivity

FIELDS = (
    "activity",
    "supplier_name",
    "criteria",
    "document_reference",
    "performed_on",
    "outcome",
    "measures",
    "review_on",
)


def dpias_for_officer(user: User) -> QuerySet[Dpia]:
    board_id = board_of_duty(user, Duty.OVERSEE)
    if board_id is None:
        return Dpia.objects.none()
    return Dpia.objects.filter(board_id=board_id).select_related("activity")


def get_dpia_for_officer(user: User, dpia_id: int) -> Dpia:
    dpia = dpias_for_officer(user).filter(pk=dpia_id).first()
    if dpia is None:
        raise Http404
    return dpia


def activities_for_officer(user: User) -> QuerySet[ProcessingActivity]:
    board_id = board_of_duty(user, Duty.OVERSEE)
    if board_id is None:
        return ProcessingActivity.objects.none()
    return ProcessingActivity.objects.filter(board_id=board_id).order_by("name")


@transaction.atomic
def dpia_save(
    *,
    actor: User,
    dpia: Dpia | None = None,
    activity: ProcessingActivity | None,
    supplier_name: str,
    criteria: list[str],
    document_reference: str,
    performed_on: date | None,
    outcome: str,
    measures: str,
    review_on: date | None,
    channel: str = "web",
) -> Dpia:
    board_id = board_of_duty(actor, Duty.OVERSEE)
    if board_id is None or (dpia is not None and dpia.board_id != board_id):
        raise ValidationError(_("Only the privacy officer of the board keeps the DPIA register."))
    if activity is not None and activity.board_id != board_id:
        raise ValidationError(_("Choose a processing activity of the board."), code="activity")
    if activity is None and not supplier_name.strip():
        raise ValidationError(_("Name the processing activity or the supplier."), code="subject")
    unknown = set(criteria) - DPIA_CRITERIA.keys()
    if unknown:
        raise ValidationError(_("Unknown criterion."), code="criteria")
    if outcome and performed_on is None:
        raise ValidationError(_("An outcome needs the date of the DPIA."), code="performed_on")
    if outcome == Dpia.Outcome.WITH_MEASURES and not measures.strip():
        raise ValidationError(_("List the measures the outcome depends on."), code="measures")
    values = {
        "activity": activity,
        "supplier_name": supplier_name.strip(),
        "criteria": sorted(set(criteria)),
        "document_reference": document_reference.strip(),
        "performed_on": performed_on,
        "outcome": outcome,
        "measures": measures.strip(),
        "review_on": review_on,
    }
    created = dpia is None
    if dpia is None:
        dpia = Dpia(board_id=board_id)
        changed = [k for k, v in values.items() if v not in (None, "", [])]
    else:
        changed = [k for k, v in values.items() if getattr(dpia, k) != v]
    for name, value in values.items():
        setattr(dpia, name, value)
    dpia.save()
    audit_record(
        action="policies.dpia.created" if created else "policies.dpia.updated",
        board_id=board_id,
        actor_id=actor.pk,
        subjects=[Subject(subject_types.DPIA, dpia.pk)],
        fields=changed,
        context={"needed": dpia.needed, "outcome": dpia.outcome},
        channel=channel,
    )
    return dpia
