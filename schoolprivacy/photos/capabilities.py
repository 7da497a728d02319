"""What `photos` makes true (schoolprivacy/capabilities.py)."""

from django.utils.translation import gettext_lazy as _

from schoolprivacy.capabilities import Capability

CAPABILITIES = [
    Capability(
        "photos.consent_gate",
        _("photos are published only for pupils whose parents consented for that channel"),
    ),
    Capability("photos.portal", _("parents see the photos their child is tagged in")),
    Capability(
        "photos.retention_purge",
        _("photos are deleted when their purpose ended, counted per rule (photos/retention.py)"),
    ),
]
