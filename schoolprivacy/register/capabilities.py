"""What `register` makes true (schoolprivacy/capabilities.py)."""

from django.utils.translation import gettext_lazy as _

from schoolprivacy.capabilities import Capability

CAPABILITIES = [
    Capability(
        "register.live_statement",
        _("the privacy statement is made from the processing register whenever it is opened"),
    ),
]
