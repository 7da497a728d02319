"""Checking and cleaning uploaded photos, before anything else sees them.

`ingest` is the only way a photo gets in: it accepts real JPEG, PNG and WebP files within a size
and a pixel limit, applies the EXIF orientation to the pixels and re-encodes them without any
metadata. What a camera or phone writes next to the pixels (GPS position, time, camera serial
number, owner name, XMP edit history, ICC profile descriptions, PNG text chunks) is personal data
we have no purpose for, so none of it is kept, not even in the stored original.
"""

import io
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps

DEFAULT_MAX_BYTES = 30 * 1024 * 1024
DEFAULT_MAX_PIXELS = 60_000_000
JPEG_QUALITY = 90
WEBP_QUALITY = 90

# Pillow's format name -> (our format name, file extension). MPO is how Pillow names a JPEG with
# a second, embedded picture (many phones write those); only the first picture is kept.
_FORMATS = {
    "JPEG": ("jpeg", "jpg"),
    "MPO": ("jpeg", "jpg"),
    "PNG": ("png", "png"),
    "WEBP": ("webp", "webp"),
}
# Only these decoders may look at an upload, so a file that merely claims to be a photo (or is
# a TIFF, PSD or SVG renamed to .jpg) is never parsed by one of Pillow's many other plugins.
_DECODERS = ("JPEG", "PNG", "WEBP")

_MESSAGES: Mapping[str, Promise] = {
    "not_an_image": _("This file is not a JPEG, PNG or WebP image."),
    "too_large": _("The photo is larger than %(limit)s MB."),
    "too_many_pixels": _("The photo has more than %(limit)s million pixels."),
    "damaged": _("The photo is damaged or incomplete. Export it again and upload the new file."),
}


class ImageRejected(Exception):
    """An upload we refuse. `code` is stable (store it, test on it); `message` is for people and
    is translated in the language active when it is read, not when the file was refused."""

    def __init__(self, code: str, **params: object) -> None:
        if code not in _MESSAGES:
            raise ValueError(f"unknown rejection code {code!r}")
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def message(self) -> str:
        text = str(_MESSAGES[self.code])
        return text % self.params if self.params else text

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class IngestedImage:
    content: bytes
    format: str  # "jpeg", "png" or "webp"
    extension: str  # without the dot
    width: int
    height: int


def _limit(name: str, given: int | None, default: int) -> int:
    if given is not None:
        return given
    value: int = getattr(settings, name, default)
    return value


def _load_whole(image: Image.Image) -> None:
    """Decode every pixel, refusing truncated data even when another library in this process
    (WeasyPrint sets it on import, for the PDFs) switched Pillow's LOAD_TRUNCATED_IMAGES on."""
    allowed = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        image.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = allowed


def ingest(
    data: bytes, *, max_bytes: int | None = None, max_pixels: int | None = None
) -> IngestedImage:
    """Check an upload and return it cleaned, or raise ImageRejected."""
    max_bytes = _limit("PHOTO_MAX_BYTES", max_bytes, DEFAULT_MAX_BYTES)
    max_pixels = _limit("PHOTO_MAX_PIXELS", max_pixels, DEFAULT_MAX_PIXELS)
    if len(data) > max_bytes:
        raise ImageRejected("too_large", limit=f"{max_bytes / 2**20:.4g}")

    too_many_pixels = ImageRejected("too_many_pixels", limit=f"{max_pixels / 1e6:.4g}")
    # Pillow warns about images above Image.MAX_IMAGE_PIXELS and refuses twice that, both at
    # open time; either is a refusal here. (catch_warnings changes process-wide state for a
    # moment, which can only affect another thread's DecompressionBombWarning: acceptable.)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            opened = Image.open(io.BytesIO(data), formats=_DECODERS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_many_pixels from None
        except (OSError, SyntaxError, ValueError):
            # UnidentifiedImageError is an OSError: no allowed decoder recognises the content.
            raise ImageRejected("not_an_image") from None

    with opened:
        if opened.format not in _FORMATS:
            raise ImageRejected("not_an_image")
        image_format, extension = _FORMATS[opened.format]
        # Only the header has been read so far: refuse a decompression bomb before a single
        # pixel is decoded into memory.
        width, height = opened.size
        if width * height > max_pixels:
            raise too_many_pixels
        if width == 0 or height == 0:
            raise ImageRejected("damaged")
        # Animated WebP/PNG and multi-picture JPEG: the first frame is the picture everybody
        # sees in a viewer, so that is what we keep; the other frames are dropped, never stored.
        try:
            opened.seek(0)
            _load_whole(opened)
        except (OSError, SyntaxError, ValueError, EOFError):
            # Truncated or corrupt data: a half photo with a grey bottom is not what the
            # uploader meant to publish.
            raise ImageRejected("damaged") from None
        try:
            upright = ImageOps.exif_transpose(opened)
        except Exception:
            # Malformed EXIF fails in many ways (struct, key, unicode errors). The pixels are
            # fine and a sideways photo harms nobody, so keep them as stored.
            upright = opened.copy()

    clean = _pixels_only(upright, image_format)
    out = io.BytesIO()
    if image_format == "jpeg":
        clean.save(out, "JPEG", quality=JPEG_QUALITY)
    elif image_format == "png":
        clean.save(out, "PNG")
    else:
        clean.save(out, "WEBP", quality=WEBP_QUALITY)
    return IngestedImage(
        content=out.getvalue(),
        format=image_format,
        extension=extension,
        width=clean.width,
        height=clean.height,
    )


def _pixels_only(image: Image.Image, image_format: str) -> Image.Image:
    """The pixels in a mode the output format stores, with an empty `info`.

    Pillow's encoders copy some of `info` into the new file (a JPEG comment, a PNG's ICC profile,
    animation settings); with `info` empty only what we pass to `save` is written.
    """
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
        # 16-bit greyscale PNG: Pillow's convert() would clip it to white; keep the top 8 bits.
        image = Image.fromarray((np.asarray(image).astype(np.uint32) >> 8).astype(np.uint8), "L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info
    if image_format == "jpeg":
        target = "L" if image.mode in ("L", "1") else "RGB"
    elif has_alpha:
        target = "RGBA"
    elif image_format == "png" and image.mode in ("L", "1"):
        target = "L"
    else:
        target = "RGB"
    clean = image.convert(target) if image.mode != target else image.copy()
    clean.info = {}
    return clean


def open_image(content: bytes) -> Image.Image:
    """Decode a photo that `ingest` produced (the stored, already clean original)."""
    image = Image.open(io.BytesIO(content), formats=_DECODERS)
    image.load()
    return image


def open_downscaled(content: bytes, max_side: int) -> Image.Image:
    """Decode a stored photo for display at most `max_side` pixels across.

    JPEG can decode at 1/2, 1/4 or 1/8 of its size directly (`draft`), which makes a page of
    thumbnails of 12-megapixel photos several times cheaper than decoding every pixel first.
    Only for showing: detection and renditions use the full image.
    """
    image = Image.open(io.BytesIO(content), formats=_DECODERS)
    if image.format in ("JPEG", "MPO"):
        image.draft("RGB", (max_side, max_side))
    image.load()
    return image


def to_rgb(image: Image.Image) -> Image.Image:
    """An RGB copy, with transparency flattened onto white (how a page shows it)."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    rgb = image.convert("RGB") if image.mode != "RGB" else image.copy()
    rgb.info = {}
    return rgb
