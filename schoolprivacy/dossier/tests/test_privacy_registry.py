"""Contract 4: every model field that may hold personal data is declared, under a taxonomy key
that the default register covers; every app exports and plans erasure through the registry."""

import dataclasses

import pytest

from schoolprivacy import privacy_registry
from schoolprivacy.privacy_registry import DataSubject, PersonalData, registry
from schoolprivacy.privacy_registry_checks import problems
from schoolprivacy.register.models import ProcessingActivity
from schoolprivacy.register.services.defaults import register_install_defaults
from schoolprivacy.taxonomy import BY_KEY


def test_every_personal_looking_field_is_declared():
    assert problems() == []


def test_an_undeclared_field_is_reported():
    # Take the declaration of Pupil.surname away: the check must notice.
    entries = []
    for app in registry():
        personal = tuple(
            dataclasses.replace(d, fields={k: v for k, v in d.fields.items() if k != "surname"})
            if d.model._meta.label == "people.Pupil"
            else d
            for d in app.personal
        )
        entries.append(dataclasses.replace(app, personal=personal))
    assert problems(entries) == [
        "people.Pupil.surname may hold personal data: declare it in schoolprivacy/people/"
        "privacy.py (PERSONAL_DATA, or NOT_PERSONAL with a reason)"
    ]


def test_a_declaration_of_a_missing_field_is_reported():
    from schoolprivacy.people.models import Pupil

    broken = dataclasses.replace(
        registry()[0], personal=(PersonalData(Pupil, {"shoe_size": "pupil.identity"}),)
    )
    assert any("shoe_size is declared" in p for p in problems([broken]))


def test_every_declared_key_is_in_the_taxonomy():
    declared = {k for d in privacy_registry.declarations() for k in d.keys}
    assert declared - set(BY_KEY) == set()


@pytest.mark.django_db
def test_every_declared_key_is_covered_by_the_default_register(world):
    register_install_defaults(board=world.board, actor_id=None)
    activities = ProcessingActivity.objects.filter(board=world.board, is_active=True)
    covered = {key for activity in activities for key in activity.categories}
    declared = {k for d in privacy_registry.declarations() for k in d.keys}
    assert declared - covered == set()


def test_apps_with_personal_data_have_a_privacy_module():
    labels = {app.label for app in registry()}
    assert {"people", "accounts", "access", "audit", "dossier", "schools", "register"} <= labels
    assert "demo" not in labels


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["pupil_a", "teacher", "parent"])
def test_every_app_exports_and_plans_erasure_for_every_kind_of_subject(world, persona):
    person = getattr(world, persona)
    if persona == "teacher":
        person = person.staff
    elif persona == "parent":
        person = person.guardian
    subject = DataSubject.of(person)
    exported = privacy_registry.export_subject(subject)
    assert exported, "a subject always has some data"
    assert all(key.startswith(f"{subject.kind}.") for key in exported), exported.keys()
    plans = privacy_registry.erase_subject(subject, actor_id=None)
    assert all(not plan.done for plan in plans)
