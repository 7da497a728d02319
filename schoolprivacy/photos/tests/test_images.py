"""Ingest: only real photos within the limits get in, upright and without any metadata."""

import io

import numpy as np
import pytest
from django.utils import translation
from PIL import Image

from schoolprivacy.photos import images
from schoolprivacy.photos.images import ImageRejected, ingest
from schoolprivacy.photos.tests import samples


def _decoded(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def _assert_no_metadata(content: bytes) -> None:
    image = _decoded(content)
    assert dict(image.getexif()) == {}
    for key in ("exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"):
        assert key not in image.info
    assert getattr(image, "text", {}) == {}
    for secret in samples.SECRETS:
        assert secret not in content
    assert b"Exif\x00\x00" not in content
    assert b"adobe:ns:meta" not in content


@pytest.mark.parametrize(
    ("data", "fmt", "extension", "mode"),
    [
        (samples.astronaut_jpeg(), "jpeg", "jpg", "RGB"),
        (samples.png_with_text(), "png", "png", "RGBA"),
        (samples.png_with_text(alpha=False), "png", "png", "RGB"),
        (samples.webp(), "webp", "webp", "RGB"),
        (samples.webp(alpha=True), "webp", "webp", "RGBA"),
    ],
    ids=["jpeg", "png-alpha", "png", "webp", "webp-alpha"],
)
def test_it_keeps_each_format_and_strips_all_metadata(data, fmt, extension, mode):
    # The sample really carries the metadata we claim to strip.
    assert any(secret in data for secret in samples.SECRETS)
    assert _decoded(data).getexif()

    result = ingest(data)

    assert (result.format, result.extension) == (fmt, extension)
    output = _decoded(result.content)
    assert output.format.lower() == fmt
    assert output.mode == mode
    assert (output.width, output.height) == (result.width, result.height)
    _assert_no_metadata(result.content)


def test_the_pixels_survive_the_round_trip():
    original = np.asarray(samples.astronaut(), dtype=np.float32)
    png = np.asarray(_decoded(ingest(samples.png_with_text(alpha=False)).content), np.float32)
    jpeg = np.asarray(_decoded(ingest(samples.jpeg_bytes(samples.astronaut())).content))

    assert np.array_equal(png, original)  # lossless stays lossless
    assert np.abs(jpeg.astype(np.float32) - original).mean() < 4


def test_it_applies_the_exif_orientation_to_the_pixels():
    stored = _decoded(samples.astronaut_jpeg(orientation=6))
    assert stored.size == (384, 512)  # as the sensor saw it: portrait

    result = ingest(samples.astronaut_jpeg(orientation=6))

    upright = _decoded(result.content)
    assert (result.width, result.height) == upright.size == (512, 384)
    # The red mark is back in the top-left corner, and nowhere near the others.
    pixels = np.asarray(upright, dtype=np.int16)
    assert pixels[8:40, 8:40].mean(axis=(0, 1)) == pytest.approx([255, 0, 0], abs=12)
    for corner in (pixels[8:40, -40:-8], pixels[-40:-8, 8:40], pixels[-40:-8, -40:-8]):
        red, green, _blue = corner.mean(axis=(0, 1))
        assert not (red > 200 and green < 50)
    assert dict(upright.getexif()) == {}  # no orientation left to apply twice


def test_a_photo_without_exif_stays_as_it_is():
    result = ingest(samples.astronaut_jpeg(exif=False, orientation=None))
    assert (result.width, result.height) == (512, 384)
    _assert_no_metadata(result.content)


def test_it_makes_palette_transparency_an_alpha_channel():
    result = ingest(samples.palette_png_with_transparency())
    output = _decoded(result.content)
    assert output.mode == "RGBA"
    assert "transparency" not in output.info


def test_it_converts_cmyk_jpeg_to_rgb():
    output = _decoded(ingest(samples.cmyk_jpeg()).content)
    assert output.mode == "RGB"
    reference = np.asarray(samples.astronaut(), dtype=np.float32)
    assert np.abs(np.asarray(output, dtype=np.float32) - reference).mean() < 6


def test_it_keeps_only_the_first_frame_of_an_animation():
    result = ingest(samples.animated_webp())
    output = _decoded(result.content)
    assert getattr(output, "n_frames", 1) == 1
    # The first frame is the astronaut, not the plain blue second frame.
    assert np.asarray(output)[..., 2].mean() < 200
    assert np.asarray(output).std() > 30


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (samples.gif(), "not_an_image"),
        (samples.text_file_named_jpg(), "not_an_image"),
        (b"", "not_an_image"),
        (samples.truncated_jpeg(), "damaged"),
        (samples.decompression_bomb_png(), "too_many_pixels"),
    ],
    ids=["gif", "text", "empty", "truncated", "bomb"],
)
def test_it_refuses(data, code):
    with pytest.raises(ImageRejected) as refused:
        ingest(data)
    assert refused.value.code == code


def test_a_truncated_photo_is_refused_after_weasyprint_was_imported(monkeypatch):
    """WeasyPrint (the PDFs of requests and the annual report) turns Pillow's
    LOAD_TRUNCATED_IMAGES on for the whole process when it is imported; a web worker that made a
    PDF must still refuse half a photo, and leave the flag as WeasyPrint wants it."""
    import weasyprint  # type: ignore[import-untyped]  # noqa: F401
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    with pytest.raises(ImageRejected) as refused:
        ingest(samples.truncated_jpeg())
    assert refused.value.code == "damaged"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_it_refuses_above_the_byte_limit_before_looking_inside():
    with pytest.raises(ImageRejected) as refused:
        # Not even an image: the size is checked first.
        ingest(b"\x00" * (2 * 2**20 + 1), max_bytes=2 * 2**20)
    assert refused.value.code == "too_large"
    with translation.override("en"):
        assert refused.value.message == "The photo is larger than 2 MB."


def test_it_refuses_too_many_pixels_from_the_header_alone():
    # 70 megapixels: under Pillow's own bomb limit, over ours. The file is tiny and valid.
    bomb = samples.decompression_bomb_png(10_000, 7_000)
    with pytest.raises(ImageRejected) as refused:
        ingest(bomb)
    assert refused.value.code == "too_many_pixels"
    with translation.override("en"):
        assert refused.value.message == "The photo has more than 60 million pixels."


def test_a_lower_pixel_limit_applies():
    with pytest.raises(ImageRejected) as refused:
        ingest(samples.webp(), max_pixels=512 * 512 - 1)
    assert refused.value.code == "too_many_pixels"
    assert ingest(samples.webp(), max_pixels=512 * 512).width == 512


def test_pillows_own_bomb_warning_is_a_refusal_too(monkeypatch):
    # With a pixel limit above Pillow's warning level, Pillow's warning must still refuse.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000)
    with pytest.raises(ImageRejected) as refused:
        ingest(samples.decompression_bomb_png(1_500, 1_000), max_pixels=10_000_000)
    assert refused.value.code == "too_many_pixels"


def test_limits_come_from_settings(settings):
    settings.PHOTO_MAX_BYTES = 1000
    with pytest.raises(ImageRejected) as refused:
        ingest(samples.webp())
    assert refused.value.code == "too_large"


def test_messages_are_english_msgids_and_translated_when_read():
    error = ImageRejected("not_an_image")
    with translation.override("en"):
        assert error.message == "This file is not a JPEG, PNG or WebP image."
        assert "damaged" in str(ImageRejected("damaged"))
    with translation.override("nl"):
        # The same error object reads in the language active when it is shown.
        assert error.message == "Dit bestand is geen JPEG-, PNG- of WebP-afbeelding."


def test_an_unknown_code_is_a_programming_error():
    with pytest.raises(ValueError):
        ImageRejected("nope")


def test_open_image_reads_what_ingest_wrote():
    result = ingest(samples.webp())
    image = images.open_image(result.content)
    assert image.size == (result.width, result.height)


def test_open_image_refuses_other_formats():
    with pytest.raises(OSError):
        images.open_image(samples.gif())


def test_to_rgb_flattens_transparency_onto_white():
    transparent = Image.new("RGBA", (4, 4), (0, 0, 0, 0))
    assert np.asarray(images.to_rgb(transparent)).min() == 255


def test_a_downscaled_decode_is_smaller_but_never_below_the_asked_size() -> None:
    from schoolprivacy.photos.images import open_downscaled
    from schoolprivacy.photos.tests.samples import group_photo, jpeg_bytes

    image, _boxes = group_photo(2, size=(4000, 3000), face_height=200)
    small = open_downscaled(jpeg_bytes(image), 480)
    assert 480 <= max(small.size) < 4000
