"""`any_of` finds what `__in` finds (issue 18.2), on both databases: keys, foreign keys across a
join, text and a lower-cased expression, with None and duplicates in the list and an empty list;
on PostgreSQL as one array parameter, elsewhere as Django's IN."""

from datetime import date

import pytest
from django.db import connection
from django.db.models.functions import Lower
from django.test.utils import CaptureQueriesContext

from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World
from schoolprivacy.lib.any_of import any_of
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil


def _pupils(world: World, n: int) -> list[Pupil]:
    return Pupil.objects.bulk_create(
        Pupil(
            board=world.board, school=world.school_a, external_id=f"any{k}", first_name="Sem",
            surname=f"Any{k}", date_of_birth=date(2015, 1, 1), enrolled_on=date(2021, 8, 1),
        )
        for k in range(n)
    )  # fmt: skip


@pytest.mark.django_db
def test_the_rows_of_in(world: World) -> None:
    pupils = _pupils(world, 5)
    ids = [p.pk for p in pupils[:3]]
    chosen = [ids[0], None, ids[2], ids[2], -1]
    assert set(Pupil.objects.filter(any_of("pk", chosen))) == set(
        Pupil.objects.filter(pk__in=[ids[0], ids[2], -1])  # `__in` drops None itself
    ) == {pupils[0], pupils[2]}  # fmt: skip
    keys = ["any1", "any4", "nobody", "ANY1"]
    assert sorted(
        Pupil.objects.filter(any_of("external_id", keys), school=world.school_a).values_list(
            "external_id", flat=True
        )
    ) == ["any1", "any4"]
    # An expression on the left, and a list given as any iterable.
    lowered = Pupil.objects.filter(any_of(Lower("external_id"), (k.lower() for k in keys)))
    assert sorted(p.external_id for p in lowered) == ["any1", "any4"]


@pytest.mark.django_db
def test_text_that_an_array_literal_must_escape(world: World) -> None:
    keys = ['a"b', "a\\b", "a,b", "{a}", " a ", "NULL", "", "Zoë", "a'b", '\\"', "a\nb"]
    pupils = Pupil.objects.bulk_create(
        Pupil(
            board=world.board, school=world.school_a, external_id=key, first_name="Sem",
            surname=f"Any{n}", date_of_birth=date(2015, 1, 1), enrolled_on=date(2021, 8, 1),
        )
        for n, key in enumerate(keys)
    )  # fmt: skip
    ours = Pupil.objects.filter(surname__startswith="Any")  # the world's pupils have no number
    for key, pupil in zip(keys, pupils, strict=True):
        assert list(ours.filter(any_of("external_id", [key, "nobody"]))) == [pupil]
    found = ours.filter(any_of("external_id", keys))
    assert sorted(p.external_id for p in found) == sorted(keys)
    # Values that are no plain strs are prepared by the field, as `__in` does.
    assert list(Pupil.objects.filter(any_of("surname", [_Name("Any0")]))) == [pupils[0]]


class _Name:
    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


@pytest.mark.django_db
def test_a_foreign_key_and_a_join(world: World) -> None:
    pupils = _pupils(world, 2)
    guardian = Guardian.objects.create(board=world.board, first_name="Anna", surname="Any")
    links = GuardianRelation.objects.bulk_create(
        GuardianRelation(
            board=world.board,
            guardian=guardian,
            pupil=p,
            kind="parent",
            has_parental_authority=True,
        )
        for p in pupils
    )
    found = GuardianRelation.objects.filter(any_of("pupil_id", [pupils[1].pk]))
    assert list(found) == [links[1]]
    by_school = GuardianRelation.objects.filter(any_of("pupil__school_id", [world.school_a.pk]))
    assert set(by_school) >= set(links)


@pytest.mark.django_db
def test_nothing_matches_an_empty_list_and_nothing_is_asked(world: World) -> None:
    _pupils(world, 1)
    with CaptureQueriesContext(connection) as queries:
        assert list(Pupil.objects.filter(any_of("pk", []))) == []
        assert list(Pupil.objects.filter(any_of("pk", [None]))) == []
    assert len(queries) == 0


@pytest.mark.django_db
def test_one_array_parameter_on_postgresql(world: World) -> None:
    pupils = _pupils(world, 3)
    with CaptureQueriesContext(connection) as queries:
        list(Pupil.objects.filter(any_of("pk", [p.pk for p in pupils])))
        list(User.objects.filter(any_of(Lower("email"), ["a@example.nl", "b@example.nl"])))
    sql = [q["sql"] for q in queries.captured_queries]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql[0] and "::bigint[]" in sql[0] and " IN (" not in sql[0]
        assert "::text[]" in sql[1]
    else:
        assert all(" IN (" in s and "ANY(" not in s for s in sql)
