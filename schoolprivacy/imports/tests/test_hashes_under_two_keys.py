"""During a key rotation an import stores education-number hashes under the newest key.

The sync computes a chunk's hashes under every configured key (to find pupils not yet rotated)
and stores the newest of them with a new or renumbered pupil; with one key they are all the same,
so these tests configure two.
"""

import base64
from pathlib import Path

import pytest
from django.test import override_settings

from schoolprivacy.conftest import World
from schoolprivacy.dossier.education_numbers import education_number_hash
from schoolprivacy.imports.tests.helpers import SAMPLES, run
from schoolprivacy.people.models import Pupil

pytestmark = pytest.mark.django_db

OLD = base64.urlsafe_b64decode("ZGVtby1hbmQtdGVzdC1vbmx5LWtleS1ub3Qtc2VjcmU=")
TWO_KEYS = {1: OLD, 2: b"n" * 32}


def stored(world: World) -> dict[str, tuple[str, str]]:
    pupils = Pupil.objects.filter(school=world.school_a).exclude(education_number_hash="")
    return {p.external_id: (p.education_number, p.education_number_hash) for p in pupils}


def test_new_pupils_get_the_hash_under_the_newest_key(world: World) -> None:
    with override_settings(DATA_KEYS=TWO_KEYS):
        report = run(world, "parnassys.csv")
        assert report.applied and report.created
        hashes = stored(world)
        assert hashes, "the sample names education numbers"
        for number, digest in hashes.values():
            assert digest.startswith("2:")
            assert digest == education_number_hash(number)


def test_a_renumbered_pupil_gets_the_hash_under_the_newest_key(
    world: World, tmp_path: Path
) -> None:
    run(world, "parnassys.csv")
    assert stored(world)["1001"][1].startswith("1:")
    text = (SAMPLES / "parnassys.csv").read_text(encoding="utf-8-sig")
    changed = tmp_path / "renumbered.csv"
    changed.write_text(text.replace(";200000007;", ";200000032;"), encoding="utf-8")
    with override_settings(DATA_KEYS=TWO_KEYS):
        report = run(world, changed)
        assert report.applied
        assert [c.fields for c in report.updated if c.external_id == "1001"] == [
            ["education_number"]
        ]
        number, digest = stored(world)["1001"]
        assert number == "200000032"
        assert digest.startswith("2:") and digest == education_number_hash("200000032")
