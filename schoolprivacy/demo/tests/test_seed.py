from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from schoolprivacy.access.models import Assignment, Role
from schoolprivacy.people.models import GroupMembership, Guardian, Pupil
from schoolprivacy.schools.models import Board, School

pytestmark = pytest.mark.django_db


def seed(**options: object) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("seed", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_it_seeds_the_requested_pupils_with_memberships_and_guardians():
    out, err = seed(pupils=300, schools=3, random_seed=7)
    board = Board.objects.get(board_number="50000")
    pupils = Pupil.objects.filter(board=board)
    assert pupils.count() == 300
    assert not pupils.filter(memberships__isnull=True).exists()
    assert not pupils.filter(left_on__isnull=True).exclude(memberships__ends_on=None).exists()
    assert pupils.filter(left_on__isnull=False).exists()
    assert not pupils.filter(guardian_relations__isnull=True).exists()
    assert Guardian.objects.filter(board=board).count() > 200

    schools = School.objects.filter(board=board)
    assert {s.kind for s in schools} == {"primary", "secondary"}
    assert len({s.brin for s in schools}) == 3
    assigned = Assignment.objects.filter(board=board)
    assert assigned.filter(role=Role.TEACHER).count() >= 10  # one per group of ~25
    assert assigned.filter(role=Role.PRIVACY_OFFICER).count() == 1

    assert "300 pupils" in out and "pupils/s" in out
    assert "100%" in err


def test_it_needs_far_fewer_queries_than_pupils(django_assert_max_num_queries):
    # A fixed budget whatever the number of pupils: a few bulk inserts per step (organisation,
    # pupils, guardians, staff, default register, consent purposes, photo channels, dossier
    # records and education numbers).
    with django_assert_max_num_queries(90):
        seed(pupils=300, schools=3, random_seed=7)
    assert GroupMembership.objects.count() > 300


def test_it_makes_the_same_pupils_from_the_same_random_seed():
    seed(pupils=120, schools=2, random_seed=42, board_number="50001")
    seed(pupils=120, schools=2, random_seed=42, board_number="50002")

    def pupils(number: str) -> list[tuple[str, str, object]]:
        rows = Pupil.objects.filter(board__board_number=number).order_by("pk")
        return list(rows.values_list("given_names", "surname", "date_of_birth"))

    assert pupils("50001") == pupils("50002")
    assert len(set(School.objects.values_list("brin", flat=True))) == 4


def test_it_refuses_the_demo_board_number_and_taken_ones():
    with pytest.raises(CommandError, match="demo board"):
        seed(pupils=10, schools=1, board_number="99999")
    seed(pupils=10, schools=1, board_number="50010")
    with pytest.raises(CommandError, match="already exists"):
        seed(pupils=10, schools=1, board_number="50010")


def test_it_refuses_to_run_in_production_mode(settings):
    settings.MODE = "production"
    with pytest.raises(CommandError, match="BRIN"):
        seed(pupils=10, schools=1)
    assert not Board.objects.exists()
