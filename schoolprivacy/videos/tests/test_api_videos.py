"""The video API: upload, who appears, publication through the gate; outsiders get 404 on every
endpoint, callers without a token 401."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from schoolprivacy.photos.tests.api_helpers import api_client, post_json
from schoolprivacy.photos.tests.conftest import grant
from schoolprivacy.videos.models import Video, VideoPublication
from schoolprivacy.videos.tests.conftest import VideoWorld

pytestmark = pytest.mark.django_db
OUTSIDERS = ["teacher_b", "other_board_staff", "administration", "privacy_officer"]
Hooks = Callable[[Callable[[], Any]], Any]


def test_upload_list_and_publish_over_the_api(
    videos: VideoWorld, sample_video: Path, run_commit_hooks: Hooks
) -> None:
    w = videos.world
    api = api_client(w.teacher)
    upload = SimpleUploadedFile("sportdag.mov", sample_video.read_bytes(), "video/quicktime")
    response = run_commit_hooks(
        lambda: api.post(
            "/api/v1/videos",
            {
                "file": upload,
                "school": w.school_a.pk,
                "event_name": "Musical",
                "event_date": "2026-03-01",
            },
        )
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["duration"] == pytest.approx(2.0, abs=0.05) and body["pupils"] == []
    video_id = body["id"]
    got = api.get(f"/api/v1/videos/{video_id}").json()
    assert got["status"] == "ready" and [s["faces"] for s in got["face_counts"]] == [2, 2]

    grant(w.parent.guardian, w.pupil_a, videos.website_purpose)
    listed = post_json(api, f"/api/v1/videos/{video_id}/pupils", {"pupils": [w.pupil_a.pk]})
    assert listed.status_code == 200 and listed.json()["pupils"] == [w.pupil_a.pk]
    published = run_commit_hooks(
        lambda: post_json(api, f"/api/v1/videos/{video_id}/publications", {"channel": "website"})
    )
    assert published.status_code == 201, published.content
    result = published.json()
    assert result["status"] == "published"
    file = api.get(result["publication"]["file"])
    assert file.status_code == 200 and file["Content-Type"] == "video/mp4"
    assert Client().get(result["publication"]["url"]).status_code == 200


def test_a_blocking_channel_answers_409_with_the_reasons(videos: VideoWorld) -> None:
    w = videos.world
    api = api_client(w.teacher)
    post_json(api, f"/api/v1/videos/{videos.video.pk}/pupils", {"pupils": [w.pupil_a.pk]})
    response = post_json(
        api,
        f"/api/v1/videos/{videos.video.pk}/publications",
        {"channel": "social_media"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 409
    assert response.json()["reasons"] == [
        {
            "code": "no_consent",
            "message": "A pupil in this video has no consent for this channel.",
            "pupil": w.pupil_a.pk,
            "consent_status": "unanswered",
        }
    ]
    assert not VideoPublication.objects.exists()


def test_a_blurring_channel_answers_published_blurred(
    videos: VideoWorld, run_commit_hooks: Hooks
) -> None:
    api = api_client(videos.world.teacher)
    response = run_commit_hooks(
        lambda: post_json(
            api, f"/api/v1/videos/{videos.video.pk}/publications", {"channel": "website"}
        )
    )
    assert response.status_code == 201
    assert response.json()["status"] == "published_blurred"


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_404_on_every_video_endpoint(
    videos: VideoWorld, persona: str, run_commit_hooks: Hooks, sample_video: Path
) -> None:
    w = videos.world
    video_id = videos.video.pk
    publication = run_commit_hooks(
        lambda: post_json(
            api_client(w.teacher), f"/api/v1/videos/{video_id}/publications", {"channel": "website"}
        )
    ).json()["publication"]
    api = api_client(getattr(w, persona))
    assert api.get(f"/api/v1/videos/{video_id}").status_code == 404
    assert post_json(api, f"/api/v1/videos/{video_id}/pupils", {"pupils": []}).status_code == 404
    assert (
        post_json(
            api, f"/api/v1/videos/{video_id}/publications", {"channel": "website"}
        ).status_code
        == 404
    )
    assert api.get(publication["file"]).status_code == 404
    upload = SimpleUploadedFile("a.mov", sample_video.read_bytes(), "video/quicktime")
    answer = api.post(
        "/api/v1/videos",
        {"file": upload, "school": w.school_a.pk, "event_name": "X", "event_date": "2026-03-01"},
    )
    assert answer.status_code == 404
    assert Video.objects.count() == 1


def test_a_teacher_cannot_list_a_pupil_they_may_not_see(videos: VideoWorld) -> None:
    w = videos.world
    api = api_client(w.teacher)
    response = post_json(
        api, f"/api/v1/videos/{videos.video.pk}/pupils", {"pupils": [w.pupil_b.pk]}
    )
    assert response.status_code == 404
    assert not videos.video.appearances.exists()


def test_without_a_token_every_endpoint_answers_401(videos: VideoWorld) -> None:
    client = Client()
    video_id = videos.video.pk
    assert client.get(f"/api/v1/videos/{video_id}").status_code == 401
    assert client.post("/api/v1/videos", {}).status_code == 401
    assert post_json(client, f"/api/v1/videos/{video_id}/pupils", {"pupils": []}).status_code == 401
    assert (
        post_json(
            client, f"/api/v1/videos/{video_id}/publications", {"channel": "website"}
        ).status_code
        == 401
    )
