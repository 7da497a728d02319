"""Commands find the demo's settings by themselves (issue 19, decision 0039).

`schoolprivacy demo` leaves var/DEMO; a command started later from the same folder, with nothing
set, runs in demo mode. A SECRET_KEY, an explicit mode or another database turns that off.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from schoolprivacy.lib.demo_marker import MARKER_NAME, demo_mode_applies, write_marker


def test_the_marker_applies_only_when_nothing_says_otherwise(tmp_path):
    assert not demo_mode_applies({}, tmp_path)  # no demo here
    write_marker(tmp_path / "var", "")

    assert demo_mode_applies({}, tmp_path)
    assert not demo_mode_applies({"SECRET_KEY": "x" * 60}, tmp_path)
    assert not demo_mode_applies({"SCHOOLPRIVACY_MODE": "production"}, tmp_path)
    assert not demo_mode_applies({"DATABASE_URL": "postgres://db/real"}, tmp_path)


def test_the_marker_remembers_the_demos_database(tmp_path):
    write_marker(tmp_path, "postgres://127.0.0.1/demo")
    environ = {"SCHOOLPRIVACY_VAR_DIR": str(tmp_path)}

    assert demo_mode_applies({**environ, "DATABASE_URL": "postgres://127.0.0.1/demo"}, tmp_path)
    assert not demo_mode_applies(environ, tmp_path)


def test_the_demo_command_leaves_the_marker(world, settings, tmp_path, monkeypatch):
    from schoolprivacy.demo.management.commands import demo

    settings.MODE = "demo"
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(demo, "demo_board", lambda: world.board)  # seeding is tested elsewhere
    monkeypatch.setattr(demo, "persona_table", lambda board, addr: "")

    call_command("demo", no_serve=True)

    assert (tmp_path / MARKER_NAME).read_text().endswith("DATABASE_URL=\n")


def _run(command: list[str], cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    keep = {"PATH", "HOME", "LANG", "VIRTUAL_ENV", "PYTHONPATH"}
    environ = {key: value for key, value in os.environ.items() if key in keep}
    code = "from schoolprivacy.__main__ import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *command],
        cwd=cwd,
        env={**environ, **extra},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("with_marker", [True, False])
def test_a_command_from_the_demo_folder_runs_without_setting_the_mode(tmp_path, with_marker):
    if with_marker:
        write_marker(tmp_path / "var", "")

    result = _run(["check"], tmp_path)

    if with_marker:
        assert result.returncode == 0, result.stderr
        assert "demo's settings" in result.stderr
    else:
        # Production mode, as before: it names what is missing.
        assert result.returncode == 2
        assert "Configuration error" in result.stderr
