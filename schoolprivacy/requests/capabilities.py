"""What `requests` makes true (schoolprivacy/capabilities.py; wired in by issue 17's statement
work: every sentence of the public statement about rights requests depends on these)."""

from django.utils.translation import gettext_lazy as _

from schoolprivacy.capabilities import Capability

CAPABILITIES = [
    Capability(
        "requests.online",
        _("parents and pupils of 16+ ask online to see, correct or delete data and follow it"),
    ),
    Capability(
        "requests.deadlines",
        _("every request has the legal deadline of one month, extended only within that month"),
    ),
    Capability(
        "requests.identity_check",
        _("identity and parental authority are checked and recorded before a request is answered"),
    ),
]
