"""Property (review of decision 0047): for random data, a random batch of subjects of one kind
and random categories, every app's `erase_many` dry run answers per subject exactly what its
`erase` answers; a real batch leaves nothing a per-subject dry run still finds, and its audit
events carry counts and IDs, never values."""

from datetime import UTC, datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schoolprivacy.accounts.models import ParentSignInLink
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.dossier.models import RECORD_CATEGORIES
from schoolprivacy.people.models import Guardian, Pupil
from schoolprivacy.privacy_registry import DataSubject, registry
from schoolprivacy.retention.batches import erase_batch
from schoolprivacy.retention.tests.conftest import record

pytestmark = pytest.mark.django_db

KEYS = sorted(RECORD_CATEGORIES)


class Rollback(Exception):
    pass


def _scalars(value: object) -> bool:
    """Counts and IDs only: numbers, booleans, short codes, and lists or dicts of those."""
    if isinstance(value, dict):
        return all(_scalars(v) for v in value.values())
    if isinstance(value, list):
        return all(_scalars(v) for v in value)
    return isinstance(value, int | bool) or value is None


def test_erase_many_is_erase_per_subject(world):
    pupils = [world.pupil_a, world.pupil_a2, world.pupil_b]
    every = sorted({k for app in registry() for d in app.personal for k in d.keys})

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        data=st.lists(st.tuples(st.integers(0, 2), st.sampled_from(KEYS)), max_size=6),
        links=st.integers(0, 2),
        kind=st.sampled_from(["pupil", "guardian"]),
        chosen=st.lists(st.integers(0, 2), min_size=1, max_size=3, unique=True),
        categories=st.one_of(
            st.just(every), st.lists(st.sampled_from(every), min_size=1, max_size=8, unique=True)
        ),
    )
    def check(data, links, kind, chosen, categories):
        try:
            with transaction.atomic():
                for i, key in data:
                    record(pupils[i], key)
                for n in range(links):
                    ParentSignInLink.objects.create(
                        user=world.parent,
                        token_hash=f"{n}" * 64,
                        created_at=datetime(2026, 1, 5, tzinfo=UTC),
                        expires_at=datetime(2026, 1, 6, tzinfo=UTC),
                    )
                if kind == "pupil":
                    people = [Pupil.objects.get(pk=pupils[i].pk) for i in chosen]
                else:
                    everyone = list(Guardian.objects.filter(board=world.board).order_by("pk"))
                    people = [everyone[i] for i in chosen if i < len(everyone)]
                subjects = [DataSubject.of(p) for p in people]
                for app in registry():
                    if app.erase_many is None:
                        continue
                    one = {s: app.erase(s, actor_id=None, categories=categories) for s in subjects}
                    many = app.erase_many(subjects, actor_id=None, categories=categories)
                    assert many == one, app.label
                seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
                erase_batch(subjects, categories, dry_run=False)
                after = erase_batch(subjects, categories, dry_run=True)
                for subject in subjects:
                    for erasure in after[subject]:
                        left = {
                            k: n for k, n in erasure.counts.items() if n and k not in erasure.kept
                        }
                        assert left == {}, (subject, erasure)
                for event in AuditEvent.objects.filter(seq__gt=seq or 0):
                    assert _scalars(event.context), (event.action, event.context)
                raise Rollback
        except Rollback:
            pass

    check()
