"""Face marks refuse what is not a time span within the video and a box within the frame, a
pupil not listed, and staff who may not list the pupil (decision 0056; review)."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from schoolprivacy.videos.face_marks import video_face_marks_set
from schoolprivacy.videos.models import VideoPupil
from schoolprivacy.videos.services import video_pupils_set
from schoolprivacy.videos.tests.conftest import VideoWorld

pytestmark = pytest.mark.django_db
BOX = [0, 0, 0.5, 1]
NAN, INF = float("nan"), float("inf")


@pytest.mark.parametrize(
    "mark",
    [
        {"from": 2, "to": 1, "box": BOX},  # ends before it starts
        {"from": -1, "to": 1, "box": BOX},
        {"from": 0, "to": 10_000, "box": BOX},  # past the end of the video
        {"from": NAN, "to": 1, "box": BOX},
        {"from": 0, "to": INF, "box": BOX},
        {"from": 0, "to": 1, "box": [NAN, 0, 0.5, 1]},
        {"from": 0, "to": 1, "box": [0, 0, INF, 1]},
        {"from": 0, "to": 1, "box": [0.6, 0, 0.5, 1]},  # past the right edge
        {"from": 0, "to": 1, "box": [0, 0, 0, 1]},  # no area
        {"from": 0, "to": 1, "box": [0, 0, 0.5]},
        {"from": 0, "to": 1},
        {"from": "soon", "to": 1, "box": BOX},
    ],
)
def test_a_mark_outside_the_video_or_the_frame_is_refused(videos: VideoWorld, mark: Any) -> None:
    w = videos.world
    video_pupils_set(actor=w.teacher, video=videos.video, pupils=[w.pupil_a])
    with pytest.raises(ValidationError):
        video_face_marks_set(actor=w.teacher, video=videos.video, pupil=w.pupil_a, marks=[mark])
    assert VideoPupil.objects.get(video=videos.video, pupil=w.pupil_a).face_marks == []


def test_a_pupil_not_listed_cannot_be_marked(videos: VideoWorld) -> None:
    w = videos.world
    video_pupils_set(actor=w.teacher, video=videos.video, pupils=[w.pupil_a])
    mark = {"from": 0, "to": 1, "box": BOX}
    with pytest.raises((ValidationError, PermissionDenied, Http404)):
        video_face_marks_set(
            actor=w.teacher, video=videos.video, pupil=videos.pupil_c, marks=[mark]
        )
    assert not VideoPupil.objects.filter(video=videos.video, pupil=videos.pupil_c).exists()


def test_staff_who_may_not_see_the_pupil_mark_nothing(videos: VideoWorld) -> None:
    w = videos.world
    video_pupils_set(actor=w.teacher, video=videos.video, pupils=[w.pupil_a])
    mark = {"from": 0, "to": 1, "box": BOX}
    for persona in ("teacher_b", "other_board_staff", "privacy_officer"):
        with pytest.raises((Http404, PermissionDenied)):
            video_face_marks_set(
                actor=getattr(w, persona), video=videos.video, pupil=w.pupil_a, marks=[mark]
            )
    assert VideoPupil.objects.get(video=videos.video, pupil=w.pupil_a).face_marks == []
