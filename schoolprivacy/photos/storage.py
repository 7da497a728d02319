"""The private photo storage: originals and renditions, under random names, with no URLs.

Files are written before the database row that points at them is committed; `stored` removes
the file again when the transaction rolls back, so a failed upload leaves nothing behind.
"""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Local disk without URLs: a FileSystemStorage without base_url would fall back to
    MEDIA_URL, and a photo must never have an address other than a publication's."""

    def url(self, name: str | None) -> str:
        raise ValueError("Photos in private storage are not accessible via a URL.")


def photo_storage() -> Storage:
    return storages["photos"]


def _name(kind: str, board_id: int, extension: str) -> str:
    # Random, so a name says nothing about the photo, the school year or who is on it.
    return f"{kind}/{board_id}/{secrets.token_hex(16)}.{extension}"


def store(kind: str, board_id: int, extension: str, content: bytes) -> str:
    return photo_storage().save(_name(kind, board_id, extension), ContentFile(content))


@contextmanager
def stored(kind: str, board_id: int, extension: str, content: bytes) -> Iterator[str]:
    """Store `content`; delete it again if the block raises."""
    name = store(kind, board_id, extension, content)
    try:
        yield name
    except BaseException:
        remove(name)
        raise


def read(name: str) -> bytes:
    with photo_storage().open(name, "rb") as handle:
        data: bytes = handle.read()
    return data


def remove(name: str) -> None:
    if name:
        photo_storage().delete(name)
