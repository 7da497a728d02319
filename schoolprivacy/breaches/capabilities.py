"""What `breaches` makes true (schoolprivacy/capabilities.py; wired in by issue 17's statement
work)."""

from django.utils.translation import gettext_lazy as _

from schoolprivacy.capabilities import Capability

CAPABILITIES = [
    Capability(
        "breaches.register",
        _("every incident is registered with its 72-hour clock and the decision to tell people"),
    ),
]
