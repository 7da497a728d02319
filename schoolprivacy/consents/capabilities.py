"""What `consents` makes true (schoolprivacy/capabilities.py)."""

from django.utils.translation import gettext_lazy as _

from schoolprivacy.capabilities import Capability

CAPABILITIES = [
    Capability(
        "consents.online",
        _("parents and pupils of 16+ give and withdraw consent online, per purpose"),
    ),
    Capability(
        "consents.withdrawal_immediate",
        _("a withdrawal counts from the moment it is recorded (the consent ledger)"),
    ),
]
