"""The education number is a BSN (11-check) or a temporary onderwijsnummer (10…, remainder 5)."""

import pytest

from schoolprivacy.lib.education_number import (
    InvalidEducationNumber,
    Kind,
    kind_of,
    validate,
)


@pytest.mark.parametrize("number", ["111222333", "123456782", "999990019"])
def test_it_accepts_bsns_that_pass_the_11_check(number):
    assert kind_of(number) is Kind.BSN
    assert validate(number) == number


def test_it_accepts_a_temporary_onderwijsnummer():
    # 9·1 + 8·0 + 7·1 + 6·2 + 5·2 + 4·2 + 3·3 + 2·3 - 1 = 60, and 60 mod 11 = 5.
    assert kind_of("101222331") is Kind.ONDERWIJSNUMMER


def test_it_reads_numbers_written_with_dots_and_spaces():
    assert validate(" 1234.56.782 ") == "123456782"
    assert validate("1012 22 331") == "101222331"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("12345678", "length"),
        ("1234567890", "length"),
        ("12345678a", "length"),
        ("123456789", "checksum"),  # one digit off from 123456782
        ("000000000", "checksum"),  # sums to 0: no number
        ("200000002", "checksum"),  # remainder 5, but an onderwijsnummer starts with 10
        ("101222332", "checksum"),
    ],
)
def test_it_refuses_other_text_without_repeating_it(raw, code):
    with pytest.raises(InvalidEducationNumber) as refused:
        validate(raw)
    assert refused.value.code == code
    assert raw not in str(refused.value)
