"""The demo opens with a photo to try the library on: faces found, two tagged, and the gate
working against the demo families' consent."""

from schoolprivacy.accounts.models import User
from schoolprivacy.photos.models import Channel, Photo
from schoolprivacy.photos.services import photo_publish
from schoolprivacy.schools.models import Board


def test_the_demo_teacher_has_a_tagged_photo_that_the_gate_checks(demo: Board) -> None:
    photo = Photo.objects.get(board=demo)
    assert photo.detection == "done"
    assert photo.faces.count() == 4
    assert photo.faces.filter(pupil__isnull=False).count() == 2
    teacher = User.objects.get(username="leerkracht")
    website = Channel.objects.get(board=demo, key="website")
    outcome = photo_publish(actor=teacher, photo=photo, channel=website)
    # Untagged faces are unknown, so at least those two are blurred.
    assert outcome.status == "published_blurred" and len(outcome.gate.blurred) >= 2
