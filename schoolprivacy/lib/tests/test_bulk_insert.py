"""`insert_new` writes the rows `bulk_create` writes (issue 18.2, decision 0053): the same values
in every column, encrypted fields encrypted, related objects saved after they were assigned, and
the new keys set on the objects; `insert_rows` the same for plain rows. On both databases
(PostgreSQL through COPY, decision 0060)."""

from datetime import date
from typing import Any

import pytest
from django.db import models

from schoolprivacy.accounts.models import ApiToken, User
from schoolprivacy.conftest import World
from schoolprivacy.lib.bulk_insert import insert_new, insert_rows
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil


def _pupils(world: World, tag: str) -> list[Pupil]:
    return [
        Pupil(
            board=world.board,
            school=world.school_a,
            external_id=f"{tag}{n}",
            given_names="Zoë Maria",
            first_name="Zoë",
            surname_prefix="van der" if n else "",
            surname=f"Berg{n}",
            date_of_birth=date(2015, 1, n + 1),
            enrolled_on=date(2021, 8, 1),
            left_on=date(2026, 7, 1) if n == 2 else None,
            email="" if n else "zoe@example.nl",
            education_number=f"12345678{n}" if n != 1 else "",
            education_number_hash=f"h{tag}{n}" if n != 1 else "",
        )
        for n in range(3)
    ]


def _columns(model: type[models.Model], pks: list[int], *made: str) -> list[dict[str, Any]]:
    """Every column of these rows but the key and the columns named in `made`."""
    names = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    rows = model._default_manager.filter(pk__in=pks).order_by("pk").values(*names)
    return [{k: v for k, v in row.items() if k not in made} for row in rows]


@pytest.mark.django_db
def test_the_same_rows_as_bulk_create(world: World) -> None:
    ours, theirs = _pupils(world, "a"), _pupils(world, "b")
    insert_new(ours)
    Pupil.objects.bulk_create(theirs)
    assert all(p.pk and not p._state.adding for p in ours)
    made = ("external_id", "education_number_hash")  # differ, as made
    mine = _columns(Pupil, [p.pk for p in ours], *made)
    django = _columns(Pupil, [p.pk for p in theirs], *made)
    assert mine == django and len(mine) == 3
    # Encrypted as bulk_create encrypts: read back, the numbers are the ones given.
    read = Pupil.objects.filter(pk__in=[p.pk for p in ours]).order_by("pk")
    assert [p.education_number for p in read] == ["123456780", "", "123456782"]
    assert [p.external_id for p in read] == ["a0", "a1", "a2"]


@pytest.mark.django_db
def test_keys_set_in_order_and_related_objects_saved_after_assignment(world: World) -> None:
    pupils = _pupils(world, "c")
    guardians = [Guardian(board=world.board, surname=f"Berg{n}", email=f"g{n}@example.nl")
                 for n in range(3)]  # fmt: skip
    # Linked before either has a key, as an import links a new guardian to a new pupil.
    links = [
        GuardianRelation(
            board=world.board, guardian=g, pupil=p, kind="parent", has_parental_authority=True
        )
        for g, p in zip(guardians, pupils, strict=True)
    ]
    insert_new(pupils)
    insert_new(guardians)
    insert_new(links)
    for link, guardian, pupil in zip(links, guardians, pupils, strict=True):
        stored = GuardianRelation.objects.get(pk=link.pk)
        assert (stored.guardian_id, stored.pupil_id) == (guardian.pk, pupil.pk)
        assert Guardian.objects.get(pk=guardian.pk).surname == guardian.surname
    users = [User(username=f"u{n}@example.nl", email=f"u{n}@example.nl", kind=User.Kind.PARENT)
             for n in range(2)]  # fmt: skip
    insert_new(users)
    assert [u.email for u in User.objects.filter(pk__in=[u.pk for u in users]).order_by("pk")] == [
        "u0@example.nl", "u1@example.nl"
    ]  # fmt: skip
    # date_joined comes from its field's default, as with bulk_create.
    assert all(u.date_joined for u in User.objects.filter(pk__in=[u.pk for u in users]))


@pytest.mark.django_db
def test_many_rows_in_batches(world: World, settings: Any) -> None:
    guardians = [Guardian(board=world.board, surname=f"S{n}") for n in range(2500)]
    insert_new(guardians)
    pks = [g.pk for g in guardians]
    assert len(set(pks)) == 2500 and pks == sorted(pks)
    stored = dict(Guardian.objects.filter(pk__in=pks).values_list("pk", "surname"))
    assert all(stored[g.pk] == g.surname for g in guardians)


@pytest.mark.django_db
def test_plain_rows_are_the_rows_bulk_create_writes_with_every_other_field_defaulted(
    world: World,
) -> None:
    pupils = _pupils(world, "d")
    insert_new(pupils)
    guardians = [Guardian(board=world.board, surname=f"Berg{n}") for n in range(6)]
    insert_new(guardians)
    names = ("board_id", "guardian_id", "pupil_id", "kind", "has_parental_authority")
    rows = [(world.board.pk, g.pk, p.pk, "parent", n != 1)
            for n, (g, p) in enumerate(zip(guardians[:3], pupils, strict=True))]  # fmt: skip
    keys = insert_rows(GuardianRelation, names, rows)
    # The same links for the other three guardians, through bulk_create.
    theirs = GuardianRelation.objects.bulk_create(
        [GuardianRelation(**dict(zip(names, (b, g.pk, *rest), strict=True)))
         for (b, _g, *rest), g in zip(rows, guardians[3:], strict=True)]
    )  # fmt: skip
    # Keys in the order of the rows; the unnamed fields (recognised, restriction...) defaulted.
    assert keys == sorted(keys) and len(set(keys)) == 3
    assert _columns(GuardianRelation, keys, "guardian_id") == _columns(
        GuardianRelation, [r.pk for r in theirs], "guardian_id"
    )
    stored = GuardianRelation.objects.get(pk=keys[1])
    assert (stored.guardian_id, stored.pupil_id, stored.has_parental_authority) == (
        guardians[1].pk, pupils[1].pk, False
    )  # fmt: skip
    assert stored.recognised is True and stored.ends_on is None


def test_plain_rows_refuse_a_field_that_sets_its_own_value() -> None:
    with pytest.raises(ValueError, match="created_at"):
        insert_rows(ApiToken, ("name",), [("a token",)])
