"""Per-supplier pseudonyms: stable per pupil, different per supplier (suppliers cannot link)."""

import csv
import io

import pytest

from schoolprivacy.conftest import World
from schoolprivacy.suppliers.exports.service import export_make
from schoolprivacy.suppliers.tests.helpers import make_agreement, make_supplier

pytestmark = pytest.mark.django_db


def _keys(world: World, agreement_id: int) -> dict[str, str]:
    from schoolprivacy.suppliers.models import Agreement

    made = export_make(
        agreement=Agreement.objects.get(pk=agreement_id),
        school=world.school_a,
        actor=world.administration,
        fmt="uwlr_csv",
    )
    rows = csv.DictReader(io.StringIO(made.file.read().decode()))
    return {row["first_name"]: row["pseudonym"] for row in rows}


def test_pseudonyms_are_stable_and_differ_per_supplier(world: World) -> None:
    fields = ["pseudonym", "first_name"]
    one = make_agreement(world, supplier=make_supplier(world, "Een"), fields=fields)
    two = make_agreement(world, supplier=make_supplier(world, "Twee"), fields=fields)
    first = _keys(world, one.pk)
    assert first == _keys(world, one.pk)  # stable
    second = _keys(world, two.pk)
    assert set(first) == set(second) == {"Sanne", "Daan"}
    assert not set(first.values()) & set(second.values())  # nothing to link on
    assert len(set(first.values())) == 2  # one per pupil
