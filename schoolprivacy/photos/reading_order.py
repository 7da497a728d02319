"""Faces numbered in reading order: row by row from the top, left to right in each row.

Tagging a class photo on a phone means matching "face 7" to a head: numbers that run like text
are found without searching. Faces belong to the same row when their vertical centres are less
than half a face height apart (people in one row stand at slightly different heights).
"""

from collections.abc import Iterable

from schoolprivacy.photos.models import Face


def in_reading_order(faces: Iterable[Face]) -> list[Face]:
    by_height = sorted(faces, key=lambda f: (f.y + f.height / 2, f.x, f.pk or 0))
    rows: list[list[Face]] = []
    for face in by_height:
        centre = face.y + face.height / 2
        if rows:
            first = rows[-1][0]
            if abs(centre - (first.y + first.height / 2)) < max(first.height, face.height) / 2:
                rows[-1].append(face)
                continue
        rows.append([face])
    return [face for row in rows for face in sorted(row, key=lambda f: (f.x, f.pk or 0))]
