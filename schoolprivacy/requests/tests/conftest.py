from collections.abc import Callable

import pytest

from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.tokens import api_token_create


@pytest.fixture
def bearer(db: None) -> Callable[[User], dict[str, str]]:
    def make(user: User) -> dict[str, str]:
        _row, token = api_token_create(user=user, actor_id=None, channel="command")
        return {"Authorization": f"Bearer {token}"}

    return make
