"""Bank account numbers: digits only, leading zeros kept, spreadsheet damage rejected."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from graphfraud.errors import InvalidValue
from graphfraud.normalize.account import normalize
from graphfraud.normalize.base import SPREADSHEET_NUMBER_RE


@pytest.mark.parametrize("raw, expected", [
    ("0071000123456", "0071000123456"),
    ("0071 0001 23456", "0071000123456"),
    ("0071-0001-23456", "0071000123456"),
    ("0071.0001.23456", "0071000123456"),
    ("'0071000123456", "0071000123456"),
    ("' 0071 000 123 456", "0071000123456"),
    ('"19033456789012"', "19033456789012"),
    ("  19033456789012\u00a0", "19033456789012"),
    ("1903_3456_7890_12", "19033456789012"),
    ("12345", "12345"),
    ("00000", "00000"),
    ("12345678901234567890", "12345678901234567890"),
    ("000123", "000123"),
    (1903345678, "1903345678"),  # an int cell keeps its digits
])
def test_accepted(raw, expected):
    assert normalize(raw).value == expected
    assert normalize(expected).value == expected


@pytest.mark.parametrize("raw, reason", [
    ("9.12345678E8", "spreadsheet converted"),
    ("912345678.0", "spreadsheet converted"),
    ("1.23457E+15", "spreadsheet converted"),
    ("1,23457E+15", "spreadsheet converted"),
    (912345678.0, "spreadsheet converted"),
    ("1,234,567,890", "thousands separators"),
    ("VN12345678", "contains letters"),
    ("abc", "contains letters"),
    ("123456789012345678901", "too long"),
    ("12/345678", "other characters"),
    ("0071000123456 / 0071000123457", "other characters"),
    ("", "empty"),
    (None, "empty"),
])
def test_rejected(raw, reason):
    with pytest.raises(InvalidValue) as exc:
        normalize(raw)
    assert reason in exc.value.reason


@settings(max_examples=150, deadline=None)
@given(st.text("0123456789", min_size=5, max_size=20), st.data())
def test_separators_do_not_change_the_account(digits, data):
    seps = [data.draw(st.sampled_from(["", "", " ", "-", ".", "  "])) for _ in digits[1:]]
    text = digits[0] + "".join(s + d for s, d in zip(seps, digits[1:]))
    text = data.draw(st.sampled_from(["{}", "'{}", " {} ", '"{}"'])).format(text)
    assume(not SPREADSHEET_NUMBER_RE.fullmatch(text.strip(" '\"")))  # "12345.0" is ambiguous: rejected
    result = normalize(text)
    assert result.value == digits
    assert normalize(result.value).value == digits


@given(st.text("0123456789", min_size=21, max_size=30))
def test_too_long_is_rejected(digits):
    with pytest.raises(InvalidValue, match="too long"):
        normalize(digits)
