"""A disclosure in words, for staff and parents: recipient, basis, data (translated labels)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from schoolprivacy.disclosures.models import Basis, Disclosure
from schoolprivacy.disclosures.recipients import BY_KEY
from schoolprivacy.taxonomy import BY_KEY as CATEGORY_BY_KEY


@dataclass(frozen=True)
class DisclosureRow:
    disclosure: Disclosure
    recipient: str
    basis: str
    categories: list[str]
    disclosed_at: datetime
    meldcode: bool


def _basis(d: Disclosure) -> str:
    if d.basis == Basis.LEGAL_OBLIGATION:
        return _("Legal obligation: %(article)s") % {"article": d.citation}
    purpose = d.purpose.name if d.purpose else ""
    return _("Consent: %(purpose)s") % {"purpose": purpose}


def rows_for(disclosures: Iterable[Disclosure]) -> list[DisclosureRow]:
    rows = []
    for d in disclosures:
        who = BY_KEY.get(d.recipient)
        name = str(who.name) if who else d.recipient
        if d.recipient_name:
            name = f"{name} ({d.recipient_name})"
        rows.append(
            DisclosureRow(
                disclosure=d,
                recipient=name,
                basis=_basis(d),
                categories=[
                    str(CATEGORY_BY_KEY[k].label) for k in d.categories if k in CATEGORY_BY_KEY
                ],
                disclosed_at=d.disclosed_at,
                meldcode=bool(who and who.meldcode),
            )
        )
    return rows
