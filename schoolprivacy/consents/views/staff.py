"""Staff pages: consent per pupil and purpose for a class, and the printable "who may appear" list.

The group comes from `access.schools.get_group_for_user` (404 for anyone without the group in
scope); statuses come in one bulk read (`statuses_for_pupils`), so a class of 35 costs the same
queries as a class of 5.
"""

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render

from schoolprivacy.access.pupil_search import pupils_in_group
from schoolprivacy.access.schools import get_group_for_user
from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.consents.selectors import (
    ConsentStatus,
    purposes_for_school,
    statuses_for_pupils,
)
from schoolprivacy.consents.views.common import get_purpose_for_school, purpose_name
from schoolprivacy.lib.collation import dutch_name_key
from schoolprivacy.people.models import Pupil


def _dutch_order(pupils: list[Pupil]) -> list[Pupil]:
    # "Çelik" before "de Wit": surname without tussenvoegsel, accents with their letter.
    return sorted(pupils, key=lambda p: dutch_name_key(p.surname, p.first_name))


@dataclass(frozen=True)
class PupilRow:
    pupil: Pupil
    statuses: list[ConsentStatus]


@staff_required
def group_overview(request: StaffRequest, group_id: int) -> HttpResponse:
    group = get_group_for_user(request.user, group_id)
    pupils = _dutch_order(list(pupils_in_group(request.user, group)))
    purposes = purposes_for_school(group.school)
    statuses = statuses_for_pupils(pupils, purposes)
    rows = [PupilRow(p, [statuses[(p.id, purpose.id)] for purpose in purposes]) for p in pupils]
    return render(
        request,
        "consents/staff/group.html",
        {
            "group": group,
            "purposes": [(purpose, purpose_name(purpose)) for purpose in purposes],
            "rows": rows,
        },
    )


@staff_required
def who_may_appear(request: StaffRequest, group_id: int, purpose_id: int) -> HttpResponse:
    group = get_group_for_user(request.user, group_id)
    purpose = get_purpose_for_school(group.school, purpose_id)
    pupils = _dutch_order(list(pupils_in_group(request.user, group)))
    statuses = statuses_for_pupils(pupils, [purpose])
    allowed = [p for p in pupils if statuses[(p.id, purpose.id)].allows_processing]
    not_allowed = [p for p in pupils if not statuses[(p.id, purpose.id)].allows_processing]
    return render(
        request,
        "consents/staff/who_may_appear.html",
        {
            "group": group,
            "purpose": purpose,
            "name": purpose_name(purpose),
            "allowed": allowed,
            "not_allowed": not_allowed,
        },
    )
