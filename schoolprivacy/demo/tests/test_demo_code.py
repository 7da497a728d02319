import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from schoolprivacy.testing import factories


def demo_code(username: str) -> str:
    out = StringIO()
    call_command("demo_code", username, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_it_refuses_outside_demo_mode(demo, settings):
    settings.MODE = "production"
    with pytest.raises(CommandError, match="only works in demo mode"):
        demo_code("leerkracht")
    settings.MODE = "test"
    with pytest.raises(CommandError, match="only works in demo mode"):
        demo_code("leerkracht")


def test_it_prints_a_code_the_device_accepts(demo, settings):
    settings.MODE = "demo"
    code = demo_code("leerkracht")
    assert re.fullmatch(r"[0-9]{6}", code)
    assert TOTPDevice.objects.get(user__username="leerkracht").verify_token(code)


def test_it_refuses_staff_of_another_board(demo, settings):
    settings.MODE = "demo"
    other = factories.make_staff(board=factories.make_board(), username="elders")
    TOTPDevice.objects.create(user=other.user, name="default", confirmed=True)
    with pytest.raises(CommandError, match="not a staff member of the demo board"):
        demo_code("elders")


def test_it_refuses_parents_and_unknown_users(demo, settings):
    settings.MODE = "demo"
    for username in ("ouder@voorbeeld.nl", "niemand"):
        with pytest.raises(CommandError, match="not a staff member of the demo board"):
            demo_code(username)
