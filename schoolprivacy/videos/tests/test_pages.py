"""The staff pages and the parent's view: the whole flow on pages, and 404 for everyone who may
not see the video (never a 403 that confirms it exists)."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from schoolprivacy.accounts.models import User
from schoolprivacy.photos.tests.conftest import grant
from schoolprivacy.videos.models import Video, VideoPublication
from schoolprivacy.videos.services import video_publish, video_pupils_set
from schoolprivacy.videos.tests.conftest import VideoWorld

pytestmark = pytest.mark.django_db
Hooks = Callable[[Callable[[], Any]], Any]
OUTSIDERS = ["teacher_b", "other_board_staff", "administration", "privacy_officer"]


def test_a_teacher_uploads_lists_and_publishes_on_the_pages(
    videos: VideoWorld,
    staff_client: Callable[[User], Client],
    sample_video: Path,
    run_commit_hooks: Hooks,
) -> None:
    w = videos.world
    client = staff_client(w.teacher)
    assert client.get("/videos/uploaden/").status_code == 200
    upload = SimpleUploadedFile("musical.mov", sample_video.read_bytes(), "video/quicktime")
    response = run_commit_hooks(
        lambda: client.post(
            "/videos/uploaden/",
            {
                "file": upload,
                "school": w.school_a.pk,
                "event_name": "Musical",
                "event_date": "2026-03-01",
            },
            headers={"Accept": "application/json"},
        )
    )
    assert response.status_code == 200, response.content
    video = Video.objects.get(event__name="Musical")
    assert response.json() == {"url": f"/videos/{video.pk}/"}
    page = client.get(f"/videos/{video.pk}/")
    assert page.status_code == 200 and b"Daan" in page.content  # a pupil of the teacher's group

    grant(w.parent.guardian, w.pupil_a, videos.website_purpose)
    client.post(f"/videos/{video.pk}/leerlingen/", {"pupils": [w.pupil_a.pk]})
    assert list(video.appearances.values_list("pupil_id", flat=True)) == [w.pupil_a.pk]
    run_commit_hooks(
        lambda: client.post(f"/videos/{video.pk}/publiceren/", {"channel": videos.website.pk})
    )
    publication = VideoPublication.objects.get(video=video)
    assert (publication.blurred, publication.render) == (False, "ready")


def test_a_refused_file_is_answered_with_the_reason_as_json(
    videos: VideoWorld, staff_client: Callable[[User], Client]
) -> None:
    w = videos.world
    response = staff_client(w.teacher).post(
        "/videos/uploaden/",
        {
            "file": SimpleUploadedFile("x.mp4", b"not a video", "video/mp4"),
            "school": w.school_a.pk,
            "event_name": "Musical",
            "event_date": "2026-03-01",
        },
        headers={"Accept": "application/json", "Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert response.json() == {"errors": ["This file is not an MP4, MOV or WebM video."]}
    assert Video.objects.count() == 1


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_404_on_every_video_page(
    videos: VideoWorld, staff_client: Callable[[User], Client], persona: str
) -> None:
    w = videos.world
    client = staff_client(getattr(w, persona))
    pk = videos.video.pk
    for url in [f"/videos/{pk}/", f"/videos/{pk}/bestand/", f"/videos/{pk}/poster.jpg"]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/videos/{pk}/leerlingen/", {"pupils": []}).status_code == 404
    assert client.post(f"/videos/{pk}/publiceren/", {"channel": 1}).status_code == 404
    assert not VideoPublication.objects.exists()


def test_the_parent_sees_the_video_their_child_is_listed_in_and_nobody_elses_poster(
    videos: VideoWorld,
    parent_client: Callable[[User], Client],
    run_commit_hooks: Hooks,
) -> None:
    w = videos.world
    video_pupils_set(actor=w.teacher, video=videos.video, pupils=[w.pupil_a])
    run_commit_hooks(
        lambda: video_publish(actor=w.teacher, video=videos.video, channel=videos.website)
    )
    client = parent_client(w.parent)
    page = client.get(f"/ouders/kinderen/{w.pupil_a.pk}/", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert b"Video of Sportdag" in page.content
    assert b"with every face blurred" in page.content  # no consent given: published blurred
    poster = f"/ouders/kinderen/{w.pupil_a.pk}/videos/{videos.video.pk}.jpg"
    assert client.get(poster).status_code == 200
    other = parent_client(w.parent_b)
    assert other.get(poster).status_code == 404
    assert (
        other.get(f"/ouders/kinderen/{w.pupil_b.pk}/videos/{videos.video.pk}.jpg").status_code
        == 404
    )


def test_a_teacher_neither_sees_nor_removes_a_pupil_outside_their_groups(
    videos: VideoWorld, staff_client: Callable[[User], Client]
) -> None:
    w = videos.world
    video_pupils_set(actor=w.director, video=videos.video, pupils=[w.pupil_a2])
    client = staff_client(w.teacher)
    page = client.get(f"/videos/{videos.video.pk}/", headers={"Accept-Language": "en"})
    assert w.pupil_a2.surname.encode() not in page.content
    assert b"1 pupil outside your groups" in page.content
    client.post(f"/videos/{videos.video.pk}/leerlingen/", {"pupils": [w.pupil_a.pk]})
    listed = set(videos.video.appearances.values_list("pupil_id", flat=True))
    assert listed == {w.pupil_a.pk, w.pupil_a2.pk}


def test_the_director_sees_the_takedowns_and_marks_them_done(
    videos: VideoWorld, staff_client: Callable[[User], Client], run_commit_hooks: Hooks
) -> None:
    from schoolprivacy.consents.outbox import handle_pending

    w = videos.world
    grant(w.parent.guardian, w.pupil_a, videos.social_purpose)
    video_pupils_set(actor=w.teacher, video=videos.video, pupils=[w.pupil_a])
    run_commit_hooks(
        lambda: video_publish(actor=w.teacher, video=videos.video, channel=videos.social_media)
    )
    grant(w.parent.guardian, w.pupil_a, videos.social_purpose, decision="withdrawn")
    run_commit_hooks(handle_pending)
    assert staff_client(w.teacher).get("/videos/terughalen/").status_code == 404
    director = staff_client(w.director)
    page = director.get("/videos/terughalen/", headers={"Accept-Language": "en"})
    assert b'Video %d of "Sportdag"' % videos.video.pk in page.content
    from schoolprivacy.videos.models import VideoTakedown

    takedown = VideoTakedown.objects.get()
    assert staff_client(w.teacher).post(f"/videos/terughalen/{takedown.pk}/").status_code == 404
    director.post(f"/videos/terughalen/{takedown.pk}/")
    takedown.refresh_from_db()
    assert takedown.done_at is not None and takedown.done_by == w.director
