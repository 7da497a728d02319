"""Publishing through the gate: the cleaned original with full consent, every face blurred
without it (same frames, same length), refused in a blocking channel; the publication records
the consent it relied on."""

from collections.abc import Callable
from typing import Any

import pytest

from schoolprivacy.consents.rules import GRANTED
from schoolprivacy.photos.tests.conftest import grant
from schoolprivacy.videos import media
from schoolprivacy.videos.models import VideoPublication, VideoPublicationPupil
from schoolprivacy.videos.services import video_publish, video_pupils_set
from schoolprivacy.videos.tests.conftest import VideoWorld
from schoolprivacy.videos.tests.helpers import faces_per_frame, stored_path

pytestmark = pytest.mark.django_db
Hooks = Callable[[Callable[[], Any]], Any]


def _publish(v: VideoWorld, run: Hooks, channel: Any, **kwargs: Any) -> Any:
    return run(
        lambda: video_publish(actor=v.world.teacher, video=v.video, channel=channel, **kwargs)
    )


def test_with_everyone_consenting_the_published_file_is_the_cleaned_original(
    videos: VideoWorld, run_commit_hooks: Hooks
) -> None:
    w = videos.world
    grant(w.parent.guardian, w.pupil_a, videos.website_purpose)
    video_pupils_set(actor=w.teacher, video=videos.video, pupils=[w.pupil_a])
    outcome = _publish(videos, run_commit_hooks, videos.website)
    assert outcome.status == "published"
    publication = VideoPublication.objects.get()
    assert (publication.render, publication.progress, publication.blurred) == ("ready", 100, False)
    original = stored_path(videos.video.original).read_bytes()
    assert stored_path(publication.rendition).read_bytes() == original
    evidence = VideoPublicationPupil.objects.get(publication=publication)
    assert (evidence.pupil_id, evidence.consent_status) == (w.pupil_a.pk, GRANTED)
    assert evidence.decision_ids


def test_without_full_consent_every_face_in_every_frame_is_blurred(
    videos: VideoWorld, run_commit_hooks: Hooks
) -> None:
    w = videos.world
    grant(w.parent.guardian, w.pupil_a, videos.website_purpose)
    video_pupils_set(actor=w.teacher, video=videos.video, pupils=[w.pupil_a, videos.pupil_c])
    outcome = _publish(videos, run_commit_hooks, videos.website)
    assert outcome.status == "published_blurred"
    publication = VideoPublication.objects.get()
    assert publication.render == "ready" and publication.blurred
    path = stored_path(publication.rendition)
    # The original shows both faces in every frame; the rendition none in any.
    assert faces_per_frame(stored_path(videos.video.original)) == [2] * 20
    assert faces_per_frame(path) == [0] * 20
    info = media.probe(path)
    assert media.count_frames(path) == videos.video.frame_count
    assert info.duration == pytest.approx(videos.video.duration, abs=0.05)
    assert info.audio_codec == "aac"  # the sound stays unless staff mute
    statuses = dict(
        VideoPublicationPupil.objects.filter(publication=publication).values_list(
            "pupil_id", "consent_status"
        )
    )
    assert statuses == {w.pupil_a.pk: GRANTED, videos.pupil_c.pk: "unanswered"}


def test_staff_can_mute_the_sound(videos: VideoWorld, run_commit_hooks: Hooks) -> None:
    video_pupils_set(actor=videos.world.teacher, video=videos.video, pupils=[])
    outcome = _publish(videos, run_commit_hooks, videos.website, mute=True)
    assert outcome.status == "published"
    publication = VideoPublication.objects.get()
    assert media.probe(stored_path(publication.rendition)).audio_codec == ""


def test_a_video_nobody_listed_is_only_published_blurred(
    videos: VideoWorld, run_commit_hooks: Hooks
) -> None:
    outcome = _publish(videos, run_commit_hooks, videos.website)
    assert outcome.status == "published_blurred"
    assert [p.code for p in outcome.gate.missing] == ["not_listed"]


def test_a_blocking_channel_refuses_a_video_with_a_pupil_without_consent(
    videos: VideoWorld, run_commit_hooks: Hooks
) -> None:
    w = videos.world
    grant(w.parent.guardian, w.pupil_a, videos.social_purpose)
    video_pupils_set(actor=w.teacher, video=videos.video, pupils=[w.pupil_a, videos.pupil_c])
    outcome = _publish(videos, run_commit_hooks, videos.social_media)
    assert outcome.status == "blocked"
    assert [(p.code, p.pupil_id) for p in outcome.gate.problems] == [
        ("no_consent", videos.pupil_c.pk)
    ]
    assert not VideoPublication.objects.exists()


def test_a_pupil_listed_later_without_consent_blurs_the_live_publication(
    videos: VideoWorld, run_commit_hooks: Hooks
) -> None:
    w = videos.world
    grant(w.parent.guardian, w.pupil_a, videos.website_purpose)
    video_pupils_set(actor=w.teacher, video=videos.video, pupils=[w.pupil_a])
    _publish(videos, run_commit_hooks, videos.website)
    run_commit_hooks(
        lambda: video_pupils_set(
            actor=w.teacher, video=videos.video, pupils=[w.pupil_a, videos.pupil_c]
        )
    )
    publication = VideoPublication.objects.get()
    assert (publication.version, publication.blurred, publication.render) == (2, True, "ready")
    assert faces_per_frame(stored_path(publication.rendition)) == [0] * 20


def test_the_photos_orphan_sweep_leaves_every_video_file_alone(
    videos: VideoWorld, run_commit_hooks: Hooks
) -> None:
    from datetime import timedelta

    from schoolprivacy.photos.orphans import orphans_sweep

    _publish(videos, run_commit_hooks, videos.website)
    publication = VideoPublication.objects.get()
    files = [videos.video.original, videos.video.poster, publication.rendition]
    assert orphans_sweep(older_than=timedelta(0)).deleted == 0
    assert all(stored_path(name).is_file() for name in files)
