"""Check-then-act under real concurrency on PostgreSQL: two connections, a forced interleaving.

Publishing reads the consent status, renders for a while, then commits. These tests stop the
publisher in the middle of its render (holding whatever it holds) and let a second connection
change consent meanwhile. Without the locks of consents/locks.py the change commits at once, its
outbox effect runs before the publication exists and finds nothing, and the publication then
commits showing a child without consent. With them the change waits, and its effect finds the
publication. SQLite needs no such test: its write transactions never overlap.
"""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from schoolprivacy.consents.models import ConsentDecision, ConsentEvent
from schoolprivacy.consents.outbox import handle_pending
from schoolprivacy.consents.services import purpose_text_publish
from schoolprivacy.photos import rendition
from schoolprivacy.photos.gate import SHOWN
from schoolprivacy.photos.models import Publication, PublicationFace
from schoolprivacy.photos.services import face_tag, faces_tag, photo_publish
from schoolprivacy.photos.tests.conftest import PhotoWorld, grant
from schoolprivacy.testing.two_connections import Pause, Worker, interleave

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections"),
]


@pytest.fixture
def paused(monkeypatch: pytest.MonkeyPatch) -> Pause:
    """The first render waits until released; later ones (the outbox's re-render) run freely."""
    pause = Pause()
    monkeypatch.setattr(rendition, "render", pause.before(rendition.render))
    return pause


def _tagged_and_granted(photos: PhotoWorld) -> None:
    w = photos.world
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=w.pupil_a)
    for face in photos.faces[1:]:
        face_tag(actor=w.teacher, face=face, not_a_pupil=True)
    grant(w.parent.guardian, w.pupil_a, photos.website_purpose)


def _race(photos: PhotoWorld, paused: Pause, change: Callable[[], Any], message: str) -> None:
    """Publish (paused mid-render), run `change` meanwhile: it must wait for the publication."""
    w = photos.world
    race = interleave(
        lambda: photo_publish(actor=w.teacher, photo=photos.photo, channel=photos.website),
        paused,
        change,
        second_waits=True,
        message=message,
    )
    race.first.result()
    race.second.result()
    handle_pending()


def _outcome(photos: PhotoWorld, face_index: int) -> str:
    publication = Publication.objects.get(photo=photos.photo, channel=photos.website)
    if publication.status != Publication.Status.LIVE:
        return "offline"
    return PublicationFace.objects.get(
        publication=publication, version=publication.version, face=photos.faces[face_index]
    ).outcome


def test_a_withdrawal_during_a_publication_still_reaches_it(
    photos: PhotoWorld, paused: Pause
) -> None:
    _tagged_and_granted(photos)
    w = photos.world
    _race(
        photos,
        paused,
        lambda: grant(w.parent.guardian, w.pupil_a, photos.website_purpose, "withdrawn"),
        "the withdrawal committed while the publication relied on the old status",
    )
    assert _outcome(photos, 0) not in SHOWN


def test_a_tag_during_a_publication_still_reaches_it(photos: PhotoWorld, paused: Pause) -> None:
    _tagged_and_granted(photos)
    w = photos.world
    face = photos.faces[1]  # "not a pupil" when publishing starts; pupil C (no consent) after
    _race(
        photos,
        paused,
        lambda: faces_tag(
            actor=w.teacher, photo=photos.photo, answers=[(face, photos.pupil_c, False)]
        ),
        "the tag committed while the publication relied on the old one",
    )
    assert _outcome(photos, 1) not in SHOWN


def test_a_new_text_during_a_publication_still_reaches_it(
    photos: PhotoWorld, paused: Pause
) -> None:
    _tagged_and_granted(photos)
    w = photos.world
    _race(
        photos,
        paused,
        lambda: purpose_text_publish(
            actor=w.privacy_officer, purpose=photos.website_purpose, text_nl="Nieuwe tekst"
        ),
        "the new text committed while the publication relied on the old one",
    )
    assert _outcome(photos, 0) not in SHOWN


def test_ten_simultaneous_withdrawals_are_one_decision(photos: PhotoWorld) -> None:
    w = photos.world
    grant(w.parent.guardian, w.pupil_a, photos.website_purpose)
    start = threading.Barrier(10)

    def withdraw() -> None:
        start.wait(10)
        grant(w.parent.guardian, w.pupil_a, photos.website_purpose, "withdrawn")

    workers = [Worker(withdraw) for _ in range(10)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.result()
    assert ConsentDecision.objects.filter(pupil=w.pupil_a, decision="withdrawn").count() == 1
    assert ConsentEvent.objects.filter(pupil=w.pupil_a, kind="withdrawn").count() == 1
