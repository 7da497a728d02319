"""The incident's categories and pupils come from the data map: the register's systems give the
categories, the privacy registry gives the pupils who have data of those categories."""

from django.utils import timezone
from django.utils.text import slugify

from schoolprivacy.breaches.impact import categories_for_systems, known_systems, pupils_concerned
from schoolprivacy.breaches.services import breach_report
from schoolprivacy.conftest import World
from schoolprivacy.dossier.models import Record
from schoolprivacy.register.models import ProcessingActivity


def _concerned(world: World, *systems: str) -> set[int]:
    impact = categories_for_systems(world.board.pk, systems)
    return set(pupils_concerned(world.board.pk, impact).values_list("pk", flat=True))


def test_a_system_of_every_school_concerns_every_pupil_and_its_categories(registered: World):
    w = registered
    impact = categories_for_systems(w.board.pk, ["parnassys"])  # names match case-insensitively
    assert "pupil.education_number" in impact.categories
    assert "pupil.care.diagnosis" in impact.categories
    assert "pupil_administration" in impact.because_of["pupil.education_number"]
    assert _concerned(w, "ParnasSys") == {w.pupil_a.pk, w.pupil_a2.pk, w.pupil_b.pk}


def _activity(world: World, system: str, categories: list[str], school_kind: str = "") -> None:
    any_activity = ProcessingActivity.objects.filter(board=world.board).first()
    assert any_activity is not None
    ProcessingActivity.objects.create(
        board=world.board,
        key=slugify(system),
        name=system,
        purpose="Test",
        legal_basis="e",
        categories=categories,
        systems=[system],
        school_kind=school_kind,
        retention_rule=any_activity.retention_rule,
    )


def test_a_system_of_primary_schools_only_concerns_their_pupils(registered: World):
    w = registered
    _activity(w, "Leerlingvolgsysteem PO", ["pupil.identity"], school_kind="primary")
    assert _concerned(w, "Leerlingvolgsysteem PO") == {w.pupil_a.pk, w.pupil_a2.pk}


def test_data_on_some_pupils_only_concerns_those_pupils(registered: World):
    w = registered
    _activity(w, "Toetsplatform X", ["pupil.results.tests"])
    Record.objects.create(
        board=w.board,
        school=w.school_a,
        pupil=w.pupil_a,
        category_key="pupil.results.tests",
        title="Rekentoets",
        recorded_at=timezone.now(),
        recorded_by=w.teacher,
    )
    assert _concerned(w, "Toetsplatform X") == {w.pupil_a.pk}


def test_an_unknown_system_concerns_nothing(registered: World):
    w = registered
    assert categories_for_systems(w.board.pk, ["Paper notebook"]).categories == ()
    assert _concerned(w, "Paper notebook") == set()


def test_the_report_stores_the_computed_impact(registered: World):
    w = registered
    breach = breach_report(
        actor=w.teacher,
        aware_at=timezone.now(),
        description="Lijst met toetsuitslagen naar verkeerde ouder gemaild.",
        systems=["OSO"],
    )
    assert breach.affected_pupils == 3
    assert "pupil.identity" in breach.categories
    assert "OSO" in known_systems(w.board.pk)
