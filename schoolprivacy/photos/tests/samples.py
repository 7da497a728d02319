"""Test photos built from scikit-image's bundled sample data (no downloads).

The astronaut (Eileen Collins, NASA, public domain) is our one real face; group photos are made
of scaled and mirrored copies of her head on a plain gradient, at known positions.
"""

import functools
import io
import struct
import zlib

from PIL import Image, ImageCms, PngImagePlugin

from schoolprivacy.demo.photo_samples import (  # noqa: F401  (re-exported for the tests)
    ASTRONAUT_FACE,
    HEAD_BOX,
    astronaut,
    group_photo,
    jpeg_bytes,
    shared_astronaut,
)
from schoolprivacy.photos.detection import FaceBox

CAMERA_MAKE = "Canon"
CAMERA_MODEL = "EOS R5 TESTCAM"
SERIAL_NUMBER = "SN-0042424242-TEST"
OWNER_NAME = "Juf Marieke Testdata"
GPS_LATITUDE = (52.0, 5.0, 27.0)  # Utrecht
GPS_LONGITUDE = (5.0, 7.0, 11.0)
XMP_MARKER = "XMP-TEST-CREATOR-Marieke"
ICC_MARKER = "ICC-TEST-DESCRIPTION"
PNG_TEXT_MARKER = "PNG-TEXT-Marieke-Testdata"
COMMENT_MARKER = b"JPEG-COMMENT-Marieke"

# Every string above that must not survive ingest, as bytes to search the output for.
SECRETS = [
    CAMERA_MODEL.encode(),
    SERIAL_NUMBER.encode(),
    OWNER_NAME.encode(),
    XMP_MARKER.encode(),
    ICC_MARKER.encode(),
    PNG_TEXT_MARKER.encode(),
    COMMENT_MARKER,
]

XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    f'xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="{XMP_MARKER}"/>'
    "</rdf:RDF></x:xmpmeta>"
).encode()


def camera_exif(orientation: int | None = None, *, gps: bool = True) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = CAMERA_MAKE
    exif[0x0110] = CAMERA_MODEL
    exif[0x013B] = OWNER_NAME  # Artist
    if orientation is not None:
        exif[0x0112] = orientation
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0xA431] = SERIAL_NUMBER  # BodySerialNumber
    exif_ifd[0xA430] = OWNER_NAME  # CameraOwnerName
    if gps:
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[1] = "N"
        gps_ifd[2] = GPS_LATITUDE
        gps_ifd[3] = "E"
        gps_ifd[4] = GPS_LONGITUDE
    return exif


@functools.cache
def icc_profile() -> bytes:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    # The description tag is free text in real profiles ("Marieke's calibrated monitor").
    raw: bytes = profile.tobytes()
    return raw + ICC_MARKER.encode()


def marked_upright() -> Image.Image:
    """A 512x384 landscape photo with a pure red square in its top-left corner."""
    image = astronaut().crop((0, 64, 512, 448))
    image.paste((255, 0, 0), (0, 0, 48, 48))
    return image


def astronaut_jpeg(*, exif: bool = True, gps: bool = True, orientation: int | None = 6) -> bytes:
    """The marked astronaut as a phone would store it: pixels as the sensor saw them and the
    rotation in EXIF. Orientation 6 means "rotate 90° clockwise to view", so the stored pixels
    are the upright photo turned 90° anticlockwise."""
    upright = marked_upright()
    stored = upright.transpose(Image.Transpose.ROTATE_90) if orientation == 6 else upright
    out = io.BytesIO()
    options: dict[str, object] = {
        "quality": 95,
        "icc_profile": icc_profile(),
        "xmp": XMP,
        "comment": COMMENT_MARKER,
    }
    if exif:
        options["exif"] = camera_exif(orientation, gps=gps)
    stored.save(out, "JPEG", **options)
    return out.getvalue()


def png_with_text(*, alpha: bool = True) -> bytes:
    image = astronaut().convert("RGBA" if alpha else "RGB")
    if alpha:
        image.putalpha(Image.linear_gradient("L").resize(image.size))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", PNG_TEXT_MARKER)
    info.add_text("Comment", PNG_TEXT_MARKER, zip=True)  # zTXt
    info.add_itxt("Description", PNG_TEXT_MARKER, lang="nl")
    # Pillow does not write XMP into PNG itself; this is how Adobe tools store it.
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, exif=camera_exif(1), icc_profile=icc_profile())
    return out.getvalue()


def webp(*, alpha: bool = False) -> bytes:
    image = astronaut().convert("RGBA" if alpha else "RGB")
    if alpha:
        image.putalpha(Image.linear_gradient("L").resize(image.size))
    out = io.BytesIO()
    image.save(out, "WEBP", quality=90, exif=camera_exif(1), icc_profile=icc_profile(), xmp=XMP)
    return out.getvalue()


def palette_png_with_transparency() -> bytes:
    image = astronaut().convert("P", palette=Image.Palette.ADAPTIVE, colors=64)
    out = io.BytesIO()
    image.save(out, "PNG", transparency=0)
    return out.getvalue()


def cmyk_jpeg() -> bytes:
    out = io.BytesIO()
    astronaut().convert("CMYK").save(out, "JPEG", quality=90)
    return out.getvalue()


def animated_webp() -> bytes:
    """Two frames: the astronaut, then a plain blue frame."""
    first = astronaut()
    second = Image.new("RGB", first.size, (0, 0, 255))
    out = io.BytesIO()
    first.save(out, "WEBP", save_all=True, append_images=[second], duration=500, lossless=True)
    return out.getvalue()


def gif() -> bytes:
    out = io.BytesIO()
    astronaut().save(out, "GIF")
    return out.getvalue()


def truncated_jpeg() -> bytes:
    full = astronaut_jpeg(exif=False, orientation=None)
    return full[: len(full) // 2]


def text_file_named_jpg() -> bytes:
    return b"Dit is geen foto maar een boodschappenlijst: melk, brood, kaas.\n"


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def decompression_bomb_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A valid 1-bit PNG of `width` x `height` white pixels. It compresses about 1000:1, so a
    900-megapixel image fits in ~100 kB; decoding it would need 900 MB of memory."""
    row = b"\x00" + b"\xff" * ((width + 7) // 8)  # filter byte "none", then the pixels
    compressor = zlib.compressobj(9)
    rows_per_piece = max(1, 4_000_000 // len(row))
    piece = row * rows_per_piece
    parts = []
    for start in range(0, height, rows_per_piece):
        count = min(rows_per_piece, height - start)
        parts.append(compressor.compress(piece if count == rows_per_piece else row * count))
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", b"".join(parts))
        + _chunk(b"IEND", b"")
    )


def iou(a: FaceBox, b: FaceBox) -> float:
    """Intersection over union of two boxes."""
    overlap_x = max(0, min(a.x + a.width, b.x + b.width) - max(a.x, b.x))
    overlap_y = max(0, min(a.y + a.height, b.y + b.height) - max(a.y, b.y))
    overlap = overlap_x * overlap_y
    return overlap / (a.width * a.height + b.width * b.height - overlap)
