"""The board's publication channels on a product page (issue 19; web/views/channels.py): the
functional administrator or privacy officer (Duty.ADMINISTER) sees them and changes what happens
when consent is missing, whether copies are placed by hand, and whether a channel is in use.

A change changes what the publication gate decides, so every live publication of the board is
checked again through the consent outbox, as after an admin edit (docs/decisions/0016).
"""

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from schoolprivacy.access.duties import Duty, board_of_duty
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.consents import outbox
from schoolprivacy.consents.models import EventKind
from schoolprivacy.photos.models import Channel

CHANGEABLE = ("mode", "manual_copies", "is_active")


def channel_board_id(user: User) -> int:
    board_id = board_of_duty(user, Duty.ADMINISTER)
    if board_id is None:
        raise Http404
    return board_id


def channels_for(user: User) -> QuerySet[Channel]:
    return Channel.objects.filter(board_id=channel_board_id(user)).order_by("name")


def get_channel_for(user: User, channel_id: int) -> Channel:
    return get_object_or_404(channels_for(user), pk=channel_id)


@transaction.atomic
def channel_update(
    *, actor: User, channel: Channel, mode: str, manual_copies: bool, is_active: bool
) -> list[str]:
    """Save what changed; returns the changed field names (none: nothing recorded)."""
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    wanted = {"mode": mode, "manual_copies": manual_copies, "is_active": is_active}
    changed = [name for name in CHANGEABLE if getattr(channel, name) != wanted[name]]
    if not changed:
        return []
    for name in changed:
        setattr(channel, name, wanted[name])
    channel.save(update_fields=changed)
    audit_record(
        action="photos.channel.changed",
        board_id=channel.board_id,
        actor_id=actor.pk,
        subjects=[Subject(subject_types.for_model(Channel), channel.pk)],
        fields=changed,
    )
    outbox.event_add(
        kind=EventKind.SETTINGS_CHANGED, board_id=channel.board_id, channel_id=channel.pk
    )
    return changed
