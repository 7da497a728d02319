"""Every app's `erase` really erases: after a real run, each category it counted is gone (a new
dry run counts 0) or was kept on purpose with a reason code; none says "not_implemented"."""

from datetime import UTC, datetime

import pytest

from schoolprivacy.accounts.models import ApiToken, ParentSignInLink, User
from schoolprivacy.dossier.models import Record
from schoolprivacy.people.models import GroupMembership, Guardian, Pupil, Staff
from schoolprivacy.privacy_registry import DataSubject, erase_subject
from schoolprivacy.schools.models import Location

pytestmark = pytest.mark.django_db

# Reasons an app may give for keeping a category (privacy_registry.Erasure.kept).
KEEP_REASONS = {
    "accountability",
    "append_only_audit_log",
    "register_history",
    "needed_for_retention",
}


def _record(world, pupil: Pupil, key: str) -> Record:
    return Record.objects.create(
        board=pupil.board,
        school=pupil.school,
        pupil=pupil,
        category_key=key,
        title="Toets",
        body="x",
        recorded_at=datetime(2026, 1, 5, tzinfo=UTC),
        recorded_by=world.teacher,
    )


def _check(subject: DataSubject) -> list:
    planned = erase_subject(subject, actor_id=None, dry_run=True)
    for erasure in planned:
        assert not erasure.done
        assert "not_implemented" not in erasure.kept.values(), erasure
    done = erase_subject(subject, actor_id=None, dry_run=False)
    after = {e.app: e for e in erase_subject(subject, actor_id=None, dry_run=True)}
    for erasure in done:
        assert erasure.done
        for key, count in erasure.counts.items():
            if key in erasure.kept:
                assert erasure.kept[key] in KEEP_REASONS, (erasure.app, key)
            else:
                # Reported as erased: a new plan finds nothing left of it.
                assert after[erasure.app].counts.get(key, 0) == 0, (erasure.app, key, count)
    return done


def test_a_pupil_is_really_erased(world):
    pupil = world.pupil_a
    _record(world, pupil, "pupil.results.tests")
    _record(world, pupil, "pupil.care.diagnosis")
    Pupil.objects.filter(pk=pupil.pk).update(email="sanne@example.nl")
    pupil.refresh_from_db()
    done = _check(DataSubject.of(pupil))
    counts = {(e.app, k): n for e in done for k, n in e.counts.items()}
    assert counts[("dossier", "pupil.results.tests")] == 1
    assert counts[("people", "pupil.identity")] == 1
    assert counts[("people", "pupil.contact")] == 1
    assert not Record.objects.filter(pupil_id=pupil.pk).exists()
    assert not GroupMembership.objects.filter(pupil_id=pupil.pk).exists()
    # Nothing else kept it: the row itself is gone.
    assert not Pupil.objects.filter(pk=pupil.pk).exists()


def test_a_pupil_kept_by_the_consent_ledger_stays_an_empty_shell(world):
    from schoolprivacy.consents.services import consent_decide, purposes_install_defaults

    pupil = world.pupil_a
    purpose = purposes_install_defaults(board=world.board, actor_id=None)[0]
    guardian = world.parent.guardians.get()
    consent_decide(
        actor=world.parent,
        pupil=pupil,
        purpose=purpose,
        decision="granted",
        by_guardian=guardian,
        method="portal",
    )
    _check(DataSubject.of(pupil))
    # The ledger is the proof of consent (kept with a reason); the pupil row is an empty shell.
    shell = Pupil.objects.get(pk=pupil.pk)
    assert (shell.first_name, shell.surname, shell.given_names, shell.email) == ("", "", "", "")
    assert (shell.date_of_birth.month, shell.date_of_birth.day) == (1, 1)
    assert shell.date_of_birth.year == 2017


def test_a_guardian_is_really_erased(world):
    guardian = world.parent.guardians.get()
    ParentSignInLink.objects.create(
        user=world.parent,
        token_hash="a" * 64,
        created_at=datetime(2026, 1, 5, tzinfo=UTC),
        expires_at=datetime(2026, 1, 6, tzinfo=UTC),
    )
    _check(DataSubject.of(guardian))
    user = User.objects.get(pk=world.parent.pk)
    assert user.email == "" and not user.is_active and user.username.startswith("erased-")
    assert not ParentSignInLink.objects.filter(user=user).exists()
    assert not Guardian.objects.filter(pk=guardian.pk).exists()


def test_a_staff_member_is_really_erased(world):
    staff = Staff.objects.get(user=world.director)
    Staff.objects.filter(pk=staff.pk).update(email="dir@school.nl")
    location = Location.objects.create(
        board=world.board, school=world.school_a, name="Hoofdgebouw", location_code="12AB00"
    )
    Location.objects.filter(pk=location.pk).update(director=staff)
    ApiToken.objects.create(
        user=world.director,
        prefix="abc",
        token_hash="b" * 64,
        expires_at=datetime(2099, 1, 1, tzinfo=UTC),
    )
    staff.refresh_from_db()
    _check(DataSubject.of(staff))
    staff.refresh_from_db()
    assert (staff.first_name, staff.surname, staff.email) == ("", "", "")
    assert Location.objects.get(pk=location.pk).director_id is None
    assert not ApiToken.objects.filter(user=world.director).exists()
