"""Second factor: TOTP devices and static backup codes (django-otp)."""

import re
from base64 import b32encode

import segno
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from schoolprivacy.accounts.boards import board_id_of
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record

BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
TOTP_PATTERN = re.compile(r"^[0-9]{6}$")


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled; reused so a reload shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    # An SVG data: URI needs no extra endpoint and no inline style; CSP allows data: images.
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2))


def manual_secret(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for apps where the QR code cannot be scanned."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalise_code(code: str) -> str:
    # People copy codes with spaces or dashes; backup codes are shown in lower case.
    return re.sub(r"[\s-]", "", code).lower()


def verify_code(user: User, code: str) -> Device | None:
    """The confirmed device that accepts `code` (a TOTP code or an unused backup code), or None.

    Devices are locked while verifying, so one code cannot be used twice by parallel requests.
    """
    code = normalise_code(code)
    if not code:
        return None
    model: type[Device] = TOTPDevice if TOTP_PATTERN.match(code) else StaticDevice
    with transaction.atomic():
        for device in model.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(code):
                return device
    return None


def verify_pending_code(device: TOTPDevice, code: str) -> bool:
    code = normalise_code(code)
    if not TOTP_PATTERN.match(code):
        return False
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        return bool(locked.verify_token(code))


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice) -> TOTPDevice:
    """Make the enrolled device the user's only TOTP device."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.refresh_from_db()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(
        action="accounts.totp.enrolled",
        board_id=board_id_of(device.user),
        actor_id=device.user_id,
        subjects=[Subject(subject_types.USER, device.user_id)],
        fields=["confirmed"],
    )
    return device


@transaction.atomic
def backup_codes_generate(*, user: User) -> list[str]:
    """Replace the user's backup codes with BACKUP_CODE_COUNT new ones and return them."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit_record(
        action="accounts.backup_codes.generated",
        board_id=board_id_of(user),
        actor_id=user.pk,
        subjects=[Subject(subject_types.USER, user.pk)],
        context={"count": BACKUP_CODE_COUNT},
    )
    return codes


def remaining_backup_codes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
