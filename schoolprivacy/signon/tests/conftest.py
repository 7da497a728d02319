from collections.abc import Iterator

import pytest
from django.test import override_settings

from schoolprivacy.accounts.models import User
from schoolprivacy.conftest import World
from schoolprivacy.signon.models import Identity, Provider
from schoolprivacy.signon.tests.provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    LocalProvider,
    start_provider,
)

CALLBACK = "http://testserver/inloggen/schoolaccount/terug/"


@pytest.fixture
def local_provider() -> Iterator[LocalProvider]:
    with start_provider(CALLBACK) as provider:
        yield provider


def configure(world: World, issuer: str) -> Provider:
    """The board's provider row and secret; the teacher is linked as subject "t-0001"."""
    provider = Provider.objects.create(
        board=world.board, name="Testschool-ID", issuer=issuer, client_id=CLIENT_ID
    )
    link(world.teacher, provider, "t-0001")
    return provider


def link(user: User, provider: Provider, subject: str) -> Identity:
    from django.utils import timezone

    return Identity.objects.create(
        board=provider.board,
        user=user,
        issuer=provider.issuer,
        subject=subject,
        created_at=timezone.now(),
    )


@pytest.fixture
def provider(world: World, local_provider: LocalProvider) -> Iterator[Provider]:
    secrets = {world.board.board_number: CLIENT_SECRET}
    with override_settings(OIDC_CLIENT_SECRETS=secrets):
        yield configure(world, local_provider.issuer)
