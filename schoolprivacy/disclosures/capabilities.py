"""What `disclosures` makes true (schoolprivacy/capabilities.py; wired in by issue 17's statement
work)."""

from django.utils.translation import gettext_lazy as _

from schoolprivacy.capabilities import Capability

CAPABILITIES = [
    Capability(
        "disclosures.basis_required",
        _("data goes to another organisation only with a legal obligation or a valid consent"),
    ),
    Capability(
        "disclosures.log",
        _("every sharing with another organisation is recorded with its basis"),
    ),
]
