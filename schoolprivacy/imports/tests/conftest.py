from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _pending_uploads_in_tmp(settings: Any, tmp_path: Path) -> None:
    # Uploaded files wait in VAR_DIR between preview and confirmation; keep the tests' own.
    settings.VAR_DIR = tmp_path


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    # The tests read the English message IDs; the Dutch translation follows in its own time.
    settings.LANGUAGE_CODE = "en"
