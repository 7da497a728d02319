"""Template tags other apps' pages use to show disclosures without knowing this app's selectors.

- `{% parent_disclosures pupil %}` on the parent portal's child page: the child's disclosures
  the parent may see (selectors.disclosures_for_parent: not those kept back under the meldcode).
- `{% staff_disclosures_link pupil %}` on the staff pupil page: a link for staff who may list them.
"""

from typing import Any

from django import template

from schoolprivacy.access.sharing import disclosure_pupils
from schoolprivacy.accounts.models import User
from schoolprivacy.disclosures.presentation import rows_for
from schoolprivacy.disclosures.selectors import disclosures_for_parent
from schoolprivacy.people.models import Pupil

register = template.Library()


@register.inclusion_tag("disclosures/portal/child_disclosures.html", takes_context=True)
def parent_disclosures(context: dict[str, Any], pupil: Pupil) -> dict[str, Any]:
    user = context["request"].user
    rows = rows_for(disclosures_for_parent(user, pupil)) if isinstance(user, User) else []
    return {"disclosure_rows": rows}


@register.inclusion_tag("disclosures/includes/staff_link.html", takes_context=True)
def staff_disclosures_link(context: dict[str, Any], pupil: Pupil) -> dict[str, Any]:
    user = context["request"].user
    may_list = isinstance(user, User) and disclosure_pupils(user).filter(pk=pupil.pk).exists()
    return {"may_list": may_list, "pupil": pupil}
