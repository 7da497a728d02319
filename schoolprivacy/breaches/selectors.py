"""Reads of the breach register: the privacy officer of the board sees it; anyone else gets
nothing (and a 404 for one incident)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from schoolprivacy.access.incidents import breach_register_board_id
from schoolprivacy.accounts.models import User
from schoolprivacy.breaches.models import Breach, Status


def breaches_for(user: User) -> QuerySet[Breach]:
    board_id = breach_register_board_id(user)
    if board_id is None:
        return Breach.objects.none()
    return Breach.objects.filter(board_id=board_id)


def open_breaches_for(user: User) -> QuerySet[Breach]:
    return breaches_for(user).filter(status=Status.OPEN)


def get_breach_for(user: User, breach_id: int) -> Breach:
    return get_object_or_404(breaches_for(user), pk=breach_id)
