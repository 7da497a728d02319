"""What `access` makes true (schoolprivacy/capabilities.py)."""

from django.utils.translation import gettext_lazy as _

from schoolprivacy.capabilities import Capability

CAPABILITIES = [
    Capability(
        "access.need_to_know",
        _("staff see only the kinds of pupil data their role needs (access/policy.py)"),
    ),
    Capability(
        "access.exception_grants",
        _("anyone else needs a dated exception approved by the director or the privacy officer"),
    ),
    Capability(
        "access.special_read_log",
        _("every read of special data is recorded with who, when and which rule allowed it"),
    ),
]
