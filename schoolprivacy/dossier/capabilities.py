"""What `dossier` makes true (schoolprivacy/capabilities.py)."""

from django.utils.translation import gettext_lazy as _

from schoolprivacy.capabilities import Capability

CAPABILITIES = [
    Capability(
        "dossier.encryption",
        _("special data and the education number are stored encrypted (encryption.py)"),
    ),
]
