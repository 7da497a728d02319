"""The demo has a queue of rights requests: the persona parent's inspection request with a
proposed correction, a letter recorded by the administration, an extended request."""

from schoolprivacy.requests.models import Correction, Request
from schoolprivacy.schools.models import Board


def test_the_demo_has_a_queue_of_requests(demo: Board) -> None:
    rows = Request.objects.filter(board=demo)
    assert sorted(rows.values_list("kind", "status")) == [
        ("access", "extended"),
        ("access", "verified"),
        ("erasure", "received"),
        ("rectification", "verified"),
    ]
    assert Correction.objects.filter(board=demo, state="proposed").count() == 1
