"""A batch locks its chain's head at its first event, although it writes later (PostgreSQL, two
connections, forced interleaving): another transaction appending to the board waits until the
batch's transaction commits and then appends after its events (decision 0061). Without the lock
it would append first and the batch's flush would find the head moved and fail."""

import threading
from contextlib import nullcontext
from typing import Any

import pytest
from django.db import connection, connections, transaction

from schoolprivacy.audit.batch import audit_batch
from schoolprivacy.audit.models import AuditChainHead, AuditEvent
from schoolprivacy.audit.services import audit_record
from schoolprivacy.audit.verification import verify_chain

CHAIN = 876_546


def _append(n: int = 1) -> None:
    for _ in range(n):
        audit_record(action="people.pupil.updated", board_id=CHAIN, actor_id=None)


def _in_thread(action: Any) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            action()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections")
@pytest.mark.parametrize("second_batched", [False, True], ids=["unbatched", "batched"])
def test_another_transaction_waits_for_the_batch_and_appends_after_it(second_batched) -> None:
    _append()  # the chain exists and is committed at 1
    held, release = threading.Event(), threading.Event()

    def first() -> None:
        with transaction.atomic(), audit_batch():
            _append()  # held in memory, the head locked
            held.set()
            assert release.wait(20)
            _append(2)

    def second() -> None:
        with transaction.atomic(), audit_batch() if second_batched else nullcontext():
            _append()

    one, one_errors = _in_thread(first)
    assert held.wait(20)
    two, two_errors = _in_thread(second)
    two.join(1.0)
    assert two.is_alive(), "the second transaction should wait for the batch's head lock"
    assert AuditEvent.objects.filter(chain=CHAIN).count() == 1
    release.set()
    one.join(30)
    two.join(30)
    assert not one_errors and not two_errors, (one_errors, two_errors)
    assert list(AuditEvent.objects.filter(chain=CHAIN).values_list("seq", flat=True)) == [
        1, 2, 3, 4, 5,
    ]  # fmt: skip
    assert AuditChainHead.objects.get(chain=CHAIN).seq == 5
    report = verify_chain(CHAIN)
    assert report.problem is None and report.checked == 5
