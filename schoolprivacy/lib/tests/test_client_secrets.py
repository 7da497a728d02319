import pytest

from schoolprivacy.lib.client_secrets import parse_client_secrets
from schoolprivacy.lib.env import ConfigurationError


def test_it_reads_secrets_per_board_number() -> None:
    assert parse_client_secrets(" 99999:a:b~c , 12345:x ") == {"99999": "a:b~c", "12345": "x"}
    assert parse_client_secrets("") == {}


@pytest.mark.parametrize("value", ["99999", "99999:", ":secret", "1:a,1:b"])
def test_it_refuses_a_value_it_cannot_use(value: str) -> None:
    with pytest.raises(ConfigurationError, match="OIDC_CLIENT_SECRETS"):
        parse_client_secrets(value)
