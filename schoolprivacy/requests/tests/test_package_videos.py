"""The package holds a copy of every video the child appears in, with every face blurred except
the child's own (decision 0056). Blurred is measured as the video tests do: the detector, at full
size, on every frame of the copy. The copy is made by the worker that builds a download link's
package; the link shows progress until then, and a video that cannot be made is listed with
its reason while the package is still built."""

# The video tests' fixtures are imported by name, so test parameters repeat their names.
# ruff: noqa: F811

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.utils import translation

from schoolprivacy.accounts.models import User
from schoolprivacy.photos.detection import FaceBox
from schoolprivacy.requests import package as packages
from schoolprivacy.requests.building import storage as package_storage
from schoolprivacy.requests.links import package_link_create, package_link_find
from schoolprivacy.requests.models import PackageBuild, PackageLink, Request
from schoolprivacy.requests.services import request_submit
from schoolprivacy.testing import factories
from schoolprivacy.videos import media, render
from schoolprivacy.videos.copies import faces_to_hide
from schoolprivacy.videos.face_marks import video_face_marks_set
from schoolprivacy.videos.services import video_pupils_set
from schoolprivacy.videos.tests.conftest import (  # noqa: F401  (fixtures)
    VideoWorld,
    photo_storage,
    sample_video,
    videos,
)
from schoolprivacy.videos.tests.helpers import stored_path

LEFT_HALF = [{"from": 0, "to": 2, "box": [0, 0, 0.5, 1]}]


def _faces(path: Path) -> list[list[FaceBox]]:
    return [render.detect(frame, max_side=4096) for frame in media.frames(path)]


def _centre_x(face: FaceBox) -> float:
    return face.x + face.width / 2


def _download(signed: str) -> zipfile.ZipFile:
    response = Client().get(f"/verzoeken/download/{signed}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]


def _request(v: VideoWorld) -> Request:
    return request_submit(actor=v.world.parent, pupil=v.world.pupil_a, kind="access")


def _listed_and_marked(v: VideoWorld) -> None:
    w = v.world
    video_pupils_set(actor=w.teacher, video=v.video, pupils=[w.pupil_a, v.pupil_c])
    video_face_marks_set(actor=w.teacher, video=v.video, pupil=w.pupil_a, marks=LEFT_HALF)


def test_the_copy_shows_the_childs_face_and_blurs_every_other_face(
    videos: VideoWorld, tmp_path: Path
) -> None:
    _listed_and_marked(videos)
    width = videos.video.width
    # The original: two faces in every frame, one on each half (the child on the left).
    original = _faces(stored_path(videos.video.original))
    assert [len(found) for found in original] == [2] * 20
    assert all(
        sorted(_centre_x(f) < width / 2 for f in found) == [False, True] for found in original
    )

    signed = package_link_create(request=_request(videos), actor=videos.world.privacy_officer)
    archive = _download(signed)
    name = f"videos/video-{videos.video.pk}.mp4"
    assert name in archive.namelist()
    listed = json.loads(archive.read(next(n for n in archive.namelist() if n.endswith(".json"))))
    assert [f["name"] for f in listed["files"]] == [name] and listed["missing"] == []
    assert "Sportdag" in listed["files"][0]["description"]

    copy = tmp_path / "copy.mp4"
    copy.write_bytes(archive.read(name))
    found = _faces(copy)
    assert len(found) == videos.video.frame_count
    # Every frame: exactly one face is left, the child's (left half); the classmate's is gone.
    assert all(len(faces) == 1 and _centre_x(faces[0]) < width / 2 for faces in found)
    assert not media.probe(copy).audio_codec  # spoken names cannot be blurred


def test_the_zip_is_removed_after_the_download_and_the_link_is_used(videos: VideoWorld) -> None:
    _listed_and_marked(videos)
    signed = package_link_create(request=_request(videos), actor=videos.world.privacy_officer)
    link = PackageLink.objects.get()
    assert link.build == PackageBuild.READY and package_storage().exists(link.archive)
    _download(signed)
    assert not package_storage().exists(link.archive)
    assert Client().get(f"/verzoeken/download/{signed}/").status_code == 404


def test_without_marks_every_face_is_blurred_and_the_package_says_why(
    videos: VideoWorld, tmp_path: Path
) -> None:
    w = videos.world
    video_pupils_set(actor=w.teacher, video=videos.video, pupils=[w.pupil_a, videos.pupil_c])
    request = _request(videos)
    with translation.override("en"):
        request.language = "en"
        request.save(update_fields=["language"])
        signed = package_link_create(request=request, actor=w.privacy_officer)
    archive = _download(signed)
    listed = json.loads(archive.read(next(n for n in archive.namelist() if n.endswith(".json"))))
    assert "the school did not mark where the child is" in listed["files"][0]["description"]
    copy = tmp_path / "copy.mp4"
    copy.write_bytes(archive.read(f"videos/video-{videos.video.pk}.mp4"))
    assert [len(faces) for faces in _faces(copy)] == [0] * 20


def test_a_pupil_who_does_not_appear_gets_no_copy(videos: VideoWorld) -> None:
    w = videos.world
    video_pupils_set(actor=w.teacher, video=videos.video, pupils=[videos.pupil_c])
    built = packages.build(_request(videos))
    assert [f.name for f in built.files if f.name.startswith("videos/")] == []
    assert built.writers == {}
    # The pupil who does appear does get one (the same video, the same code).
    factories.make_parent(pupil=videos.pupil_c, email="ouder.c@example.nl")
    other = request_submit(
        actor=factories.make_parent(pupil=videos.pupil_c, email="c2@example.nl").user,  # type: ignore[arg-type]
        pupil=videos.pupil_c,
        kind="access",
    )
    assert [f.name for f in packages.build(other).files] == [f"videos/video-{videos.video.pk}.mp4"]


@pytest.mark.parametrize("damage", ["missing", "damaged"])
def test_a_video_that_cannot_be_made_is_listed_with_its_reason_and_the_package_builds(
    videos: VideoWorld, damage: str
) -> None:
    _listed_and_marked(videos)
    path = stored_path(videos.video.original)
    if damage == "missing":
        path.unlink()
    else:
        path.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x17" * 4000)
    request = _request(videos)
    request.language = "en"
    request.save(update_fields=["language"])
    signed = package_link_create(request=request, actor=videos.world.privacy_officer)
    archive = _download(signed)
    name = f"videos/video-{videos.video.pk}.mp4"
    assert name not in archive.namelist()
    listed = json.loads(archive.read(f"data-{request.pk}.json"))
    assert listed["files"] == []
    [missing] = listed["missing"]
    assert missing["name"] == name and "Sportdag" in missing["description"]
    assert ("missing" if damage == "missing" else "damaged") in missing["reason"]
    assert archive.read(f"data-{request.pk}.pdf").startswith(b"%PDF")


def test_the_link_shows_progress_until_the_package_is_built(videos: VideoWorld) -> None:
    _listed_and_marked(videos)
    signed = package_link_create(request=_request(videos), actor=videos.world.privacy_officer)
    PackageLink.objects.update(build=PackageBuild.BUILDING, progress=40)
    for language in ("en", "nl"):
        with translation.override(language):
            page = Client().get(f"/verzoeken/download/{signed}/", HTTP_ACCEPT_LANGUAGE=language)
        assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
        html = page.content.decode()
        assert f'<html lang="{language}">' in html
        assert 'id="package-progress" max="100" value="40"' in html
        if language == "en":
            assert "40% done" in html and "except your child's is blurred" in html
    assert package_link_find(signed).used_at is None  # looking does not use the link


def test_who_may_not_see_the_request_gets_404_for_its_download(
    videos: VideoWorld, parent_client: object
) -> None:
    _listed_and_marked(videos)
    w = videos.world
    request = _request(videos)
    url = f"/ouders/verzoeken/{request.pk}/download/"
    for persona in (w.parent_b, w.parent_without_authority):
        client = parent_client(persona)  # type: ignore[operator]
        assert client.post(url).status_code == 404
    assert not PackageLink.objects.exists()
    # A link whose requester lost authority after it was made opens nothing, built or not.
    signed = package_link_create(request=request, actor=w.privacy_officer)
    w.parent.guardian.relations.update(has_parental_authority=False)
    assert Client().get(f"/verzoeken/download/{signed}/").status_code == 404
    assert Client().get(f"/verzoeken/download/{signed}x/").status_code == 404


def test_only_staff_who_may_list_the_pupil_mark_their_face(videos: VideoWorld) -> None:
    w = videos.world
    video_pupils_set(actor=w.teacher, video=videos.video, pupils=[w.pupil_a])
    with pytest.raises(Http404):  # another school's teacher does not see the video
        video_face_marks_set(actor=w.teacher_b, video=videos.video, pupil=w.pupil_a, marks=[])
    with pytest.raises(ValidationError):  # only a listed pupil
        video_face_marks_set(
            actor=w.teacher, video=videos.video, pupil=videos.pupil_c, marks=LEFT_HALF
        )
    with pytest.raises(ValidationError):  # inside the frame
        video_face_marks_set(
            actor=w.teacher,
            video=videos.video,
            pupil=w.pupil_a,
            marks=[{"from": 0, "to": 1, "box": [0.6, 0, 0.5, 1]}],
        )


def test_a_face_the_marks_do_not_attribute_to_the_child_alone_is_blurred() -> None:
    mark = (0.0, 5.0, (0.0, 0.0, 100.0, 100.0))
    one, two = FaceBox(10, 10, 20, 20, 0.9), FaceBox(60, 60, 20, 20, 0.9)
    hide = faces_to_hide(own=[mark], others=[], rate=10)
    assert hide(0, [one]) == []  # the child's, alone in the mark
    assert hide(0, [one, two]) == [one, two]  # two faces in the mark: neither is attributed
    assert hide(60, [one]) == [one]  # after the mark's end
    also_theirs = faces_to_hide(own=[mark], others=[(0.0, 5.0, (0.0, 0.0, 50.0, 50.0))], rate=10)
    assert also_theirs(0, [one]) == [one]  # inside another pupil's mark too


def test_the_request_page_shows_how_far_the_package_is(
    videos: VideoWorld, staff_client: Callable[[User], Client]
) -> None:
    w = videos.world
    request = _request(videos)
    package_link_create(request=request, actor=w.privacy_officer)
    PackageLink.objects.update(build=PackageBuild.BUILDING, progress=55)
    with translation.override("en"):
        page = staff_client(w.privacy_officer).get(
            f"/verzoeken/{request.pk}/", HTTP_ACCEPT_LANGUAGE="en"
        )
    html = page.content.decode()
    assert 'data-package-build="building"' in html and "55% done." in html
