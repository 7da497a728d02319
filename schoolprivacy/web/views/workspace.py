"""The privacy officer's start page (issue 17): everything that needs attention, each with its
deadline, gathered from every app's `attention.py` (schoolprivacy/attention.py), and the ways
into oversight: who read a pupil, the audit log, the register.

Shown at `/` to whoever holds the board's oversight duty, so the officer lands here after
signing in; everyone else keeps their own start page (web.views.home).
"""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from schoolprivacy.access.schools import schools_for
from schoolprivacy.access.selectors import current_assignments
from schoolprivacy.accounts.models import User
from schoolprivacy.attention import AttentionItem, collect
from schoolprivacy.web.audit_forms import PupilLookupForm

# Labels for the kinds apps report (attention.AttentionItem.kind); an unknown kind shows none.
KIND_LABELS: dict[str, Promise] = {
    "break_glass": _("Emergency access"),
    "dispute": _("Consent dispute"),
    "outbox": _("Consent effects"),
    "sweep_drift": _("Published photos"),
    "sweep_late": _("Published photos"),
    "video_sweep_drift": _("Published videos"),
    "request": _("Rights request"),
    "breach": _("Incident"),
    "agreement": _("Processor agreement"),
    "dpia": _("DPIA"),
    "policy": _("Privacy policy"),
    "retention": _("Retention"),
    "disclosure": _("Sharing"),
}


@dataclass(frozen=True)
class Row:
    item: AttentionItem
    kind_label: str


def workspace(request: HttpRequest, user: User) -> HttpResponse:
    items = [Row(i, str(KIND_LABELS.get(i.kind, ""))) for i in collect(user)]
    return render(
        request,
        "web/workspace.html",
        {
            "staff": getattr(user, "staff", None),
            "items": items,
            "overdue": sum(1 for r in items if r.item.overdue),
            "now": timezone.now(),
            "lookup": PupilLookupForm(),
            "assignments": current_assignments(user),
            "schools": schools_for(user).order_by("name"),
        },
    )
