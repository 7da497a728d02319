"""Signing test clients in the way the real sign-in does, without typing codes."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from schoolprivacy.accounts.models import User


def totp_device_for(user: User) -> TOTPDevice:
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="default", defaults={"confirmed": True}
    )
    return device


def sign_in_staff(client: Client, user: User) -> Client:
    """A staff session that passed both password and second factor."""
    device = totp_device_for(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def sign_in_parent(client: Client, user: User) -> Client:
    client.force_login(user)
    return client
