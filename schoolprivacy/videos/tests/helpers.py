"""What the video tests look at: faces per frame, frames, duration, metadata of a stored file."""

import hashlib
from pathlib import Path

from schoolprivacy.photos.storage import photo_storage
from schoolprivacy.videos import media, render


def stored_path(name: str) -> Path:
    return Path(photo_storage().path(name))


_counted: dict[str, list[int]] = {}


def faces_per_frame(path: Path) -> list[int]:
    """The detector's count on every frame, at full size (stricter than the render's copy).
    Counted once per distinct file content in a session (the same bytes give the same count)."""
    key = hashlib.sha256(path.read_bytes()).hexdigest()
    if key not in _counted:
        _counted[key] = [len(render.detect(frame, max_side=4096)) for frame in media.frames(path)]
    return list(_counted[key])
