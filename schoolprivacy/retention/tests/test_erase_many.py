"""The batch form of the privacy contract (`erase_many`) gives per subject what `erase` gives,
and the purge counts the same through it as through `erase` alone."""

from datetime import date

import pytest

from schoolprivacy.dossier import privacy as dossier_privacy
from schoolprivacy.privacy_registry import DataSubject
from schoolprivacy.retention import batches
from schoolprivacy.retention.engine import purge_run, totals
from schoolprivacy.retention.preview import preview
from schoolprivacy.retention.tests.conftest import leave, previewed, record

pytestmark = pytest.mark.django_db

KEYS = ["pupil.results.tests", "pupil.observations"]


def test_erase_many_answers_what_erase_answers(world):
    a, b = world.pupil_a, world.pupil_b
    record(a, "pupil.results.tests")
    record(a, "pupil.results.tests")
    record(a, "pupil.care.notes")
    record(b, "pupil.observations")
    subjects = [DataSubject.of(a), DataSubject.of(b)]
    single = {s: dossier_privacy.erase(s, actor_id=None, categories=KEYS) for s in subjects}
    many = dossier_privacy.erase_many(subjects, actor_id=None, categories=KEYS)
    assert many == single
    assert many[subjects[0]].counts == {"pupil.results.tests": 2}
    erased = dossier_privacy.erase_many(subjects, actor_id=None, categories=KEYS, dry_run=False)
    assert erased[subjects[1]].counts == {"pupil.observations": 1}
    left = dossier_privacy.erase_many(subjects, actor_id=None, categories=KEYS)
    assert all(not e.counts for e in left.values())
    assert dossier_privacy.erase(subjects[0], actor_id=None).counts == {"pupil.care.notes": 1}


def test_the_purge_counts_the_same_without_the_batch_form(world, register, monkeypatch):
    for pupil in (world.pupil_a, world.pupil_b):
        leave(pupil, date(2022, 7, 10))
        record(pupil, "pupil.results.tests")
        record(pupil, "pupil.observations")
    day = date(2025, 1, 1)
    batched = preview(world.board, day=day)
    apps = [(app, keys) for app, keys in batches._erasers()]
    monkeypatch.setattr(
        batches,
        "_erasers",
        lambda: [(app.__class__(**{**app.__dict__, "erase_many": None}), k) for app, k in apps],
    )
    plain = preview(world.board, day=day)
    assert (batched.counts, batched.subjects) == (plain.counts, plain.subjects)
    assert batched.total == 4
    previewed(world.board, day)
    run = purge_run(board=world.board, day=day)
    assert sum(totals(run).values()) == 4
