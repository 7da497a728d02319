"""The demo opens with a short video to try the video library on: processed, the parent persona's
child listed, and the gate deciding on that child's consent."""

from schoolprivacy.demo.personas import PARENT_EMAIL
from schoolprivacy.people.models import GuardianRelation
from schoolprivacy.photos.models import Channel
from schoolprivacy.schools.models import Board
from schoolprivacy.videos.gate import evaluate
from schoolprivacy.videos.models import Video


def test_the_demo_teacher_has_a_processed_video_with_the_persona_child_listed(
    demo: Board,
) -> None:
    video = Video.objects.get(board=demo)
    assert video.processing == "ready" and video.poster
    assert video.most_faces == 3
    child = GuardianRelation.objects.get(guardian__board=demo, guardian__email=PARENT_EMAIL)
    assert list(video.appearances.values_list("pupil_id", flat=True)) == [child.pupil_id]
    gate = evaluate(video, Channel.objects.get(board=demo, key="website"))
    assert [v.pupil_id for v in gate.verdicts] == [child.pupil_id]
    assert gate.blur == (not gate.verdicts[0].granted)
