"""Check-then-act under real concurrency on PostgreSQL: two connections, a forced interleaving.

Publishing reads the consent status, renders for a while, then commits. These tests stop the
publisher in the middle of its render (holding whatever it holds) and let a second connection
change consent meanwhile. Without the locks of consents/locks.py the change commits at once, its
outbox effect runs before the publication exists and finds nothing, and the publication then
commits showing a child without consent. With them the change waits, and its effect finds the
publication. SQLite needs no such test: its write transactions never overlap.
"""

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, connections

from schoolprivacy.consents.models import ConsentDecision, ConsentEvent
from schoolprivacy.consents.outbox import handle_pending
from schoolprivacy.consents.services import purpose_text_publish
from schoolprivacy.photos import rendition
from schoolprivacy.photos.gate import SHOWN
from schoolprivacy.photos.models import Publication, PublicationFace
from schoolprivacy.photos.services import face_tag, faces_tag, photo_publish
from schoolprivacy.photos.tests.conftest import PhotoWorld, grant

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections"),
]

# How long the second connection gets to finish if nothing holds it back.
GRACE = 1.5


class Worker(threading.Thread):
    """Runs `action` on its own database connection and keeps its result or error."""

    def __init__(self, action: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.action = action
        self.error: BaseException | None = None
        self.value: Any = None

    def run(self) -> None:
        try:
            self.value = self.action()
        except BaseException as error:
            self.error = error
        finally:
            connections.close_all()


class PausedRender:
    """The first render waits until released; later ones (the outbox's re-render) run freely."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.first = True
        real = rendition.render

        def render(*args: Any, **kwargs: Any) -> bytes:
            if self.first:
                self.first = False
                self.started.set()
                assert self.release.wait(20)
            return real(*args, **kwargs)

        monkeypatch.setattr(rendition, "render", render)


@pytest.fixture
def paused(monkeypatch: pytest.MonkeyPatch) -> Iterator[PausedRender]:
    pause = PausedRender(monkeypatch)
    yield pause
    pause.release.set()


def _tagged_and_granted(photos: PhotoWorld) -> None:
    w = photos.world
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=w.pupil_a)
    for face in photos.faces[1:]:
        face_tag(actor=w.teacher, face=face, not_a_pupil=True)
    grant(w.parent.guardian, w.pupil_a, photos.website_purpose)


def _race(photos: PhotoWorld, paused: PausedRender, change: Callable[[], Any]) -> bool:
    """Publish (paused mid-render), run `change` meanwhile; returns whether it had to wait."""
    w = photos.world
    publisher = Worker(
        lambda: photo_publish(actor=w.teacher, photo=photos.photo, channel=photos.website)
    )
    publisher.start()
    assert paused.started.wait(20), "the publisher never started rendering"
    changer = Worker(change)
    changer.start()
    changer.join(GRACE)
    waited = changer.is_alive()
    paused.release.set()
    publisher.join(30)
    changer.join(30)
    assert publisher.error is None, publisher.error
    assert changer.error is None, changer.error
    handle_pending()
    return waited


def _outcome(photos: PhotoWorld, face_index: int) -> str:
    publication = Publication.objects.get(photo=photos.photo, channel=photos.website)
    if publication.status != Publication.Status.LIVE:
        return "offline"
    return PublicationFace.objects.get(
        publication=publication, version=publication.version, face=photos.faces[face_index]
    ).outcome


def test_a_withdrawal_during_a_publication_still_reaches_it(
    photos: PhotoWorld, paused: PausedRender
) -> None:
    _tagged_and_granted(photos)
    w = photos.world
    waited = _race(
        photos,
        paused,
        lambda: grant(w.parent.guardian, w.pupil_a, photos.website_purpose, "withdrawn"),
    )
    assert waited, "the withdrawal committed while the publication relied on the old status"
    assert _outcome(photos, 0) not in SHOWN


def test_a_tag_during_a_publication_still_reaches_it(
    photos: PhotoWorld, paused: PausedRender
) -> None:
    _tagged_and_granted(photos)
    w = photos.world
    face = photos.faces[1]  # "not a pupil" when publishing starts; pupil C (no consent) after
    waited = _race(
        photos,
        paused,
        lambda: faces_tag(
            actor=w.teacher, photo=photos.photo, answers=[(face, photos.pupil_c, False)]
        ),
    )
    assert waited
    assert _outcome(photos, 1) not in SHOWN


def test_a_new_text_during_a_publication_still_reaches_it(
    photos: PhotoWorld, paused: PausedRender
) -> None:
    _tagged_and_granted(photos)
    w = photos.world
    waited = _race(
        photos,
        paused,
        lambda: purpose_text_publish(
            actor=w.privacy_officer, purpose=photos.website_purpose, text_nl="Nieuwe tekst"
        ),
    )
    assert waited
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
        worker.join(30)
        assert worker.error is None, worker.error
    assert ConsentDecision.objects.filter(pupil=w.pupil_a, decision="withdrawn").count() == 1
    assert ConsentEvent.objects.filter(pupil=w.pupil_a, kind="withdrawn").count() == 1
