"""Video files in the private photo storage (local disk or S3, lib/photo_storage.py), under
random names, without URLs. Videos are large, so files go in and out as files, never whole in
memory; ffmpeg needs a local path, which S3 gets as a temporary copy."""

import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files import File
from django.db import transaction

from schoolprivacy.photos.storage import photo_storage, remove


def _name(kind: str, board_id: int, extension: str) -> str:
    return f"{kind}/{board_id}/{secrets.token_hex(16)}.{extension}"


def store_file(kind: str, board_id: int, extension: str, path: Path) -> str:
    with path.open("rb") as handle:
        name: str = photo_storage().save(_name(kind, board_id, extension), File(handle))
    return name


@contextmanager
def stored_file(kind: str, board_id: int, extension: str, path: Path) -> Iterator[str]:
    """Store the file; delete it again if the block raises (a rolled-back upload)."""
    name = store_file(kind, board_id, extension, path)
    try:
        yield name
    except BaseException:
        remove(name)
        raise


@contextmanager
def local_path(name: str) -> Iterator[Path]:
    """A path ffmpeg can read: the file itself on local disk, else a temporary copy."""
    storage = photo_storage()
    try:
        on_disk: Path | None = Path(storage.path(name))
    except NotImplementedError:  # S3 and other remote storages have no local path
        on_disk = None
    if on_disk is not None:
        yield on_disk
        return
    with tempfile.TemporaryDirectory(prefix="video-") as folder:
        copy = Path(folder) / Path(name).name
        with storage.open(name, "rb") as source, copy.open("wb") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
        yield copy


def open_file(name: str) -> File:  # type: ignore[type-arg]
    return photo_storage().open(name, "rb")


def remove_after_commit(name: str) -> None:
    if name:
        transaction.on_commit(lambda: remove(name))


def exists(name: str) -> bool:
    return bool(photo_storage().exists(name))
