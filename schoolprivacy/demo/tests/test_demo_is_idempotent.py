from schoolprivacy.access.models import Assignment
from schoolprivacy.accounts.models import User
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.demo.tests.conftest import run_demo
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil, Staff
from schoolprivacy.schools.models import Board, Group, School

MODELS = (Board, School, Group, Pupil, Guardian, GuardianRelation, Staff, Assignment, User)


def test_it_seeds_each_persona_once(demo):
    before = {model: model.objects.count() for model in MODELS}
    output = run_demo()
    assert {model: model.objects.count() for model in MODELS} == before
    assert User.objects.filter(username="leerkracht").count() == 1
    assert "already there" in output


def test_it_prints_the_personas_every_time(demo):
    output = run_demo()
    for username in ("fg", "directeur", "leerkracht", "ib", "administratie", "leerkracht.b"):
        assert f" {username} " in output
    assert "demo-wachtwoord-2026" in output
    assert "schoolprivacy demo-code USERNAME" in output
    assert "/ouders/inloggen/, enter ouder@voorbeeld.nl" in output


def test_it_records_counts_not_names_in_the_audit_log(demo):
    events = AuditEvent.objects.filter(chain=demo.pk, action__startswith="demo.")
    assert {e.action for e in events} == {
        "demo.organisation.seeded",
        "demo.pupils.seeded",
        "demo.guardians.seeded",
        "demo.staff.seeded",
        "demo.personas.seeded",
    }
    pupils = events.get(action="demo.pupils.seeded")
    assert pupils.context["pupils"] == Pupil.objects.filter(board=demo).count()
    assert all(e.subjects == [] for e in events)
