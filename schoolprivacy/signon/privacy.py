"""Personal data of `signon`: which staff account is which identity at the board's provider.

The subject identifier is a pseudonym the provider chose for the staff member: still personal
data (staff.identity). Linked and last-used times are staff activity. Erasure deletes the links
to the provider (the account can no longer sign in through it) and its multi-factor marker.
"""

from collections.abc import Collection

from django.db import transaction

from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.privacy_registry import (
    DataSubject,
    Erasure,
    Export,
    NotPersonal,
    PersonalData,
    collect,
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
    if subject.kind != "staff" or subject.user_id is None:
        return Erasure("signon", counts, done=not dry_run)
    with transaction.atomic():
        identities = Identity.objects.filter(user_id=subject.user_id)
        devices = ProviderMfaDevice.objects.filter(user_id=subject.user_id)
        if categories is None or "staff.identity" in categories:
            counts["staff.identity"] = identities.count()
        if categories is None or "staff.activity" in categories:
            counts["staff.activity"] = devices.count()
        counts = {k: n for k, n in counts.items() if n}
        if not dry_run and counts:
            if "staff.identity" in counts:
                identities.delete()
            if "staff.activity" in counts:
                devices.delete()
            audit_record(
                action="signon.identity.erased",
                board_id=subject.board_id,
                actor_id=actor_id,
                subjects=[Subject(subject_types.USER, subject.user_id)],
                context=dict(sorted(counts.items())),
                channel="system",
            )
    return Erasure("signon", counts, done=not dry_run)
