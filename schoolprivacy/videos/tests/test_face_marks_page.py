"""Staff mark where a listed pupil's face is, for the pupil's own copy of their data (decision
0056); everyone who may not see the video or the pupil gets 404."""

from collections.abc import Callable

import pytest
from django.test import Client

from schoolprivacy.accounts.models import User
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.videos.models import VideoPupil
from schoolprivacy.videos.services import video_pupils_set
from schoolprivacy.videos.tests.conftest import VideoWorld

pytestmark = pytest.mark.django_db
OUTSIDERS = ["teacher_b", "other_board_staff", "administration", "privacy_officer"]
MARK = {"start": "0", "end": "2", "left": "0", "top": "0", "width": "50", "height": "100"}


def _post(client: Client, v: VideoWorld, data: dict[str, str]) -> int:
    prefixed = {f"mark-{v.world.pupil_a.pk}-{k}": value for k, value in data.items()}
    prefixed["pupil"] = str(v.world.pupil_a.pk)
    return client.post(f"/videos/{v.video.pk}/gezichten/", prefixed).status_code


def test_a_teacher_marks_and_removes_where_the_childs_face_is(
    videos: VideoWorld, staff_client: Callable[[User], Client]
) -> None:
    w = videos.world
    video_pupils_set(actor=w.teacher, video=videos.video, pupils=[w.pupil_a])
    client = staff_client(w.teacher)
    page = client.get(f"/videos/{videos.video.pk}/").content.decode()
    assert f'name="mark-{w.pupil_a.pk}-left"' in page
    assert _post(client, videos, MARK) == 302
    row = VideoPupil.objects.get(video=videos.video, pupil=w.pupil_a)
    assert row.face_marks == [{"from": 0.0, "to": 2.0, "box": [0.0, 0.0, 0.5, 1.0]}]
    assert AuditEvent.objects.filter(action="videos.face_marks.set").count() == 1
    assert _post(client, videos, {**MARK, "left": "70"}) == 302  # past the right edge: refused
    row.refresh_from_db()
    assert len(row.face_marks) == 1
    url = f"/videos/{videos.video.pk}/gezichten/"
    assert client.post(url, {"clear": "1", "pupil": str(w.pupil_a.pk)}).status_code == 302
    row.refresh_from_db()
    assert row.face_marks == []


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_who_may_not_see_the_video_gets_404_and_marks_nothing(
    videos: VideoWorld, staff_client: Callable[[User], Client], persona: str
) -> None:
    w = videos.world
    video_pupils_set(actor=w.teacher, video=videos.video, pupils=[w.pupil_a])
    assert _post(staff_client(getattr(w, persona)), videos, MARK) == 404
    assert VideoPupil.objects.get(video=videos.video, pupil=w.pupil_a).face_marks == []


def test_a_pupil_not_listed_gets_404(
    videos: VideoWorld, staff_client: Callable[[User], Client]
) -> None:
    assert _post(staff_client(videos.world.teacher), videos, MARK) == 404
