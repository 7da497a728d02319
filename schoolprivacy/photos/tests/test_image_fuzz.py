"""Fuzzing the photo upload with generated files (issue 18.5): a clear refusal, nothing left over.

The inputs are small real JPEG, PNG and WebP pictures (odd modes, EXIF with impossible
orientations and broken values) that are then cut short, spliced with random bytes or bit-flipped;
PNG headers that claim huge dimensions (decompression bombs); files that start like HEIC, TIFF or
GIF; and plain random bytes. `photo_upload` must either store a clean photo or refuse with
`ImageRejected` and a message for people (Dutch or English); a refusal leaves no row, no audit
event and no file in the photo storage.
"""

import contextlib
import io
import struct
import zlib
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.photos.images import ImageRejected
from schoolprivacy.photos.models import Photo
from schoolprivacy.photos.services import event_create, photo_upload
from schoolprivacy.photos.tests.samples import camera_exif

pytestmark = [
    pytest.mark.django_db,
    # Pillow warns about the broken EXIF it is given here on purpose, then reads on.
    pytest.mark.filterwarnings("ignore:Metadata Warning:UserWarning"),
    pytest.mark.filterwarnings("ignore:Truncated File Read:UserWarning"),
]

# Starts of files that are no photo we take, as phones and scanners write them.
OTHER_FORMATS = [
    b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic",
    b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf",
    b"II*\x00\x08\x00\x00\x00",
    b"GIF89a\x01\x00\x01\x00",
    b"BM",
    b"%PDF-1.7\n",
    b"<svg xmlns='http://www.w3.org/2000/svg'/>",
]


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_bomb(width: int, height: int) -> bytes:
    """A valid PNG header that claims `width` x `height` pixels, with a tiny compressed body."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = zlib.compress(b"\x00" * 4096, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", body)
        + _png_chunk(b"IEND", b"")
    )


@st.composite
def pictures(draw: st.DrawFn) -> bytes:
    mode = draw(st.sampled_from(["RGB", "L", "RGBA", "P", "1", "I;16", "CMYK"]))
    size = (draw(st.integers(1, 48)), draw(st.integers(1, 48)))
    image = Image.new("RGB", size, draw(st.tuples(*[st.integers(0, 255)] * 3)))
    image = image.convert(mode) if mode != "I;16" else image.convert("L").convert("I;16")
    kind = draw(st.sampled_from(["JPEG", "PNG", "WEBP"]))
    if (kind, mode) in {("JPEG", "RGBA"), ("JPEG", "P"), ("JPEG", "I;16"), ("WEBP", "I;16")}:
        image = image.convert("RGB")
    if kind in ("WEBP", "PNG") and mode == "CMYK":
        image = image.convert("RGB")
    options: dict[str, object] = {}
    if kind != "PNG" or draw(st.booleans()):
        exif = camera_exif(draw(st.sampled_from([None, 0, 1, 6, 8, 9, 255, 65535])), gps=False)
        if draw(st.booleans()):
            exif[0x0112] = draw(st.sampled_from(["x", b"\x00", -1, 2**40, (1, 2)]))
        # Pillow cannot even write some such EXIF; the picture goes without it then.
        with contextlib.suppress(TypeError, ValueError, struct.error):
            options["exif"] = exif.tobytes()
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


@st.composite
def damaged(draw: st.DrawFn, content: bytes) -> bytes:
    how = draw(st.sampled_from(["none", "cut", "splice", "flip"]))
    at = draw(st.integers(0, max(0, len(content) - 1)))
    if how == "cut":
        return content[:at]
    if how == "splice":
        return content[:at] + draw(st.binary(min_size=1, max_size=32)) + content[at:]
    if how == "flip" and content:
        flipped = content[at] ^ (1 << draw(st.integers(0, 7)))
        return content[:at] + bytes([flipped]) + content[at + 1 :]
    return content


uploads = st.one_of(
    pictures().flatmap(damaged),
    pictures().flatmap(damaged),
    st.builds(_png_bomb, st.integers(1, 2**31 - 1), st.integers(1, 2**31 - 1)),
    st.builds(_png_bomb, st.integers(1, 2**16), st.integers(1, 2**16)).flatmap(damaged),
    st.builds(bytes.__add__, st.sampled_from(OTHER_FORMATS), st.binary(max_size=64)),
    st.binary(max_size=256),
)


@pytest.fixture
def photo_event(world):
    return event_create(
        actor=world.teacher, school=world.school_a, name="Sportdag", held_on=date(2026, 9, 30)
    )


def _stored_files(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@settings(
    max_examples=250,
    derandomize=True,
    deadline=None,
    database=None,
    # One world for all examples: every example compares the rows and files before and after.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=uploads, language=st.sampled_from(["nl", "en"]))
def test_any_upload_is_stored_clean_or_refused_clearly_leaving_nothing(
    world, photo_storage, photo_event, data, language
):
    before = (Photo.objects.count(), AuditEvent.objects.count(), _stored_files(photo_storage))
    with translation.override(language):
        try:
            photo = photo_upload(
                actor=world.teacher, event=photo_event, data=data, group=world.group_a
            )
        except ImageRejected as refusal:
            event(f"refused: {refusal.code}")
            assert refusal.message.strip()
            after = (
                Photo.objects.count(),
                AuditEvent.objects.count(),
                _stored_files(photo_storage),
            )
            assert after == before
            return
    event(f"stored: {photo.image_format}")
    assert photo.width * photo.height <= 60_000_000
    assert len(_stored_files(photo_storage) - before[2]) == 1
