"""Video objects of school B for the route tests that check every page and API operation
(web/tests/test_every_object_route_hides_other_boards.py): a processed video with pupil B listed,
a live publication whose file is made, and an open takedown."""

from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from schoolprivacy.demo.video_samples import make_video
from schoolprivacy.photos.models import Channel
from schoolprivacy.photos.services import event_create
from schoolprivacy.videos.models import VideoTakedown
from schoolprivacy.videos.rendering import publication_render_run
from schoolprivacy.videos.services import (
    video_process,
    video_publish,
    video_pupils_set,
    video_upload,
)

VIDEO_PARAMS = {"video_id", "video_publication_id", "video_takedown_id"}


def video_objects(world: Any) -> dict[str, Any]:
    event = event_create(
        actor=world.teacher_b, school=world.school_b, name="Musical", held_on=date(2026, 9, 30)
    )
    with TemporaryDirectory() as folder:
        source = make_video(Path(folder) / "musical.mp4", seconds=1, size=(160, 120))
        video = video_upload(actor=world.teacher_b, event=event, source=source)
    video_process(video_id=video.pk)
    video_pupils_set(actor=world.teacher_b, video=video, pupils=[world.pupil_b])
    channel = Channel.objects.get(board=world.board, key="website")
    publication = video_publish(actor=world.teacher_b, video=video, channel=channel).publication
    assert publication is not None
    publication_render_run(publication_id=publication.pk, version=publication.version)
    takedown = VideoTakedown.objects.create(
        board_id=world.board.pk,
        school=world.school_b,
        publication=publication,
        change="reblurred",
        cause="consent",
    )
    return {
        "video_id": video.pk,
        "video_publication_id": publication.pk,
        "video_takedown_id": takedown.pk,
    }
