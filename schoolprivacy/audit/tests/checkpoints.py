"""Running the two commands as the privacy officer would, in English for readable assertions."""

from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.utils import translation


def run(command: str, **options: object) -> str:
    """The command's output, or its error message; "failed: " marks an error."""
    out = StringIO()
    try:
        with translation.override("en"):
            call_command(command, stdout=out, **options)
    except CommandError as error:
        return f"failed: {error}"
    return out.getvalue()


def write_checkpoint(folder: Path) -> Path:
    path = folder / "checkpoint.json"
    output = run("audit_checkpoint", out=str(path))
    assert output.startswith("Checkpoint written"), output
    return path


def verify(against: Path | None = None) -> str:
    return run("verify_audit", against=str(against)) if against else run("verify_audit")
