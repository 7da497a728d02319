import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from schoolprivacy.demo.personas import DEMO_BOARD_NUMBER
from schoolprivacy.people.models import Staff


class Command(BaseCommand):
    help = (
        "Print the current six-digit code of a demo persona's second factor, so trying the demo "
        "needs no phone. Only in demo mode and only for staff of the demo board: anywhere else "
        "it would hand out the second factor of a real account."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Username of a staff persona, e.g. leerkracht.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.MODE != "demo":
            raise CommandError(
                "demo-code only works in demo mode (SCHOOLPRIVACY_MODE=demo); "
                f"this is {settings.MODE} mode."
            )
        username = options["username"]
        staff = (
            Staff.objects.select_related("user")
            .filter(user__username=username, board__board_number=DEMO_BOARD_NUMBER)
            .first()
        )
        if staff is None:
            raise CommandError(
                f"{username!r} is not a staff member of the demo board. "
                "(Parents have no code: they sign in with an emailed link.)"
            )
        device = TOTPDevice.objects.filter(user=staff.user, confirmed=True).first()
        if device is None:
            raise CommandError(f"{username!r} has no second factor; only personas have one.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
        left = device.step - int(time.time() - device.t0) % device.step
        self.stderr.write(f"(valid for about {left} more seconds, once)")
