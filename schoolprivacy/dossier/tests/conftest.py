# The seeded demo board, shared with the demo app's tests.
from schoolprivacy.demo.tests.conftest import (  # noqa: F401
    demo,
    demo_module_rules,
    demo_seeded_once,
)
