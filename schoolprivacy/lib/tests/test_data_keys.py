import base64

import pytest

from schoolprivacy.lib.data_keys import parse_data_keys
from schoolprivacy.lib.env import ConfigurationError

KEY_A = base64.urlsafe_b64encode(b"a" * 32).decode()
KEY_B = base64.urlsafe_b64encode(b"b" * 32).decode()


def test_several_keys_are_read_by_id():
    assert parse_data_keys(f"1:{KEY_A}, 2:{KEY_B}") == {1: b"a" * 32, 2: b"b" * 32}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "not set"),
        (KEY_A, "ID:KEY pairs"),
        (f"0:{KEY_A}", "ID:KEY pairs"),
        ("1:!!!", "32 bytes|not valid base64"),
        (f"1:{KEY_A},1:{KEY_B}", "twice"),
    ],
)
def test_bad_values_are_refused_with_a_reason(raw, message):
    with pytest.raises(ConfigurationError, match=message):
        parse_data_keys(raw)
