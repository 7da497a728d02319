# The seeded demo board, shared with the demo app's tests.
from schoolprivacy.demo.tests.conftest import demo, demo_seeded_once  # noqa: F401
