"""Keys drawn from the sequence while another connection inserts into the same table (PostgreSQL,
decision 0060): `insert_new` takes its keys with `nextval` and sends the rows by COPY later, in
its own transaction. Another connection inserting between the two (by `bulk_create`, or by
`insert_new` itself) must get other keys, and neither must wait for the other: a sequence hands
each number out once, whatever the transactions do.

SQLite needs no such test: its write transactions never overlap."""

import psycopg
import pytest
from django.db import connection, transaction

from schoolprivacy.conftest import World
from schoolprivacy.lib.bulk_insert import insert_new
from schoolprivacy.people.models import Guardian
from schoolprivacy.testing.two_connections import Pause, interleave

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections"),
]


def test_rows_inserted_between_our_keys_and_our_copy_get_other_keys(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    pause = Pause()
    # Stop the first connection after it drew its keys, before COPY sends its rows.
    monkeypatch.setattr(psycopg.Cursor, "copy", pause.before(psycopg.Cursor.copy))
    ours = [Guardian(board_id=world.board.pk, surname=f"Ours{n}") for n in range(50)]
    theirs = [Guardian(board_id=world.board.pk, surname=f"Theirs{n}") for n in range(30)]
    copied = [Guardian(board_id=world.board.pk, surname=f"Copied{n}") for n in range(20)]

    def first() -> None:
        with transaction.atomic():
            insert_new(ours)

    def second() -> None:
        with transaction.atomic():
            Guardian.objects.bulk_create(theirs)
            insert_new(copied)  # its COPY runs past the pause, which stops one call only

    race = interleave(first, pause, second, second_waits=False, message="a sequence never waits")
    race.first.result()
    race.second.result()
    keys = [g.pk for g in (*ours, *theirs, *copied)]
    assert len(set(keys)) == 100
    stored = dict(Guardian.objects.filter(pk__in=keys).values_list("pk", "surname"))
    assert {g.pk: g.surname for g in (*ours, *theirs, *copied)} == stored
    # A later insert on the usual path does not collide with the keys COPY wrote.
    later = Guardian.objects.create(board_id=world.board.pk, surname="Later")
    assert later.pk not in keys
