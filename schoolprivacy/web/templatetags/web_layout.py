"""The site header's main navigation: which links a person gets depends on who they are.

A template tag rather than a context processor, so the (small) cost of looking up roles is only
paid by pages that render the layout, not by every response.
"""

from dataclasses import dataclass
from typing import Any

from django import template
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext

from schoolprivacy.access.duties import Duty, may, works_at_a_school
from schoolprivacy.access.incidents import breach_register_board_id, reporting_board_id
from schoolprivacy.access.parents import is_adult
from schoolprivacy.access.policy import supplier_reader_board
from schoolprivacy.access.rights import handler_board_id, recorder_school_ids
from schoolprivacy.accounts.models import User
from schoolprivacy.photos.selectors import photo_schools

register = template.Library()


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


def _is_verified(user: User) -> bool:
    # django_otp's middleware adds is_verified(); a staff member who has only typed a password
    # has not finished signing in and gets no navigation into the product yet.
    is_verified = getattr(user, "is_verified", None)
    return bool(callable(is_verified) and is_verified())


def _items_for(user: User) -> list[tuple[str, str]]:
    if user.is_parent:
        return [(gettext("My children"), reverse("portal:home"))]
    if user.kind == User.Kind.PUPIL:
        # Pupils aged 16+ decide about their own consent (consents.views.pupil); from 18 also
        # whether their parents still see their data (portal.views.adult).
        items = [(gettext("My consent"), reverse("consents:pupil_home"))]
        pupil = getattr(user, "pupil", None)
        if pupil is not None and is_adult(pupil):
            items.append((gettext("What my parents see"), reverse("portal:parents_access")))
        # Any pupil may report a data breach (issue 17 §2).
        items.append((gettext("Report a data breach"), reverse("breaches:pupil_report")))
        return items
    if user.kind != User.Kind.STAFF or not _is_verified(user):
        return []
    items = [(gettext("Home"), reverse("web:home"))]
    at_school = works_at_a_school(user)
    # Staff who work at a school have pupils; board roles (privacy officer) have no routine
    # access to pupil data, so no pupil list either.
    if at_school:
        items.append((gettext("Pupils"), reverse("web:pupils")))
    # The photo library (issue 6): staff whose routine work includes pupils' photos.
    if at_school and photo_schools(user).exists():
        items.append((gettext("Photos"), reverse("photos:library")))
    # Exceptions are approved by location directors (their school) and the privacy officer.
    if may(user, Duty.APPROVE_GRANTS):
        items.append((gettext("Exceptions"), reverse("access:grant_list")))
    # Administration staff import their school's pupils from ESIS or ParnasSys (issue 5).
    if may(user, Duty.IMPORT):
        items.append((gettext("Import"), reverse("imports:index")))
        # ... and invite the parents and pupils of 16+ they imported to the portal (issue 13).
        items.append((gettext("Invitations"), reverse("invitations:index")))
    if may(user, Duty.OVERSEE):
        items.append((gettext("Emergency access"), reverse("access:break_glass_list")))
        items.append((gettext("Audit log"), reverse("audit:events")))
        items.append((gettext("Register"), reverse("register:list")))
        items.append((gettext("Consent"), reverse("consents:board_counts")))
        items.append((gettext("Consent rounds"), reverse("consents:rounds")))
        items.append((gettext("Consent purposes"), reverse("web:purposes")))
    # The processor register (issue 15): its keepers, and the administration that makes exports.
    if supplier_reader_board(user) is not None:
        items.append((gettext("Suppliers"), reverse("suppliers:index")))
    # Inspection, correction and erasure requests (issue 14): the privacy officer handles them,
    # the administration records and follows them.
    if handler_board_id(user) is not None or recorder_school_ids(user):
        items.append((gettext("Requests"), reverse("requests:staff_queue")))
    # Staff accounts and roles: the privacy officer and the functional administrator.
    if may(user, Duty.ADMINISTER):
        items.append((gettext("Staff"), reverse("access:staff_list")))
        items.append((gettext("Channels"), reverse("web:channels")))
    # The breach register is the privacy officer's; reporting one is for every staff member.
    if breach_register_board_id(user) is not None:
        items.append((gettext("Data breaches"), reverse("breaches:list")))
    elif reporting_board_id(user) is not None:
        items.append((gettext("Report a data breach"), reverse("breaches:report")))
    return items


def _is_current(path: str, url: str, root: str) -> bool:
    # The home page is current only on itself; a section is current on its sub-pages too.
    return path == url or (url != root and path.startswith(url))


@register.inclusion_tag("web/includes/navigation.html", takes_context=True)
def main_navigation(context: template.Context) -> dict[str, Any]:
    request: HttpRequest | None = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not isinstance(user, User):
        return {"items": []}
    root = reverse("web:home")
    items = [
        NavItem(label=label, url=url, current=_is_current(request.path, url, root))
        for label, url in _items_for(user)
    ]
    return {"items": items}
