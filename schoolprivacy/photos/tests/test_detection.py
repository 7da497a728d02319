"""Face detection: the faces are found where they are, small ones included, and nothing else."""

import threading

import numpy as np
from PIL import Image
from skimage import data

from schoolprivacy.photos.detection import FaceBox, detect_faces, raw_detect
from schoolprivacy.photos.tests import samples


def _matched(expected: list[FaceBox], found: list[FaceBox]) -> list[FaceBox]:
    return [face for face in expected if any(samples.iou(face, box) > 0.3 for box in found)]


def test_it_finds_the_astronauts_face():
    faces = detect_faces(samples.astronaut())

    assert len(faces) == 1
    x1, y1, x2, y2 = samples.ASTRONAUT_FACE
    assert samples.iou(faces[0], FaceBox(x1, y1, x2 - x1, y2 - y1, 1.0)) > 0.7
    assert faces[0].score > 0.8


def test_it_finds_every_face_of_a_group_photo():
    photo, expected = samples.group_photo(6, size=(1600, 1200), face_height=140)

    faces = detect_faces(photo)

    assert _matched(expected, faces) == expected
    assert len(faces) == len(expected)


def test_it_finds_small_faces_in_a_12_megapixel_photo():
    # A class photo from the back of the room: faces of 30 to 60 pixels in 4000x3000. The
    # detector sees a 2048-pixel copy, where the smallest are 15 pixels high.
    heights = [30, 36, 44, 60]
    photo, expected = samples.group_photo(12, size=(4000, 3000), face_height=heights)

    faces = detect_faces(photo)

    assert _matched(expected, faces) == expected
    assert len(faces) == len(expected)
    # Boxes are in the full image's pixels, not the downscaled copy's.
    largest = max(expected, key=lambda face: face.height)
    match = max(faces, key=lambda box: samples.iou(largest, box))
    assert abs(match.height - largest.height) < 0.3 * largest.height


def test_boxes_are_clamped_to_the_image():
    # Half a face at the left edge.
    image = samples.astronaut().crop((220, 0, 512, 512))
    faces = detect_faces(image)
    assert faces
    for face in faces:
        assert face.x >= 0 and face.y >= 0
        assert face.x + face.width <= image.width and face.y + face.height <= image.height


def test_it_finds_nothing_in_photos_without_people():
    for image in (data.coffee(), data.rocket()):
        assert detect_faces(Image.fromarray(image)) == []


def test_it_handles_greyscale_and_transparent_images():
    assert len(detect_faces(samples.astronaut().convert("L"))) == 1
    rgba = samples.astronaut().convert("RGBA")
    assert len(detect_faces(rgba)) == 1


def test_raw_detect_runs_the_bare_detector_at_full_size():
    photo, expected = samples.group_photo(4, size=(1200, 900), face_height=120)

    faces = raw_detect(np.asarray(photo))

    assert _matched(expected, faces) == expected


def test_it_is_safe_to_call_from_several_threads():
    photo, expected = samples.group_photo(4, size=(1200, 900), face_height=120)
    results = []

    def work():
        results.append(detect_faces(photo))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == 3
    assert all(result == results[0] for result in results)
    assert _matched(expected, results[0]) == expected
