"""Paginated lists sort names the Dutch way inside the database, on SQLite and PostgreSQL."""

import pytest

from schoolprivacy.lib.db_collation import compare, dutch_order
from schoolprivacy.people.models import Pupil
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db


def test_accented_and_lower_case_names_sort_with_their_letter_in_the_database():
    group = factories.make_group(school=factories.make_school(board=factories.make_board()))
    for surname in ("Zwart", "Wit", "çakir", "Bakker", "Çelik", "Öztürk"):
        factories.make_pupil(group=group, surname=surname)
    ordered = list(
        Pupil.objects.filter(school=group.school)
        .order_by(dutch_order("surname"), "id")
        .values_list("surname", flat=True)
    )
    # In byte order çakir, Çelik and Öztürk would come after Zwart.
    assert ordered == ["Bakker", "çakir", "Çelik", "Öztürk", "Wit", "Zwart"]


def test_the_sqlite_comparison_ignores_a_prefix_in_the_surname_field_and_is_a_total_order():
    assert compare("de Wit", "Çelik") > 0
    assert compare("Çelik", "Dam") < 0
    assert compare("Celik", "Çelik") != 0  # equal for readers, still a fixed order
    assert compare("Çelik", "Çelik") == 0
