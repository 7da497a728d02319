"""A demo video, so the video library can be tried at once: two seconds of the fictitious
"sports day" (copies of one public-domain astronaut portrait, no child is in it) uploaded by the
demo teacher, processed, with the parent persona's child listed as appearing.

Consent is left as the demo families have it: publishing it on the website gives a version with
every face blurred unless the parent consented, and the social media channel refuses it.
"""

import tempfile
from datetime import date
from pathlib import Path

from schoolprivacy.accounts.models import User
from schoolprivacy.demo.video_samples import make_video
from schoolprivacy.people.models import Pupil
from schoolprivacy.photos.models import PhotoEvent
from schoolprivacy.photos.services import event_create
from schoolprivacy.schools.models import Board, Group
from schoolprivacy.videos.selectors import video_schools
from schoolprivacy.videos.services import video_process, video_pupils_set, video_upload


def write_demo_video(
    *, board: Board, teacher_username: str, group_name: str, today: date, pupil_id: int
) -> int:
    """Upload, process and list the demo video; returns the most faces in one sampled frame."""
    teacher = User.objects.get(username=teacher_username, staff__board=board)
    group = Group.objects.get(board=board, name=group_name)
    if not video_schools(teacher).filter(pk=group.school_id).exists():
        return 0
    event = PhotoEvent.objects.filter(school=group.school, name="Sportdag").first()
    if event is None:
        event = event_create(
            actor=teacher, school=group.school, name="Sportdag", held_on=today, channel="command"
        )
    with tempfile.TemporaryDirectory(prefix="demo-video-") as folder:
        source = make_video(Path(folder) / "sportdag.mp4", seconds=2, size=(480, 320), faces=3)
        video = video_upload(actor=teacher, event=event, source=source, channel="command")
    # Now rather than through the worker, so the demo opens with the video processed.
    found = video_process(video_id=video.pk)
    pupils = list(Pupil.objects.filter(pk=pupil_id, school_id=group.school_id))
    video_pupils_set(actor=teacher, video=video, pupils=pupils, channel="command")
    return found
