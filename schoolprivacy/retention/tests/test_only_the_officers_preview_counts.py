"""The first purge relies on the privacy officer's look at the preview (decisions 0047, 0057).
The functional administrator may open the preview to see that the nightly task works, but that
look is not kept, so it cannot let a first purge run that the officer never looked at."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from schoolprivacy.access.models import Role
from schoolprivacy.api.tests.test_me import bearer
from schoolprivacy.retention.engine import purge_run
from schoolprivacy.retention.first_run import PurgeRefused
from schoolprivacy.retention.models import PurgePreview, PurgeRun
from schoolprivacy.retention.tests.conftest import leave, record
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db

API = "/api/v1/retention/preview"
ENGLISH = {"Accept-Language": "en"}


def _functional_admin(world):
    staff = factories.make_staff(board=world.board, username="beheer")
    factories.assign(staff, Role.FUNCTIONAL_ADMIN)
    return staff.user


def test_the_functional_administrators_look_keeps_nothing_and_the_purge_waits(
    world, register, staff_client
):
    pupil = leave(world.pupil_a, date(2022, 9, 1))
    record(pupil, "pupil.observations")
    admin = staff_client(_functional_admin(world))
    url = reverse("retention:preview")
    with translation.override("en"):
        for school in (world.school_a, world.school_b):
            page = admin.get(f"{url}?school={school.pk}", headers=ENGLISH)
            assert page.status_code == 200
            assert "yours is not kept" in page.content.decode()
        assert admin.get(url, headers=ENGLISH).status_code == 200
    assert not PurgePreview.objects.exists()
    with pytest.raises(PurgeRefused):
        purge_run(board=world.board)
    assert not PurgeRun.objects.exists()


def test_the_functional_administrators_api_call_keeps_nothing(client, world, register):
    admin = _functional_admin(world)
    assert client.get(API, headers=bearer(admin)).status_code == 200
    school = world.school_a.pk
    assert client.get(f"{API}?school={school}", headers=bearer(admin)).status_code == 200
    assert not PurgePreview.objects.exists()


def test_the_officers_look_is_kept_with_their_name(world, register, staff_client, client):
    officer = staff_client(world.privacy_officer)
    url = reverse("retention:preview")
    with translation.override("en"):
        page = officer.get(f"{url}?school={world.school_a.pk}", headers=ENGLISH)
    assert "yours is not kept" not in page.content.decode()
    assert client.get(API, headers=bearer(world.privacy_officer)).status_code == 200
    kept = PurgePreview.objects.order_by("pk")
    assert [(p.school_id, p.made_by_id) for p in kept] == [
        (world.school_a.pk, world.privacy_officer.pk),
        (None, world.privacy_officer.pk),
    ]
