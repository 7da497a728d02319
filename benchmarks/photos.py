"""How long a photo takes to ingest, to search for faces and to render with its faces blurred.

    uv run python benchmarks/photos.py [--repeat 5] [--threshold 0.2] [--max-side 2048]

The photos are synthetic group photos (scaled copies of scikit-image's astronaut on a gradient,
as in the tests), saved as JPEG with camera EXIF: about 1 megapixel with 6 faces of 100 px and
12 megapixels (4000x3000) with 12 faces of 30 to 150 px. For each it times, as the median of
--repeat runs after one warm-up: `ingest` (check, orient, strip, re-encode), `detect_faces` (the
downscaled path the background task uses), `render` with every found face blurred, and the bare
CenterFace call on the full-resolution image, with the faces each detection found. Asserts
nothing. Needs the dev dependencies (scikit-image).
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Case:
    label: str
    jpeg: bytes
    faces: int  # how many were pasted in


@dataclass
class Row:
    case: str
    step: str
    times_ms: list[float]
    found: int | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)


def timed(work: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    result = work()  # warm-up: the model loads once per process
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def cases() -> list[Case]:
    from schoolprivacy.photos.tests import samples

    def photo_jpeg(label: str, size: tuple[int, int], heights: list[int], n: int) -> Case:
        image, _boxes = samples.group_photo(n, size=size, face_height=heights)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=92, exif=samples.camera_exif(1))
        return Case(label, out.getvalue(), n)

    return [
        photo_jpeg("1 MP (1200x900)", (1200, 900), [100], 6),
        photo_jpeg("12 MP (4000x3000)", (4000, 3000), [30, 45, 60, 90, 120, 150], 12),
    ]


def measure(case: Case, *, repeat: int, threshold: float, max_side: int) -> list[Row]:
    import numpy as np

    from schoolprivacy.photos import detection, images, rendition

    rows = []
    times, ingested = timed(lambda: images.ingest(case.jpeg), repeat)
    rows.append(Row(case.label, "ingest", times))
    image = images.open_image(ingested.content)

    times, faces = timed(
        lambda: detection.detect_faces(image, threshold=threshold, max_side=max_side), repeat
    )
    rows.append(Row(case.label, f"detect_faces (max side {max_side})", times, len(faces)))

    times, _ = timed(lambda: rendition.render(image, blur=faces), repeat)
    rows.append(Row(case.label, "render, all faces blurred", times))

    array = np.asarray(image.convert("RGB"))
    times, raw = timed(lambda: detection.raw_detect(array, threshold=threshold), repeat)
    rows.append(Row(case.label, "bare CenterFace, full size", times, len(raw)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--threshold", type=float, default=None, help="Default: the product's.")
    parser.add_argument("--max-side", type=int, default=None, help="Default: the product's.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sp-photos-bench-") as tmp:
        # The photo functions read their limits from the settings; no database is touched yet.
        os.environ["SCHOOLPRIVACY_MODE"] = "demo"
        os.environ["SCHOOLPRIVACY_VAR_DIR"] = tmp
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schoolprivacy.settings")
        import cv2
        import django

        django.setup()
        from schoolprivacy.photos import detection

        threshold = detection.DEFAULT_THRESHOLD if args.threshold is None else args.threshold
        max_side = detection.DEFAULT_MAX_SIDE if args.max_side is None else args.max_side
        print(
            f"photos benchmark: median of {args.repeat} runs, threshold {threshold}, "
            f"OpenCV {cv2.__version__} on {cv2.getNumThreads()} threads",
            file=sys.stderr,
        )
        rows: list[Row] = []
        photos = cases()
        for case in photos:
            print(f"{case.label}: {len(case.jpeg) / 1e6:.1f} MB JPEG", file=sys.stderr)
            rows += measure(case, repeat=args.repeat, threshold=threshold, max_side=max_side)

        print(f"{'photo':<20} {'step':<30} {'median':>10} {'faces':>11}")
        expected = {case.label: case.faces for case in photos}
        for row in rows:
            found = "" if row.found is None else f"{row.found} of {expected[row.case]}"
            print(f"{row.case:<20} {row.step:<30} {row.median:7.0f} ms {found:>11}")


if __name__ == "__main__":
    main()
