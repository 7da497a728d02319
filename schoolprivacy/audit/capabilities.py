"""What `audit` makes true (schoolprivacy/capabilities.py)."""

from django.utils.translation import gettext_lazy as _

from schoolprivacy.capabilities import Capability

CAPABILITIES = [
    Capability(
        "audit.tamper_evident_log",
        _("every change is recorded in a hash-chained log; a later change is detected"),
    ),
]
