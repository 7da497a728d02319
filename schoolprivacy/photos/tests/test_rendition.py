"""Renditions: faces in `blur` are beyond recognition, everything else is left as it was."""

import io

import numpy as np
import pytest
from PIL import Image

from schoolprivacy.photos.detection import FaceBox, detect_faces
from schoolprivacy.photos.rendition import MARGIN, blur_region, render
from schoolprivacy.photos.tests import samples


def _decode(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def _scaled(face: FaceBox, factor: float) -> FaceBox:
    return FaceBox(
        round(face.x * factor),
        round(face.y * factor),
        round(face.width * factor),
        round(face.height * factor),
        face.score,
    )


def _detail(image: Image.Image, face: FaceBox) -> float:
    """Variance of the Laplacian inside the box: the usual measure of sharp detail."""
    grey = np.asarray(image.convert("L"), dtype=np.float64)
    crop = grey[face.y : face.y + face.height, face.x : face.x + face.width]
    laplacian = (
        crop[:-2, 1:-1] + crop[2:, 1:-1] + crop[1:-1, :-2] + crop[1:-1, 2:] - 4 * crop[1:-1, 1:-1]
    )
    return float(laplacian.var())


@pytest.fixture(scope="module")
def group():
    # 2400x1800 rendered at 1600: the rendition is also downscaled.
    photo, expected = samples.group_photo(4, size=(2400, 1800), face_height=220)
    faces = detect_faces(photo)
    found = [max(faces, key=lambda box: samples.iou(face, box)) for face in expected]
    assert all(samples.iou(face, box) > 0.3 for face, box in zip(expected, found, strict=True))
    hidden, shown = found[:2], found[2:]
    plain = _decode(render(photo, blur=[], max_side=1600))
    blurred = _decode(render(photo, blur=hidden, max_side=1600))
    return {"photo": photo, "hidden": hidden, "shown": shown, "plain": plain, "blurred": blurred}


def test_a_blurred_face_loses_its_detail(group):
    factor = group["blurred"].width / group["photo"].width
    for face in group["hidden"]:
        box = _scaled(face, factor)
        before, after = _detail(group["plain"], box), _detail(group["blurred"], box)
        assert before > 20  # there was detail to lose
        assert after < 0.1 * before


def test_the_detector_no_longer_finds_a_blurred_face(group):
    factor = group["blurred"].width / group["photo"].width
    # Not at the threshold we use, and not at half of it either.
    for threshold in (None, 0.1):
        options = {} if threshold is None else {"threshold": threshold}
        found = detect_faces(group["blurred"], **options)
        for face in group["hidden"]:
            assert not any(samples.iou(_scaled(face, factor), box) > 0.05 for box in found)
        assert len(found) == len(group["shown"])


def test_the_other_faces_keep_their_detail_and_are_still_found(group):
    factor = group["blurred"].width / group["photo"].width
    found = detect_faces(group["blurred"])
    for face in group["shown"]:
        box = _scaled(face, factor)
        before, after = _detail(group["plain"], box), _detail(group["blurred"], box)
        assert after == pytest.approx(before, rel=0.03)
        assert any(samples.iou(box, other) > 0.5 for other in found)


def test_nothing_outside_the_blurred_regions_changes(group):
    factor = group["blurred"].width / group["photo"].width
    plain = np.asarray(group["plain"], dtype=np.int16)
    blurred = np.asarray(group["blurred"], dtype=np.int16)
    outside = np.ones(plain.shape[:2], dtype=bool)
    for face in group["hidden"]:
        # The region with its margin, plus 24 px: a 16 px JPEG block and the resampling kernel
        # at its edge.
        box = _scaled(face, factor)
        pad_x, pad_y = round(box.width * MARGIN) + 24, round(box.height * MARGIN) + 24
        outside[
            max(0, box.y - pad_y) : box.y + box.height + pad_y,
            max(0, box.x - pad_x) : box.x + box.width + pad_x,
        ] = False
    difference = np.abs(plain - blurred)[outside]
    assert difference.max() <= 2
    assert (difference == 0).mean() > 0.99


def test_the_rendition_is_a_small_jpeg_without_metadata():
    image = samples.astronaut().convert("RGBA")
    image.info["exif"] = samples.camera_exif(1).tobytes()
    image.info["icc_profile"] = samples.icc_profile()
    image.info["comment"] = samples.COMMENT_MARKER

    content = render(image, blur=[], max_side=300, quality=80)

    output = _decode(content)
    assert output.format == "JPEG" and output.mode == "RGB"
    assert max(output.size) == 300
    assert dict(output.getexif()) == {}
    for key in ("exif", "icc_profile", "comment", "xmp"):
        assert key not in output.info
    for secret in samples.SECRETS:
        assert secret not in content


def test_a_small_image_is_not_upscaled():
    assert _decode(render(samples.astronaut(), blur=[])).size == (512, 512)


def test_transparency_is_flattened_onto_white():
    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    assert np.asarray(_decode(render(image, blur=[]))).min() >= 250


def test_blur_region_works_in_place_and_clamps_at_the_edges():
    image = samples.astronaut()
    before = np.asarray(image).copy()
    edge = FaceBox(x=480, y=-10, width=100, height=60, score=1.0)

    returned = blur_region(image, edge)

    assert returned is image
    after = np.asarray(image)
    assert image.size == (512, 512)
    assert not np.array_equal(before[:70, 460:], after[:70, 460:])
    assert np.array_equal(before[100:, :], after[100:, :])
