"""Writes and checks of single sign-on: linking a staff account to its identity, signing in."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.access.selectors import employed_on
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.people.models import Staff
from schoolprivacy.signon.models import Identity, Provider, ProviderMfaDevice

STAFF = subject_types.STAFF
USER = subject_types.USER
PROVIDER_MFA_DEVICE_NAME = "provider-mfa"


@dataclass(frozen=True)
class Client:
    """What a sign-in at one board's provider needs."""

    provider: Provider
    client_secret: str


def client_for(provider: Provider) -> Client | None:
    """The provider with its secret, or None when it is switched off or has no secret set."""
    secret = settings.OIDC_CLIENT_SECRETS.get(provider.board.board_number)
    if not provider.enabled or not secret:
        return None
    return Client(provider=provider, client_secret=secret)


def enabled_providers() -> list[Provider]:
    """Providers offered on the sign-in page: enabled and with a client secret configured."""
    providers = Provider.objects.filter(enabled=True).select_related("board").order_by("name")
    return [p for p in providers if client_for(p) is not None]


def staff_for_identity(*, provider: Provider, subject: str) -> User | None:
    """The active, employed staff account of the provider's board linked to `iss` + `sub`.

    Matched only by issuer and subject: never by name or email address.
    """
    identity = (
        Identity.objects.filter(board=provider.board, issuer=provider.issuer, subject=subject)
        .select_related("user")
        .first()
    )
    if identity is None:
        return None
    user = identity.user
    employed = Staff.objects.filter(
        employed_on(timezone.localdate()), user=user, board=provider.board
    ).exists()
    if not user.is_active or user.kind != User.Kind.STAFF or not employed:
        return None
    Identity.objects.filter(pk=identity.pk).update(last_used_at=timezone.now())
    return user


def provider_mfa_device(user: User) -> ProviderMfaDevice:
    device, _created = ProviderMfaDevice.objects.get_or_create(
        user=user, name=PROVIDER_MFA_DEVICE_NAME, defaults={"confirmed": True}
    )
    return device


@transaction.atomic
def identity_set(*, actor: User, staff: Staff, subject: str) -> Identity | None:
    """Link `staff` to `subject` at their board's provider; an empty subject removes the link."""
    provider = Provider.objects.filter(board=staff.board).first()
    if provider is None:
        raise ValidationError(_("This board has no single sign-on provider."))
    subject = subject.strip()
    Identity.objects.filter(user=staff.user, board=staff.board).delete()
    identity = None
    if subject:
        taken = Identity.objects.filter(issuer=provider.issuer, subject=subject)
        if taken.exists():
            raise ValidationError(
                _("This identifier is already linked to another staff member."), code="taken"
            )
        identity = Identity.objects.create(
            board=staff.board,
            user=staff.user,
            issuer=provider.issuer,
            subject=subject,
            created_at=timezone.now(),
        )
    audit_record(
        action="signon.identity.linked" if identity else "signon.identity.unlinked",
        board_id=staff.board_id,
        actor_id=actor.pk,
        subjects=[Subject(STAFF, staff.pk), Subject(USER, staff.user_id)],
        fields=["issuer", "subject"],
    )
    return identity
