"""Every app holding pupil or parent data has the batch form of `erase` (privacy_registry
.ManyEraser), and it answers per subject what `erase` answers: the same counts in a dry run, the
same data gone in a real one, with one audit event per batch instead of one per subject."""

from datetime import UTC, datetime

import pytest

from schoolprivacy.accounts.models import ParentSignInLink, User
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.consents.services import consent_decide, purposes_install_defaults
from schoolprivacy.people.models import GroupMembership, Guardian, GuardianRelation, Pupil, Staff
from schoolprivacy.privacy_registry import DataSubject, registry
from schoolprivacy.retention.batches import erase_batch
from schoolprivacy.retention.tests.conftest import record

pytestmark = pytest.mark.django_db


def _subjects(world) -> list[DataSubject]:
    """Two pupils (one kept as a shell by the consent ledger), their parents, a staff member."""
    a, b = world.pupil_a, world.pupil_b
    record(a, "pupil.results.tests")
    record(a, "pupil.care.referral")
    record(b, "pupil.absence")
    Pupil.objects.filter(pk=a.pk).update(email="sanne@example.nl")
    purpose = purposes_install_defaults(board=world.board, actor_id=None)[0]
    guardian = world.parent.guardians.get()
    consent_decide(
        actor=world.parent,
        pupil=a,
        purpose=purpose,
        decision="granted",
        by_guardian=guardian,
        method="portal",
    )
    ParentSignInLink.objects.create(
        user=world.parent,
        token_hash="a" * 64,
        created_at=datetime(2026, 1, 5, tzinfo=UTC),
        expires_at=datetime(2026, 1, 6, tzinfo=UTC),
    )
    people = [
        Pupil.objects.get(pk=a.pk),
        Pupil.objects.get(pk=b.pk),
        guardian,
        world.parent_b.guardians.get(),
        Staff.objects.get(user=world.director),
    ]
    return [DataSubject.of(p) for p in people]


def _keys(app) -> list[str]:
    return sorted({k for d in app.personal for k in d.keys})


def test_every_app_with_pupil_or_parent_data_has_the_batch_form():
    missing = [
        app.label
        for app in registry()
        if any(k.split(".")[0] in ("pupil", "guardian") for k in _keys(app))
        and app.erase_many is None
    ]
    assert missing == []


def test_a_dry_run_in_a_batch_counts_what_erase_counts(world):
    subjects = _subjects(world)
    checked = 0
    for app in registry():
        if app.erase_many is None:
            continue
        keys = _keys(app)
        one_by_one = {s: app.erase(s, actor_id=None, categories=keys) for s in subjects}
        assert app.erase_many(subjects, actor_id=None, categories=keys) == one_by_one, app.label
        checked += any(e.counts for e in one_by_one.values())
    assert checked >= 5  # people, dossier, consents, accounts, retention at least had something


def test_a_real_batch_erases_what_erase_would_and_audits_once_per_app(world):
    subjects = _subjects(world)
    pupil_a, pupil_b, guardian, _other, _staff = subjects
    every = sorted({k for app in registry() for k in _keys(app)})
    before = AuditEvent.objects.filter(action="people.pupil.erased").count()
    # One kind per batch, as the purge's phases do.
    for batch in (subjects[:2], subjects[2:4], subjects[4:]):
        planned = erase_batch(batch, every, dry_run=True)
        done = erase_batch(batch, every, dry_run=False)
        for subject in batch:
            said = {(e.app, k): n for e in planned[subject] for k, n in e.counts.items()}
            assert {(e.app, k): n for e in done[subject] for k, n in e.counts.items()} == said
    # Nothing reported as erased is left: a new dry run, one subject at a time, finds none.
    after = erase_batch(subjects, every, dry_run=True)
    for subject in subjects:
        for erasure in after[subject]:
            left = {k: n for k, n in erasure.counts.items() if n and k not in erasure.kept}
            assert left == {}, (subject, erasure)
    # The consent ledger keeps its pupil as an empty shell; the other pupil's row is gone.
    shell = Pupil.objects.get(pk=pupil_a.id)
    assert (shell.first_name, shell.surname, shell.email) == ("", "", "")
    assert (shell.date_of_birth.month, shell.date_of_birth.day) == (1, 1)
    assert not Pupil.objects.filter(pk=pupil_b.id).exists()
    assert not GroupMembership.objects.filter(pupil_id__in=[pupil_a.id, pupil_b.id]).exists()
    assert not GuardianRelation.objects.filter(guardian_id=guardian.id).exists()
    user = User.objects.get(pk=world.parent.pk)
    assert user.email == "" and not user.is_active
    assert not ParentSignInLink.objects.filter(user=user).exists()
    assert Guardian.objects.filter(pk=guardian.id).exists()  # kept by the consent ledger
    # One event for the batch, naming both pupils by ID.
    events = AuditEvent.objects.filter(action="people.pupil.erased")
    assert events.count() == before + 1
    named = {s["id"] for s in events.latest("seq").subjects}
    assert named == {pupil_a.id, pupil_b.id}
