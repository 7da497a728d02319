"""Labels for grants and data categories in the access pages."""

from datetime import date

from django import template
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from schoolprivacy.access.models import Grant
from schoolprivacy.lib.collation import dutch_name_key
from schoolprivacy.taxonomy import BY_KEY

register = template.Library()

STATE_LABELS: dict[str, Promise] = {
    "active": _("active"),
    "upcoming": _("not started yet"),
    "expired": _("expired"),
    "revoked": _("revoked"),
}


@register.simple_tag
def category_label(key: str) -> str:
    category = BY_KEY.get(key)
    return str(category.label) if category else key


@register.simple_tag
def grant_state(grant: Grant, day: date) -> str:
    return str(STATE_LABELS[grant.state_on(day)])


PUPILS_NAMED = 5


@register.simple_tag
def grant_coverage(grant: Grant) -> str:
    if grant.scope == Grant.Scope.SCHOOL:
        return str(_("all pupils of %(school)s") % {"school": grant.school.name})
    if grant.scope == Grant.Scope.GROUP and grant.group is not None:
        return str(_("group %(group)s") % {"group": grant.group.name})
    # The pupils by name (issue 19: "1 pupil" said nothing), in Dutch order, up to a few.
    pupils = sorted(grant.pupils.all(), key=lambda p: dutch_name_key(p.surname, p.first_name))
    count = len(pupils)
    if count == 0 or count > PUPILS_NAMED:
        return ngettext("%(count)d pupil", "%(count)d pupils", count) % {"count": count}
    return ", ".join(pupil.name for pupil in pupils)
