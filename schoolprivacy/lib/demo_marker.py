"""Commands find the demo's settings by themselves (issue 19, decision 0039).

`schoolprivacy demo` leaves a marker file, `DEMO`, in the var folder it uses, recording which
database it set up. A later command (`create-token`, `verify-audit`, `import-las`, ...) started
from the same folder then runs in demo mode without being told, but only when nothing says this
is a real installation: no SCHOOLPRIVACY_MODE, no SECRET_KEY (production cannot start without
one), and the same DATABASE_URL as the demo's (usually none). Framework-free: it runs before
Django's settings are read.
"""

from collections.abc import Mapping
from pathlib import Path

MARKER_NAME = "DEMO"
_HEADER = "This folder holds the Schoolprivacy demo's fictitious data (schoolprivacy demo).\n"


def var_dir(environ: Mapping[str, str], cwd: Path) -> Path:
    return Path(environ.get("SCHOOLPRIVACY_VAR_DIR") or (cwd / "var"))


def write_marker(folder: Path, database_url: str) -> Path:
    """Record that the demo uses `folder` with this DATABASE_URL ("" for the default SQLite)."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / MARKER_NAME
    marker.write_text(f"{_HEADER}DATABASE_URL={database_url}\n", encoding="utf-8")
    return marker


def _recorded_url(marker: Path) -> str | None:
    try:
        lines = marker.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith("DATABASE_URL="):
            return line.removeprefix("DATABASE_URL=")
    return None


def demo_mode_applies(environ: Mapping[str, str], cwd: Path) -> bool:
    """True when a command should run on the demo's data, in demo mode."""
    if environ.get("SCHOOLPRIVACY_MODE") or environ.get("SECRET_KEY"):
        return False
    recorded = _recorded_url(var_dir(environ, cwd) / MARKER_NAME)
    return recorded is not None and recorded == environ.get("DATABASE_URL", "")
