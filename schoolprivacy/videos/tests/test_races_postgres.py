"""Publishing a video against a withdrawal under real concurrency on PostgreSQL: two connections,
a forced interleaving (as photos/tests/test_races_postgres.py).

Publishing reads the consent status and then, inside the same transaction, writes the
publication and the consent it relied on. The test stops the publisher right there and lets a
second connection withdraw consent meanwhile. Without the locks (consents/locks.py) the
withdrawal commits at once, its outbox effect runs before the publication exists and finds
nothing, and the video then goes online unblurred. With them the withdrawal waits, and its
effect finds the publication and blurs it.
"""

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, connections

from schoolprivacy.consents.outbox import handle_pending
from schoolprivacy.photos.tests.conftest import grant
from schoolprivacy.videos import services, withdrawal
from schoolprivacy.videos.models import VideoPublication
from schoolprivacy.videos.tests.conftest import VideoWorld

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections"),
]
GRACE = 1.5


class Worker(threading.Thread):
    def __init__(self, action: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.action = action
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.action()
        except BaseException as error:
            self.error = error
        finally:
            connections.close_all()


class Paused:
    """The publisher stops after the gate, before its evidence is written, until released."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        real = withdrawal.evidence_record

        def evidence_record(*args: Any, **kwargs: Any) -> None:
            self.started.set()
            assert self.release.wait(20)
            real(*args, **kwargs)

        monkeypatch.setattr("schoolprivacy.videos.services.evidence_record", evidence_record)


@pytest.fixture
def paused(monkeypatch: pytest.MonkeyPatch) -> Iterator[Paused]:
    pause = Paused(monkeypatch)
    yield pause
    pause.release.set()


def test_a_withdrawal_during_a_video_publication_still_reaches_it(
    videos: VideoWorld, paused: Paused
) -> None:
    w = videos.world
    grant(w.parent.guardian, w.pupil_a, videos.website_purpose)
    services.video_pupils_set(actor=w.teacher, video=videos.video, pupils=[w.pupil_a])
    handle_pending()
    publisher = Worker(
        lambda: services.video_publish(actor=w.teacher, video=videos.video, channel=videos.website)
    )
    publisher.start()
    assert paused.started.wait(20), "the publisher never reached the gate"
    changer = Worker(
        lambda: grant(w.parent.guardian, w.pupil_a, videos.website_purpose, decision="withdrawn")
    )
    changer.start()
    changer.join(GRACE)
    waited = changer.is_alive()
    paused.release.set()
    publisher.join(60)
    changer.join(60)
    assert publisher.error is None, publisher.error
    assert changer.error is None, changer.error
    handle_pending()
    assert waited, "the withdrawal did not wait for the publication relying on the consent"
    publication = VideoPublication.objects.get()
    assert (publication.version, publication.blurred) == (2, True)
