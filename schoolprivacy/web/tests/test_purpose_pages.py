"""The consent purposes on a product page (issue 19): the privacy officer reads each purpose's
text and publishes a new version only after confirming that parents are asked again (audited);
everyone else gets a 404."""

from django.urls import reverse

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.consents.models import Purpose
from schoolprivacy.consents.selectors import current_text
from schoolprivacy.consents.services import purposes_install_defaults


def _research(world):
    purposes_install_defaults(board=world.board, actor_id=None)
    return Purpose.objects.get(board=world.board, key="research")


def test_the_officer_publishes_a_new_text_after_confirming(world, staff_client):
    purpose = _research(world)
    client = staff_client(world.privacy_officer)
    assert purpose.name in client.get(reverse("web:purposes")).text
    url = reverse("web:purpose", args=[purpose.pk])
    assert current_text(purpose).text_nl[:40] in client.get(url).text

    unconfirmed = client.post(url, {"text_nl": "Nieuwe tekst.", "text_en": "New text."})
    assert unconfirmed.status_code == 200
    assert current_text(purpose).version == 1

    response = client.post(
        url, {"text_nl": "Nieuwe tekst.", "text_en": "New text.", "confirm": "on"}
    )
    assert response.status_code == 302
    text = current_text(purpose)
    assert (text.version, text.text_nl) == (2, "Nieuwe tekst.")
    event = AuditEvent.objects.get(action="consents.text.published")
    assert event.actor_id == world.privacy_officer.pk


def test_everyone_else_gets_404(world, staff_client):
    purpose = _research(world)
    for user in (world.teacher, world.director, world.other_board_staff):
        client = staff_client(user)
        assert client.get(reverse("web:purposes")).status_code == 404
        url = reverse("web:purpose", args=[purpose.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"text_nl": "x", "confirm": "on"}).status_code == 404
    assert current_text(purpose).version == 1
