"""What `accounts` makes true (schoolprivacy/capabilities.py)."""

from django.utils.translation import gettext_lazy as _

from schoolprivacy.capabilities import Capability

CAPABILITIES = [
    Capability(
        "accounts.two_factor",
        _("staff sign in with a password and a code from an authenticator app"),
    ),
]
