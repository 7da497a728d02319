"""Staff change and delete a record themselves, within may_write; the previous version is kept and
the write audited. Who may not see the pupil, or may not write the record's kind, gets 404."""

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from schoolprivacy.access.policy import may_write
from schoolprivacy.accounts.models import User
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.dossier.models import Record, RecordVersion
from schoolprivacy.dossier.services import record_create

ClientFor = Callable[[User], Client]


def _urls(record: Record) -> tuple[str, str]:
    args = [record.pupil_id, record.pk]
    return reverse("web:record_edit", args=args), reverse("web:record_delete", args=args)


def test_a_teacher_changes_and_deletes_an_observation_and_the_old_version_is_kept(
    world: World, staff_client: ClientFor
) -> None:
    record = record_create(
        actor=world.teacher,
        pupil=world.pupil_a,
        category_key="pupil.observations",
        title="Leesobservatie",
        body="Leest op niveau M4",
    )
    edit, delete = _urls(record)
    client = staff_client(world.teacher)
    page = client.get(reverse("web:pupil", args=[world.pupil_a.pk])).content.decode()
    assert f'href="{edit}"' in page and f'href="{delete}"' in page
    assert "Leest op niveau M4" in client.get(edit).content.decode()
    response = client.post(edit, {"title": "Leesobservatie", "body": "Leest op niveau M5"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.body == "Leest op niveau M5"
    old = RecordVersion.objects.get(record_id=record.pk)
    assert (old.body, old.change) == ("Leest op niveau M4", RecordVersion.Change.UPDATED)
    event = AuditEvent.objects.filter(action="dossier.record.updated").latest("pk")
    assert "M5" not in str(event.__dict__) and "M4" not in str(event.__dict__)

    assert client.get(delete).status_code == 200
    assert Record.objects.filter(pk=record.pk).exists()  # a GET deletes nothing
    assert client.post(delete).status_code == 302
    assert not Record.objects.filter(pk=record.pk).exists()
    assert RecordVersion.objects.filter(change=RecordVersion.Change.DELETED).count() == 1
    assert AuditEvent.objects.filter(action="dossier.record.deleted").count() == 1


def test_who_may_not_see_the_pupil_or_write_the_kind_gets_404(
    world: World, staff_client: ClientFor
) -> None:
    observation = record_create(
        actor=world.teacher,
        pupil=world.pupil_a,
        category_key="pupil.observations",
        title="Observatie",
        body="Tekst",
    )
    care = record_create(
        actor=world.care_coordinator,
        pupil=world.pupil_a,
        category_key="pupil.care.notes",
        title="Zorgnotitie",
        body="Tekst",
    )
    assert not may_write(world.teacher, world.pupil_a, "pupil.care.notes").allowed
    refused = [
        (world.teacher_b, observation),  # another school: may not see the pupil
        (world.other_board_staff, observation),  # another board
        (world.privacy_officer, observation),  # no routine access to pupils
        (world.teacher, care),  # sees the pupil, may not write care notes
    ]
    for user, record in refused:
        client = staff_client(user)
        for url in _urls(record):
            assert client.get(url).status_code == 404, (user, url)
            assert client.post(url, {"title": "X", "body": "Y"}).status_code == 404, (user, url)
    assert Record.objects.get(pk=care.pk).title == "Zorgnotitie"
    assert Record.objects.get(pk=observation.pk).title == "Observatie"
    assert not RecordVersion.objects.exists()
