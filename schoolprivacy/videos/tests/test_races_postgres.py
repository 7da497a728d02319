"""Publishing a video against a withdrawal under real concurrency on PostgreSQL: two connections,
a forced interleaving (as photos/tests/test_races_postgres.py).

Publishing reads the consent status and then, inside the same transaction, writes the
publication and the consent it relied on. The test stops the publisher right there and lets a
second connection withdraw consent meanwhile. Without the locks (consents/locks.py) the
withdrawal commits at once, its outbox effect runs before the publication exists and finds
nothing, and the video then goes online unblurred. With them the withdrawal waits, and its
effect finds the publication and blurs it.
"""

import pytest
from django.db import connection

from schoolprivacy.consents.outbox import handle_pending
from schoolprivacy.photos.tests.conftest import grant
from schoolprivacy.testing.two_connections import Pause, interleave
from schoolprivacy.videos import services, withdrawal
from schoolprivacy.videos.models import VideoPublication
from schoolprivacy.videos.tests.conftest import VideoWorld

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections"),
]


@pytest.fixture
def paused(monkeypatch: pytest.MonkeyPatch) -> Pause:
    """The publisher stops after the gate, before its evidence is written, until released."""
    pause = Pause()
    monkeypatch.setattr(
        "schoolprivacy.videos.services.evidence_record", pause.before(withdrawal.evidence_record)
    )
    return pause


def test_a_withdrawal_during_a_video_publication_still_reaches_it(
    videos: VideoWorld, paused: Pause
) -> None:
    w = videos.world
    grant(w.parent.guardian, w.pupil_a, videos.website_purpose)
    services.video_pupils_set(actor=w.teacher, video=videos.video, pupils=[w.pupil_a])
    handle_pending()
    race = interleave(
        lambda: services.video_publish(actor=w.teacher, video=videos.video, channel=videos.website),
        paused,
        lambda: grant(w.parent.guardian, w.pupil_a, videos.website_purpose, decision="withdrawn"),
        second_waits=True,
        message="the withdrawal did not wait for the publication relying on the consent",
    )
    race.first.result()
    race.second.result()
    handle_pending()
    publication = VideoPublication.objects.get()
    assert (publication.version, publication.blurred) == (2, True)
