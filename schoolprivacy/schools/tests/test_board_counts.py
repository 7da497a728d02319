"""Counts per board go to each board's own chain; a board that is gone gets none of its own."""

import pytest

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.schools.board_counts import counts_audit
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db


def test_each_board_its_count_and_a_gone_board_in_the_chain_of_no_board() -> None:
    board = factories.make_board(name="Stichting Telling")
    gone = board.pk + 1000
    counts_audit("photos.orphans.deleted", {gone: 2, board.pk: 3}, channel="command")
    events = AuditEvent.objects.filter(action="photos.orphans.deleted").order_by("seq", "chain")
    assert sorted((e.chain, e.context["files"], e.channel) for e in events) == [
        (0, 2, "command"),
        (board.pk, 3, "command"),
    ]
