"""Faces are numbered in reading order, row by row (issue 19)."""

from types import SimpleNamespace

from schoolprivacy.photos.reading_order import in_reading_order


def _face(pk, x, y, size=100):
    return SimpleNamespace(pk=pk, x=x, y=y, width=size, height=size)


def test_two_rows_of_a_class_photo_read_like_text():
    # Back row slightly uneven; front row lower. Column order (x, y) would interleave the rows.
    faces = [
        _face(1, 900, 520),
        _face(2, 100, 90),
        _face(3, 500, 130),
        _face(4, 120, 500),
        _face(5, 300, 60),
        _face(6, 480, 540),
    ]

    ordered = [f.pk for f in in_reading_order(faces)]

    assert ordered == [2, 5, 3, 4, 6, 1]


def test_one_face_and_no_faces():
    assert in_reading_order([]) == []
    assert [f.pk for f in in_reading_order([_face(7, 10, 10)])] == [7]
