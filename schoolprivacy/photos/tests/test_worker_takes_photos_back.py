"""Through real processes on a real database file, as in production: the upload's face detection
and a withdrawal's re-rendering are done by `db_worker`, not in the request.

One process uploads, tags and publishes (the detection task waits in the queue until a worker
runs it), a parent withdraws consent, and a worker run in batch mode (it stops when the queue is
empty) handles both tasks. The test measures how long the worker took after the withdrawal.
"""

import json
import subprocess
import time
from pathlib import Path

import pytest

from schoolprivacy.testing import sqlite_files

PUBLISH = """
import json
from datetime import date
from schoolprivacy.accounts.models import User
from schoolprivacy.consents.models import Method, Purpose
from schoolprivacy.consents.services import consent_decide
from schoolprivacy.people.models import GuardianRelation
from schoolprivacy.photos.models import Channel, Photo
from schoolprivacy.photos.services import event_create, photo_upload
from schoolprivacy.photos.tests import samples
from schoolprivacy.photos.selectors import upload_groups, photo_schools

teacher = User.objects.get(username="leerkracht")
school = photo_schools(teacher).first()
group = upload_groups(teacher, school).first()
image, boxes = samples.group_photo(2, size=(1000, 700), face_height=140)
event = event_create(actor=teacher, school=school, name="Schoolreis", held_on=date.today())
photo = photo_upload(actor=teacher, event=event, data=samples.jpeg_bytes(image), group=group)
print(json.dumps({"photo": photo.pk, "detection": Photo.objects.get(pk=photo.pk).detection}))
"""

TAG_AND_PUBLISH = """
import json, sys
from datetime import date
from schoolprivacy.accounts.models import User
from schoolprivacy.consents.models import Method, Purpose
from schoolprivacy.consents.services import consent_decide
from schoolprivacy.people.models import GuardianRelation
from schoolprivacy.access.pupil_search import pupils_in_group
from schoolprivacy.photos.models import Channel, Photo
from schoolprivacy.photos.services import face_tag, photo_publish

teacher = User.objects.get(username="leerkracht")
photo = Photo.objects.get(pk=PHOTO_ID)
faces = list(photo.faces.order_by("x"))
relation = next(
    r for r in GuardianRelation.objects.filter(
        pupil__in=pupils_in_group(teacher, photo.group), has_parental_authority=True,
        guardian__user__isnull=False,
    ).select_related("pupil", "guardian__user")
    if r.pupil.age_on(date.today()) < 16
)
purpose = Purpose.objects.get(board_id=photo.board_id, school__isnull=True, key="website")
consent_decide(actor=relation.guardian.user, pupil=relation.pupil, purpose=purpose,
               decision="granted", by_guardian=relation.guardian, method=Method.PORTAL)
face_tag(actor=teacher, face=faces[0], pupil=relation.pupil)
face_tag(actor=teacher, face=faces[1], not_a_pupil=True)
channel = Channel.objects.get(board_id=photo.board_id, key="website")
outcome = photo_publish(actor=teacher, photo=photo, channel=channel)
consent_decide(actor=relation.guardian.user, pupil=relation.pupil, purpose=purpose,
               decision="withdrawn", by_guardian=relation.guardian, method=Method.PORTAL)
print(json.dumps({"faces": len(faces), "status": outcome.status,
                  "publication": outcome.publication.pk}))
"""

STATE = """
import json
from schoolprivacy.photos.models import Publication, PublicationFace
p = Publication.objects.get(pk=PUBLICATION_ID)
outcomes = list(PublicationFace.objects.filter(publication=p, version=p.version)
                .order_by("face__x").values_list("outcome", flat=True))
print(json.dumps({"version": p.version, "outcomes": outcomes}))
"""


def _run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return sqlite_files.run(folder, *args, timeout=300)


def _json(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    assert result.returncode == 0, result.stderr[-2000:]
    found: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


@pytest.mark.own_sqlite_file
def test_a_worker_detects_faces_and_rerenders_after_a_withdrawal(
    demo_installation: Path, tmp_path: Path
) -> None:
    sqlite_files.copy_installation(demo_installation, tmp_path)
    uploaded = _json(_run(tmp_path, "shell", "-c", PUBLISH))
    assert uploaded["detection"] == "pending"  # queued, not done in the request
    worker = _run(tmp_path, "db_worker", "--batch", "--no-startup-delay")
    assert worker.returncode == 0, worker.stderr[-2000:]
    published = _json(
        _run(tmp_path, "shell", "-c", TAG_AND_PUBLISH.replace("PHOTO_ID", str(uploaded["photo"])))
    )
    assert published["faces"] == 2 and published["status"] == "published"
    state = STATE.replace("PUBLICATION_ID", str(published["publication"]))
    assert _json(_run(tmp_path, "shell", "-c", state)) == {
        "version": 1,
        "outcomes": ["shown", "not_a_pupil"],
    }
    started = time.monotonic()
    worker = _run(tmp_path, "db_worker", "--batch", "--no-startup-delay")
    took = time.monotonic() - started
    assert worker.returncode == 0, worker.stderr[-2000:]
    assert _json(_run(tmp_path, "shell", "-c", state)) == {
        "version": 2,
        "outcomes": ["no_consent", "not_a_pupil"],
    }
    # A whole worker process, start-up included; the figure is printed, not asserted (timing
    # belongs in benchmarks).
    print(f"worker run after the withdrawal: {took:.1f} s")
