"""Awkward text survives `insert_new` and `insert_rows` exactly as `bulk_create` writes it: on
PostgreSQL the rows go through COPY's text format (decision 0060), where a tab, a line break, a
backslash or the two characters `\\N` mean something, and an empty text is not NULL."""

from datetime import date
from typing import Any

import pytest
from django.db import models

from schoolprivacy.conftest import World
from schoolprivacy.dossier.education_numbers import education_number_hash
from schoolprivacy.lib.bulk_insert import insert_new, insert_rows
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil

AWKWARD = [
    "tab\there",
    "line\nbreak",
    "carriage\rreturn\r\n",
    "back\\slash\\",
    "\\N",
    "\\.",
    "",
    "'single' \"double\" `back`",
    "Zoë Ærøskøbing İstanbul ß",
    "emoji 👩\u200d👩\u200d👧 \U0001d518\U0001d52b",  # a joined emoji, astral letters
    "x" * 200,
    " leading and trailing ",
    "\\\\N\\t",
]


def _columns(model: type[models.Model], pks: list[int], *made: str) -> list[dict[str, Any]]:
    names = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    rows = model._default_manager.filter(pk__in=pks).order_by("pk").values(*names)
    return [{k: v for k, v in row.items() if k not in made} for row in rows]


def _pupils(world: World, tag: str) -> list[Pupil]:
    return [
        Pupil(
            board=world.board, school=world.school_a, external_id=f"{tag}{n}",
            given_names=text or "g", first_name=text[:100], surname_prefix=text[:20],
            surname=text, date_of_birth=date(2015, 1, 1), enrolled_on=date(2021, 8, 1),
            education_number=tag + text,
            education_number_hash=education_number_hash(tag + text),
        )
        for n, text in enumerate(AWKWARD)
    ]  # fmt: skip


@pytest.mark.django_db
def test_awkward_text_round_trips_as_bulk_create_writes_it(world: World) -> None:
    ours, theirs = _pupils(world, "a"), _pupils(world, "b")
    insert_new(ours)
    Pupil.objects.bulk_create(theirs)
    made = ("external_id", "education_number", "education_number_hash")  # differ, as made
    mine = _columns(Pupil, [p.pk for p in ours], *made)
    django = _columns(Pupil, [p.pk for p in theirs], *made)
    assert mine == django
    read = Pupil.objects.filter(pk__in=[p.pk for p in ours]).order_by("pk")
    assert [p.surname for p in read] == AWKWARD
    # The encrypted field decrypts to the same text, the empty one included.
    assert [p.education_number for p in read] == ["a" + text for text in AWKWARD]
    assert [p.education_number_hash for p in read] == [p.education_number_hash for p in ours]


@pytest.mark.django_db
def test_empty_text_is_not_null_and_null_is_null(world: World) -> None:
    pupils = _pupils(world, "c")[:2]
    pupils[0].left_on = None
    pupils[1].left_on = date(2026, 7, 1)
    pupils[0].surname_prefix = ""
    insert_new(pupils)
    stored = Pupil.objects.filter(pk__in=[p.pk for p in pupils]).order_by("pk")
    assert [(p.surname_prefix, p.left_on) for p in stored] == [
        ("", None), ("line\nbreak", date(2026, 7, 1))
    ]  # fmt: skip


@pytest.mark.django_db
def test_lookup_hash_written_by_insert_finds_the_pupil(world: World) -> None:
    pupil = _pupils(world, "d")[0]
    pupil.education_number = "123456782"
    pupil.education_number_hash = education_number_hash("123456782")
    insert_new([pupil])
    found = Pupil.objects.get(education_number_hash=education_number_hash("123456782"))
    assert found.pk == pupil.pk and found.education_number == "123456782"


@pytest.mark.django_db
def test_awkward_text_in_plain_rows(world: World) -> None:
    pupils = _pupils(world, "e")
    insert_new(pupils)
    guardians = [Guardian(board=world.board, surname=text, first_name=text[:100], email="")
                 for text in AWKWARD]  # fmt: skip
    insert_new(guardians)
    stored = Guardian.objects.filter(pk__in=[g.pk for g in guardians]).order_by("pk")
    assert [g.surname for g in stored] == AWKWARD
    names = ("board_id", "guardian_id", "pupil_id", "kind", "has_parental_authority")
    keys = insert_rows(GuardianRelation, names, [
        (world.board.pk, g.pk, p.pk, "other", False) for g, p in zip(guardians, pupils, strict=True)
    ])  # fmt: skip
    assert GuardianRelation.objects.filter(pk__in=keys).count() == len(AWKWARD)
