"""Publication renditions: a downscaled JPEG in which the faces we were told to hide are gone.

Which faces to hide is the caller's decision (consent per channel); this module only makes sure
a hidden face cannot be recognised, by people or by a detector, and leaves the rest alone.
"""

import io
from collections.abc import Sequence
from typing import Protocol

from PIL import Image, ImageFilter

from schoolprivacy.photos.images import to_rgb

# The region hidden around a face box, as a share of the box on each side: detector boxes are
# tight around eyes, nose and mouth, and hair, ears and jaw line also identify a child. With
# 0.25 the detector still gave a blurred head up to 0.16 (our threshold is 0.2); with 0.35 at
# most 0.05, which is what it gives to photos without any people.
MARGIN = 0.35
# Blocks across the longer side of the enlarged region. Five blocks leave about three across the
# face itself: skin tone and hair colour remain, features do not.
BLOCKS = 5


class BoxLike(Protocol):
    @property
    def x(self) -> int: ...
    @property
    def y(self) -> int: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...


def render(
    image: Image.Image,
    *,
    blur: Sequence[BoxLike],
    max_side: int = 2048,
    quality: int = 85,
) -> bytes:
    """A JPEG of `image`, at most `max_side` on its longer side, without metadata, with every box
    in `blur` (in `image`'s own pixels) made unrecognisable."""
    # Hide at full resolution, then downscale: the number of blocks over a face then does not
    # depend on the size of the rendition, and no resampling can mix face detail back in.
    canvas = to_rgb(image)
    for box in blur:
        blur_region(canvas, box)
    scale = min(1.0, max_side / max(canvas.size))
    if scale < 1.0:
        size = (max(1, round(canvas.width * scale)), max(1, round(canvas.height * scale)))
        canvas = canvas.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    canvas.info = {}
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=quality)
    return out.getvalue()


def blur_region(image: Image.Image, box: BoxLike) -> Image.Image:
    """Pixelate and then blur `box` plus its margin, in place, in an RGB, RGBA or L image;
    returns the same image (so erasure can chain it over the stored original).

    Pixelating alone keeps hard block edges, which a detector can still take for a face and
    which the eye partly reassembles from a distance; blurring alone (even strongly) keeps a
    low-frequency face that detectors find and that can be partly sharpened again. Averaging
    into a few blocks throws the detail away for good; the blur after it removes the edges.
    """
    margin_x = round(box.width * MARGIN)
    margin_y = round(box.height * MARGIN)
    left = max(0, box.x - margin_x)
    top = max(0, box.y - margin_y)
    right = min(image.width, box.x + box.width + margin_x)
    bottom = min(image.height, box.y + box.height + margin_y)
    if right <= left or bottom <= top:
        return image
    region = image.crop((left, top, right, bottom))
    block = max(1.0, max(region.size) / BLOCKS)
    small = (max(1, round(region.width / block)), max(1, round(region.height / block)))
    # BOX averages every pixel of a block: nothing of the face survives but block means.
    pixelated = region.resize(small, Image.Resampling.BOX).resize(
        region.size, Image.Resampling.NEAREST
    )
    image.paste(pixelated.filter(ImageFilter.GaussianBlur(radius=block / 2)), (left, top))
    return image
