"""Short test and demo videos made on the spot: scikit-image's astronaut heads (the group photo
of photo_samples) sliding across a gradient, encoded with the ffmpeg of imageio-ffmpeg, with a
tone as sound and, on request, the metadata a phone writes (GPS position, make, model, creation
time). No downloads."""

import subprocess
from pathlib import Path

import imageio_ffmpeg  # type: ignore[import-untyped]
import numpy as np

from schoolprivacy.demo.photo_samples import group_photo

# What a phone writes next to the frames, and must not survive the upload.
PHONE_METADATA = {
    "location": "+52.0907+005.1214/",
    "com.apple.quicktime.location.ISO6709": "+52.0907+005.1214+000.000/",
    "com.apple.quicktime.make": "Apple",
    "com.apple.quicktime.model": "iPhone TESTCAM-15",
    "make": "Apple",
    "model": "iPhone TESTCAM-15",
    "creation_time": "2026-09-30T10:11:12.000000Z",
    "title": "Sportdag juf Marieke",
}
SECRETS = [b"TESTCAM", b"+52.0907", b"Marieke", b"2026-09-30"]


def make_video(
    path: Path,
    *,
    seconds: float = 2.0,
    size: tuple[int, int] = (480, 320),
    fps: int = 10,
    faces: int = 2,
    face_height: int = 90,
    metadata: bool = True,
    audio: bool = True,
    codec: str = "libx264",
    preset: str = "ultrafast",
) -> Path:
    """Write a video of `seconds` at `fps` to `path` (its suffix picks the container)."""
    width, height = size
    still, _boxes = group_photo(faces, size=(width, height), face_height=face_height)
    base = np.asarray(still, dtype=np.uint8)
    total = round(seconds * fps)
    args = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-hide_banner",
        "-loglevel",
        "error",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-s",
        f"{width}x{height}",
        "-r",
        str(fps),
        "-i",
        "-",
    ]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    args += ["-map", "0:v"] + (
        ["-map", "1:a", "-c:a", "aac" if codec == "libx264" else "libopus"] if audio else []
    )
    args += ["-c:v", codec, "-pix_fmt", "yuv420p"]
    if codec == "libx264":
        args += ["-preset", preset]
    else:
        args += ["-deadline", "realtime", "-cpu-used", "8"]
    if metadata:
        for key, value in PHONE_METADATA.items():
            args += ["-metadata", f"{key}={value}"]
        args += ["-metadata:s:v", "handler_name=Core Media Video TESTCAM"]
        if path.suffix in (".mov", ".mp4"):
            args += ["-movflags", "use_metadata_tags"]
    args += ["-frames:v", str(total), "-y", str(path)]
    process = subprocess.Popen(args, stdin=subprocess.PIPE)  # noqa: S603
    assert process.stdin is not None
    for index in range(total):
        # Slide the picture a few pixels per frame, so every frame differs (as in a real film).
        shift = (index * 3) % 40 - 20
        process.stdin.write(np.roll(base, shift, axis=1).tobytes())
    process.stdin.close()
    if process.wait() != 0:
        raise RuntimeError("ffmpeg could not write the sample video")
    return path
