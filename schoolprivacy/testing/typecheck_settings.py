"""Settings for mypy's Django plugin, which imports settings without our environment."""

import os

os.environ.setdefault("SCHOOLPRIVACY_MODE", "test")

from schoolprivacy.settings import *  # noqa: F403
