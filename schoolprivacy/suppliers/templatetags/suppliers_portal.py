"""`{% suppliers_for_child pupil %}`: on a parent's child page, which suppliers receive which
fields about the child (issue 15, transparency). The portal view has already decided that the
parent may see the child."""

from typing import Any

from django import template

from schoolprivacy.people.models import Pupil
from schoolprivacy.suppliers.selectors import supplier_view_for_pupil

register = template.Library()


@register.inclusion_tag("suppliers/portal/child_suppliers.html")
def suppliers_for_child(pupil: Pupil) -> dict[str, Any]:
    return {"suppliers": supplier_view_for_pupil(pupil)}
