"""Where a supplier's privacy questions and GDPR art. 19 notices go (decision 0058).

The supplier's own privacy contact when it has an address. Without one, the contact for data
breaches of the agreement concerned, when that is an email address: the desk most likely to pass
the notice on. That is a fallback, and every page that shows the address says so, so the privacy
officer sees whom to ask for the right one. Neither an address: the officer tells the supplier by
hand (requests/notices.py).

Setting the contact is here too (`supplier_update_privacy_contact`), audited with field names.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.suppliers.models import Agreement, Supplier

INVALID_EMAIL = _("Enter the privacy contact's email address, like privacy@supplier.nl.")


@dataclass(frozen=True)
class PrivacyContact:
    name: str
    email: str  # "" when no address is known
    fallback: bool  # the address is the agreement's contact for data breaches


def email_or_blank(value: str) -> str:
    value = value.strip()
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def privacy_contact(supplier: Supplier, agreement: Agreement | None = None) -> PrivacyContact:
    """The address for `supplier`'s privacy matters under `agreement` (for the supplier as a
    whole: the first of its agreements with a breach address, by product)."""
    if supplier.privacy_contact_email:
        return PrivacyContact(supplier.privacy_contact_name, supplier.privacy_contact_email, False)
    agreements = [agreement] if agreement is not None else supplier.agreements.all()
    for each in agreements:
        email = email_or_blank(each.breach_contact)
        if email:
            return PrivacyContact("", email, True)
    return PrivacyContact(supplier.privacy_contact_name, "", False)


def checked_privacy_contact(name: str, email: str) -> dict[str, str]:
    """The two fields as stored; an address that is not one is refused (ValidationError)."""
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(INVALID_EMAIL, code="invalid_email") from None
    return {"privacy_contact_name": name.strip(), "privacy_contact_email": email}


@transaction.atomic
def supplier_update_privacy_contact(
    *, supplier: Supplier, actor: User, name: str, email: str, channel: str = "web"
) -> Supplier:
    """Where the supplier's privacy questions and art. 19 notices go; both may be left empty
    (then notices go to the agreement's contact for data breaches: contacts.py)."""
    contact = checked_privacy_contact(name, email)
    # Compared with the row as it is now (locked), not as the form saw it: two keepers saving at
    # once each record what they changed.
    current = Supplier.objects.select_for_update().get(pk=supplier.pk)
    changed = [k for k, v in contact.items() if getattr(current, k) != v]
    for key, value in contact.items():
        setattr(supplier, key, value)
    if changed:
        Supplier.objects.filter(pk=supplier.pk).update(**contact)
        audit_record(
            action="suppliers.supplier.privacy_contact_changed",
            board_id=supplier.board_id,
            actor_id=actor.pk,
            subjects=[Subject(subjects.SUPPLIER, supplier.pk)],
            fields=changed,
            channel=channel,
        )
    return supplier
