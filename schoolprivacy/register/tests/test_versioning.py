"""Every change to an activity is an immutable version plus an audit event naming the fields."""

from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.register.models import ActivityVersion, ProcessingActivity
from schoolprivacy.register.services import (
    ActivityData,
    Recipient,
    activity_create,
    activity_deactivate,
    activity_reactivate,
    activity_update,
    register_install_defaults,
)
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db


def _photos(register: list[ProcessingActivity]) -> ProcessingActivity:
    return next(a for a in register if a.key == "photos")


def _events(activity: ProcessingActivity) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            subject_rows__subject_type="register.processingactivity",
            subject_rows__subject_id=activity.pk,
        ).order_by("seq")
    )


def test_an_edit_creates_a_version_and_an_audit_event_with_the_changed_fields(world, register):
    activity = _photos(register)
    data = replace(
        ActivityData.from_activity(activity),
        purpose="Alleen foto's op de schoolwebsite.",
        systems=("Schoolprivacy", "Website"),
    )

    updated = activity_update(activity=activity, data=data, actor_id=world.privacy_officer.pk)

    assert updated.version == 2
    version = ActivityVersion.objects.get(activity=activity, number=2)
    assert version.changed_fields == ["purpose", "systems"]
    assert version.changed_by == world.privacy_officer.pk
    assert version.data["purpose"] == "Alleen foto's op de schoolwebsite."
    event = _events(activity)[-1]
    assert event.action == "register.activity.updated"
    assert event.fields == ["purpose", "systems"]
    assert event.actor_id == world.privacy_officer.pk
    assert event.context == {"version": 2, "change": "edited"}


def test_the_first_version_keeps_the_old_values(world, register):
    activity = _photos(register)
    before = activity.purpose
    data = replace(ActivityData.from_activity(activity), purpose="Nieuw doel.")
    activity_update(activity=activity, data=data, actor_id=world.privacy_officer.pk)
    assert ActivityVersion.objects.get(activity=activity, number=1).data["purpose"] == before


def test_saving_without_changes_records_nothing(world, register):
    activity = _photos(register)
    events = len(_events(activity))
    data = ActivityData.from_activity(activity)
    assert activity_update(activity=activity, data=data, actor_id=None).version == 1
    assert len(_events(activity)) == events


def test_deactivating_and_reactivating_are_versioned_changes(world, register):
    activity = _photos(register)
    activity = activity_deactivate(activity=activity, actor_id=world.privacy_officer.pk)
    assert not activity.is_active
    activity = activity_reactivate(activity=activity, actor_id=world.privacy_officer.pk)
    assert activity.is_active and activity.version == 3
    assert [e.context.get("change") for e in _events(activity)[-2:]] == [
        "deactivated",
        "reactivated",
    ]
    assert all(e.fields == ["is_active"] for e in _events(activity)[-2:])


def test_versions_cannot_be_changed_or_deleted(register):
    version = ActivityVersion.objects.filter(activity=register[0]).first()
    assert version is not None
    version.data = {}
    with pytest.raises(ValueError, match="immutable"):
        version.save()
    with pytest.raises(ValueError, match="immutable"):
        version.delete()


def test_creating_an_activity_records_version_one(world, register):
    rule = register[0].retention_rule
    data = ActivityData(
        name="Schoolreis",
        purpose="Om de schoolreis te organiseren.",
        legal_basis="e",
        retention_rule=rule,
        categories=("pupil.identity", "guardian.contact"),
        data_subjects=("pupil", "guardian"),
        recipients=(Recipient("Busbedrijf", "e"),),
    )
    activity = activity_create(board=world.board, data=data, actor_id=world.privacy_officer.pk)
    assert activity.key == "schoolreis"
    assert activity.versions.get().number == 1
    assert _events(activity)[-1].action == "register.activity.created"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"categories": ("pupil.shoe_size",)}, "categories"),
        ({"categories": ()}, "categories"),
        ({"categories": ("pupil.care.diagnosis",), "special_basis": ""}, "special_basis"),
        (
            {"categories": ("pupil.education_number",), "legal_basis_article": ""},
            "legal_basis_article",
        ),
        ({"categories": ("staff.identity",), "data_subjects": ("pupil",)}, "data_subjects"),
        ({"legal_basis": "z"}, "legal_basis"),
        ({"access_roles": ("janitor",)}, "access_roles"),
        ({"recipients": (Recipient("DUO", "x"),)}, "recipients"),
    ],
)
def test_it_refuses_an_unsound_register_entry(world, register, change, field):
    activity = _photos(register)
    data = replace(ActivityData.from_activity(activity), **change)
    with pytest.raises(ValidationError) as error:
        activity_update(activity=activity, data=data, actor_id=None)
    assert field in error.value.message_dict
    activity.refresh_from_db()
    assert activity.version == 1


def test_it_refuses_a_retention_rule_of_another_board(world, register):
    other = factories.make_board()
    foreign_rule = register_install_defaults(board=other, actor_id=None)[0].retention_rule
    activity = _photos(register)
    data = replace(ActivityData.from_activity(activity), retention_rule=foreign_rule)
    with pytest.raises(ValidationError) as error:
        activity_update(activity=activity, data=data, actor_id=None)
    assert "retention_rule" in error.value.message_dict
