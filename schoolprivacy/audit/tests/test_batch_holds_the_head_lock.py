"""A batch locks its chain's head at its first event, although it writes later (PostgreSQL, two
connections, forced interleaving): another transaction appending to the board waits until the
batch's transaction commits and then appends after its events (decision 0061). Without the lock
it would append first and the batch's flush would find the head moved and fail."""

from contextlib import nullcontext

import pytest
from django.db import connection, transaction

from schoolprivacy.audit.batch import audit_batch
from schoolprivacy.audit.models import AuditChainHead, AuditEvent
from schoolprivacy.audit.services import audit_record
from schoolprivacy.audit.verification import verify_chain
from schoolprivacy.testing.two_connections import Pause, interleave

CHAIN = 876_546


def _append(n: int = 1) -> None:
    for _ in range(n):
        audit_record(action="people.pupil.updated", board_id=CHAIN, actor_id=None)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections")
@pytest.mark.parametrize("second_batched", [False, True], ids=["unbatched", "batched"])
def test_another_transaction_waits_for_the_batch_and_appends_after_it(second_batched) -> None:
    _append()  # the chain exists and is committed at 1
    pause = Pause()

    def first() -> None:
        with transaction.atomic(), audit_batch():
            _append()  # held in memory, the head locked
            assert not AuditEvent.objects.filter(chain=CHAIN, seq__gt=1).exists()
            pause()
            _append(2)

    def second() -> None:
        with transaction.atomic(), audit_batch() if second_batched else nullcontext():
            _append()

    race = interleave(
        first, pause, second, second_waits=True,
        message="the second transaction should wait for the batch's head lock",
    )  # fmt: skip
    race.first.result()
    race.second.result()
    assert list(AuditEvent.objects.filter(chain=CHAIN).values_list("seq", flat=True)) == [
        1, 2, 3, 4, 5,
    ]  # fmt: skip
    assert AuditChainHead.objects.get(chain=CHAIN).seq == 5
    report = verify_chain(CHAIN)
    assert report.problem is None and report.checked == 5
