"""Production refuses to start without its own pseudonym key (a fixed demo key would let anyone
who reads the repository compute every pupil's pseudonym at every supplier)."""

from pathlib import Path

from schoolprivacy.lib.tests.test_settings_start_up import PRODUCTION, run


def test_production_refuses_to_start_without_a_pseudonym_key(tmp_path: Path) -> None:
    without = {k: v for k, v in PRODUCTION.items() if k != "SUPPLIER_PSEUDONYM_KEY"}
    result = run(tmp_path, "check", **without)
    assert result.returncode == 2
    assert "SUPPLIER_PSEUDONYM_KEY is not set" in result.stderr


def test_production_refuses_the_demo_pseudonym_key(tmp_path: Path) -> None:
    demo_key = "insecure-demo-supplier-pseudonym-key-only-for-throwaway-data-" + "x" * 20
    result = run(tmp_path, "check", **{**PRODUCTION, "SUPPLIER_PSEUDONYM_KEY": demo_key})
    assert result.returncode == 2
    assert "SUPPLIER_PSEUDONYM_KEY" in result.stderr
