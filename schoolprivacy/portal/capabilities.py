"""What `portal` makes true (schoolprivacy/capabilities.py)."""

from django.utils.translation import gettext_lazy as _

from schoolprivacy.capabilities import Capability

CAPABILITIES = [
    Capability(
        "portal.special_reads_for_parents",
        _("parents see on their child's page which staff read special data and when"),
    ),
]
