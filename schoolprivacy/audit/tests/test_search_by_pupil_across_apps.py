"""Issue 11: "events about this pupil" finds what every app recorded about the pupil.

A tag, a consent decision, an exception grant, a read of special data, an import change and a
publication are all searched for by pupil, through the API and through the audit viewer.
"""

import pytest
from django.test import Client

from schoolprivacy.access.models import Grant
from schoolprivacy.access.tests.helpers import make_grant
from schoolprivacy.api.tests.test_me import bearer
from schoolprivacy.audit import subjects
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.dossier.tests.helpers import diagnosis_and_measure
from schoolprivacy.imports.tests.helpers import run
from schoolprivacy.people.models import Guardian, Pupil
from schoolprivacy.photos.services import face_tag, photo_publish
from schoolprivacy.photos.tests.conftest import PhotoWorld, grant, photo_storage, photos
from schoolprivacy.testing.sessions import sign_in_staff

pytestmark = pytest.mark.django_db
# The photo fixtures are shared from the photo tests.
__all__ = ["photo_storage", "photos"]

# One family of actions per app; each must turn up in the pupil's search.
EXPECTED = {
    "import": "people.pupil.updated",
    "photo tag": "photos.face.tagged",
    "consent decision": "consents.decision.",
    "exception grant": "access.grant.created",
    "special read": "dossier.special.read",
    "publication": "photos.publication.",
}


def _touch_the_pupil_from_every_app(client: Client, photos: PhotoWorld) -> Pupil:
    w = photos.world
    pupil = w.pupil_a
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=pupil)
    grant(Guardian.objects.get(user=w.parent, board=w.board), pupil, photos.website_purpose)
    make_grant(
        approver=w.director,
        grantee=w.teacher,
        school=w.school_a,
        scope=Grant.Scope.PUPILS,
        pupils=[pupil],
    )
    diagnosis_and_measure(w.care_coordinator, pupil)
    sign_in_staff(client, w.care_coordinator)
    assert client.get(f"/leerlingen/{pupil.id}/").status_code == 200
    client.logout()
    outcome = photo_publish(actor=w.teacher, photo=photos.photo, channel=photos.website)
    assert outcome.publication is not None
    # The import knows Sanne by her pupil number and brings a change to her record.
    Pupil.objects.filter(pk=pupil.pk).update(external_id="1001")
    run(w, "parnassys.csv")
    return pupil


def _about(pupil: Pupil) -> set[int]:
    """Every event of the board whose own subject list names the pupil, in any vocabulary."""
    return {
        e.seq
        for e in AuditEvent.objects.filter(chain=pupil.board_id)
        if {"type": subjects.PUPIL, "id": pupil.id} in e.subject_list
    }


def _missing(actions: list[str]) -> list[str]:
    return [
        what for what, prefix in EXPECTED.items() if not any(a.startswith(prefix) for a in actions)
    ]


def test_the_api_finds_every_event_about_the_pupil(client: Client, photos: PhotoWorld) -> None:
    pupil = _touch_the_pupil_from_every_app(client, photos)
    w = photos.world
    response = client.get(
        "/api/v1/audit/events",
        {"pupil": pupil.id, "limit": 500},
        headers=bearer(w.privacy_officer),
    )
    assert response.status_code == 200
    body = response.json()
    assert _missing([item["action"] for item in body["items"]]) == []
    assert {item["seq"] for item in body["items"]} == _about(pupil)
    assert body["count"] == len(_about(pupil))
    # Everything is shown in the one vocabulary.
    assert all(
        subjects.SUBJECT_TYPE.match(s["type"]) for item in body["items"] for s in item["subjects"]
    )


def test_the_audit_viewer_finds_every_event_about_the_pupil(
    staff_client: object, photos: PhotoWorld
) -> None:
    """The privacy officer's "everything about this pupil" page (issue 17) lists the same events
    as the API: every app's events about the pupil, in one vocabulary."""
    w: World = photos.world
    pupil = _touch_the_pupil_from_every_app(Client(), photos)
    viewer = staff_client(w.privacy_officer)  # type: ignore[operator]
    found: list[str] = []
    seqs: list[int] = []
    page_number = 1
    while True:
        response = viewer.get(f"/audit/leerling/{pupil.id}/", {"page": page_number})
        assert response.status_code == 200
        found += [line.event.action for line in response.context["lines"]]
        seqs += [line.event.seq for line in response.context["lines"]]
        if not response.context["page"].has_next():
            break
        page_number += 1
    assert _missing(found) == []
    # Every event naming the pupil, once; the page also lists events naming only one of the
    # pupil's parent relations (an import records a relation by its own id).
    assert len(seqs) == len(set(seqs))
    assert _about(pupil) <= set(seqs)
