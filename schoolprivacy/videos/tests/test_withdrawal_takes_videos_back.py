"""A withdrawal reaches live video publications through the consent outbox (decision 0016): a
blurring channel re-renders with every face blurred (and serves nothing meanwhile), a blocking
channel takes the video offline, and the location director is told what to remove by hand."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from schoolprivacy.consents.outbox import handle_pending
from schoolprivacy.photos.tests.conftest import grant
from schoolprivacy.videos.models import VideoPublication, VideoTakedown
from schoolprivacy.videos.services import video_publish, video_pupils_set
from schoolprivacy.videos.tests.conftest import VideoWorld
from schoolprivacy.videos.tests.helpers import faces_per_frame, stored_path

pytestmark = pytest.mark.django_db
Hooks = Callable[[Callable[[], Any]], Any]


def _live(v: VideoWorld, run: Hooks, channel: Any) -> VideoPublication:
    w = v.world
    video_pupils_set(actor=w.teacher, video=v.video, pupils=[w.pupil_a])
    outcome = run(lambda: video_publish(actor=w.teacher, video=v.video, channel=channel))
    assert outcome.status == "published"
    publication: VideoPublication = outcome.publication
    return publication


def test_a_withdrawal_re_renders_the_video_with_every_face_blurred(
    videos: VideoWorld,
    run_commit_hooks: Hooks,
    client: Client,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    w = videos.world
    grant(w.parent.guardian, w.pupil_a, videos.website_purpose)
    publication = _live(videos, run_commit_hooks, videos.website)
    publication.refresh_from_db()
    old_file = stored_path(publication.rendition)
    assert old_file.is_file()
    assert client.get(f"/v/{publication.token}").status_code == 200

    grant(w.parent.guardian, w.pupil_a, videos.website_purpose, decision="withdrawn")
    # The outbox first: the old file goes and the address answers 404 before the new one exists.
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        handle_pending()
    publication.refresh_from_db()
    assert (publication.version, publication.blurred, publication.render) == (2, True, "queued")
    assert client.get(f"/v/{publication.token}").status_code == 404
    for callback in after_commit:  # what the commit sets off: delete the old file, render anew
        callback()
    publication.refresh_from_db()
    assert not old_file.exists()
    assert publication.render == "ready"
    assert faces_per_frame(stored_path(publication.rendition)) == [0] * 20
    assert client.get(f"/v/{publication.token}").status_code == 200
    takedown = VideoTakedown.objects.get()
    assert (takedown.change, takedown.needs_manual_removal) == ("reblurred", False)


def test_a_withdrawal_takes_a_video_offline_in_a_blocking_channel_and_tells_the_director(
    videos: VideoWorld, run_commit_hooks: Hooks, client: Client
) -> None:
    w = videos.world
    w.director.email = "directeur@example.nl"
    w.director.save(update_fields=["email"])
    grant(w.parent.guardian, w.pupil_a, videos.social_purpose)
    publication = _live(videos, run_commit_hooks, videos.social_media)
    grant(w.parent.guardian, w.pupil_a, videos.social_purpose, decision="withdrawn")
    run_commit_hooks(handle_pending)
    publication.refresh_from_db()
    assert (publication.status, publication.withdrawn_reason, publication.rendition) == (
        "withdrawn",
        "consent",
        "",
    )
    assert client.get(f"/v/{publication.token}").status_code == 404
    takedown = VideoTakedown.objects.get()
    assert (takedown.change, takedown.needs_manual_removal) == ("withdrawn", True)
    [message] = [m for m in mail.outbox if w.director.email in m.to]
    assert "Sportdag" in message.body and w.pupil_a.first_name not in message.body


def test_handling_the_same_event_twice_changes_nothing_more(
    videos: VideoWorld, run_commit_hooks: Hooks
) -> None:
    w = videos.world
    grant(w.parent.guardian, w.pupil_a, videos.website_purpose)
    _live(videos, run_commit_hooks, videos.website)
    grant(w.parent.guardian, w.pupil_a, videos.website_purpose, decision="withdrawn")
    run_commit_hooks(handle_pending)
    from schoolprivacy.consents.models import ConsentEvent
    from schoolprivacy.videos.withdrawal import consent_changed

    run_commit_hooks(lambda: consent_changed(ConsentEvent.objects.latest("pk")))
    assert VideoPublication.objects.get().version == 2
    assert VideoTakedown.objects.count() == 1
