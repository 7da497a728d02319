"""The demo's privacy officer starts on a workspace with something to do: an emergency access to
review, an approved regulation to publish, a DPIA needed and one due for review."""

from django.contrib.auth import get_user_model

from schoolprivacy.attention import collect
from schoolprivacy.policies.selectors import published_for_board
from schoolprivacy.schools.models import Board


def test_the_demo_gives_the_workspace_something_to_show(demo: Board) -> None:
    officer = get_user_model().objects.get(username="fg")
    kinds = {item.kind for item in collect(officer)}
    assert {"break_glass", "policy", "dpia"} <= kinds
    (published,) = published_for_board(demo.pk)
    assert published.version.number == 1
