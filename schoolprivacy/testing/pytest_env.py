"""Loaded with `-p` before pytest-django reads the settings: puts the settings in test mode."""

import os

os.environ.setdefault("SCHOOLPRIVACY_MODE", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schoolprivacy.settings")
# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run under
# one unless told the test knows what it is doing.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
