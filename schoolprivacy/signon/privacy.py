"""Personal data of `signon`: which staff account is which identity at the board's provider.

The subject identifier is a pseudonym the provider chose for the staff member: still personal
data (staff.identity). Linked and last-used times are staff activity. Erasure is a plan, as for
accounts: an identity goes with its staff account.
"""

from collections.abc import Collection

from schoolprivacy.privacy_registry import (
    DataSubject,
    Erasure,
    Export,
    NotPersonal,
    PersonalData,
    collect,
    plan_only,
)
from schoolprivacy.signon.models import Identity, Provider, ProviderMfaDevice

IDENTITIES = PersonalData(
    Identity,
    {
        "user": "staff.identity",
        "subject": "staff.identity",
        "created_at": "staff.activity",
        "last_used_at": "staff.activity",
    },
)
# That the account signs in with its provider's multi-factor check: like a TOTP device.
MFA_DEVICES = PersonalData(ProviderMfaDevice, {"user": "staff.activity"})
PERSONAL_DATA = (IDENTITIES, MFA_DEVICES)
NOT_PERSONAL = (
    NotPersonal(Identity, {"issuer": "the address of the board's provider, the same for all"}),
    NotPersonal(
        Provider,
        {
            "name": "the provider's name on the sign-in button",
            "issuer": "the provider's address",
            "client_id": "Schoolprivacy's registration at the provider",
        },
    ),
    NotPersonal(ProviderMfaDevice, {"name": "a fixed name, the same for every account"}),
)


def export(subject: DataSubject) -> Export:
    if subject.kind != "staff" or subject.user_id is None:
        return {}
    return collect(IDENTITIES, Identity.objects.filter(user_id=subject.user_id), subject)


def erase(
    subject: DataSubject,
    *,
    actor_id: int | None,
    categories: Collection[str] | None = None,
    dry_run: bool = True,
) -> Erasure:
    counts: dict[str, int] = {}
    if subject.kind == "staff" and subject.user_id is not None:
        counts = {"staff.identity": Identity.objects.filter(user_id=subject.user_id).count()}
    if categories is not None:
        counts = {k: n for k, n in counts.items() if k in categories}
    return plan_only("signon", counts, reason="not_implemented", dry_run=dry_run)
