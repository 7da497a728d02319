"""The publication channels on a product page (issue 19): the staff managers change what happens
without consent; the change is audited (field names) and every publication is checked again;
everyone else gets a 404."""

from django.urls import reverse

from schoolprivacy.access.models import Role
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.consents.models import ConsentEvent, EventKind
from schoolprivacy.photos.models import Channel, ChannelMode
from schoolprivacy.photos.services import channels_install_defaults
from schoolprivacy.testing import factories


def _manager(world):
    member = factories.make_staff(board=world.board, username="beheer")
    factories.assign(member, Role.FUNCTIONAL_ADMIN)
    return member.user


def _post(client, channel, **values):
    prefix = f"channel-{channel.pk}-"
    data = {prefix + "mode": values.get("mode", channel.mode)}
    for name in ("manual_copies", "is_active"):
        if values.get(name, getattr(channel, name)):
            data[prefix + name] = "on"
    return client.post(reverse("web:channel_change", args=[channel.pk]), data)


def test_the_manager_changes_a_channel_and_it_is_audited(world, staff_client):
    channels_install_defaults(board=world.board, actor_id=None)
    channel = Channel.objects.get(board=world.board, key="website")
    other_mode = next(m for m in ChannelMode.values if m != channel.mode)
    client = staff_client(_manager(world))
    assert channel.name in client.get(reverse("web:channels")).text

    response = _post(client, channel, mode=other_mode)

    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.mode == other_mode
    event = AuditEvent.objects.get(action="photos.channel.changed")
    assert event.fields == ["mode"]
    assert ConsentEvent.objects.filter(
        kind=EventKind.SETTINGS_CHANGED, channel_id=channel.pk
    ).exists()


def test_saving_without_a_change_records_nothing(world, staff_client):
    channels_install_defaults(board=world.board, actor_id=None)
    channel = Channel.objects.get(board=world.board, key="website")
    _post(staff_client(_manager(world)), channel)
    assert not AuditEvent.objects.filter(action="photos.channel.changed").exists()


def test_everyone_else_gets_404(world, staff_client):
    channels_install_defaults(board=world.board, actor_id=None)
    channel = Channel.objects.get(board=world.board, key="website")
    for user in (world.teacher, world.director, world.other_board_staff):
        client = staff_client(user)
        assert client.get(reverse("web:channels")).status_code == 404
        assert _post(client, channel, is_active=False).status_code == 404
    channel.refresh_from_db()
    assert channel.is_active
