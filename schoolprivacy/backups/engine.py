"""Which database this installation runs on, for the two commands."""

from pathlib import Path
from typing import Any

from django.conf import settings


def database() -> dict[str, Any]:
    return dict(settings.DATABASES["default"])


def is_sqlite() -> bool:
    return bool(database()["ENGINE"] != "django.db.backends.postgresql")


def sqlite_path() -> Path:
    return Path(database()["NAME"])
