"""The `schoolprivacy` console script: every Django management command plus the product commands.

Commands may be written with hyphens (`verify-audit`) or underscores (`verify_audit`).
"""

import os
import sys
from pathlib import Path

from schoolprivacy.lib.demo_marker import demo_mode_applies

# Commands that only make sense on throw-away demo data run in demo mode unless told otherwise
# (an explicit SCHOOLPRIVACY_MODE=production makes them refuse).
DEMO_COMMANDS = {"demo", "demo_code", "seed"}


def main() -> None:
    argv = list(sys.argv)
    argv[0] = "schoolprivacy"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
        if argv[1] in DEMO_COMMANDS:
            os.environ.setdefault("SCHOOLPRIVACY_MODE", "demo")
        elif demo_mode_applies(os.environ, Path.cwd()):
            # Run from the demo's folder with nothing set: work on the demo's data (decision
            # 0039). A real installation has a SECRET_KEY, so this never applies there.
            sys.stderr.write("schoolprivacy: using the demo's settings (var/DEMO).\n")
            os.environ["SCHOOLPRIVACY_MODE"] = "demo"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schoolprivacy.settings")

    from schoolprivacy.lib.env import ConfigurationError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(argv)
    except ConfigurationError as exc:
        sys.stderr.write(f"Configuration error: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
