"""Person names: kept as written after NFC and whitespace collapse; folded key for matching."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphfraud.errors import InvalidValue
from graphfraud.normalize.person import name_key, normalize


@pytest.mark.parametrize("raw, value, key", [
    ("Nguyễn Văn A", "Nguyễn Văn A", "nguyen van a"),
    ("  NGUYỄN   VĂN  A ", "NGUYỄN VĂN A", "nguyen van a"),
    ("nguyễn văn a", "nguyễn văn a", "nguyen van a"),
    ("Nguye\u0302\u0303n Va\u0306n A", "Nguyễn Văn A", "nguyen van a"),   # NFD input
    ("Nguyễn\u00a0Văn\tA", "Nguyễn Văn A", "nguyen van a"),
    ("NA", "NA", "na"),
    ("Null", "Null", "null"),
    ("Đỗ Thị Hồng Nhung", "Đỗ Thị Hồng Nhung", "do thi hong nhung"),
    ("O'Brien", "O'Brien", "o brien"),
    ('"Trần Văn B"', "Trần Văn B", "tran van b"),
    ("李小龍", "李小龍", "李小龍"),
])
def test_names(raw, value, key):
    result = normalize(raw)
    assert result.value == value and result.props["key"] == key
    assert normalize(result.value) == result


def test_name_key_matches_spellings():
    assert name_key("Nguyễn Văn A") == name_key("NGUYEN VAN A") == name_key("nguyễn  văn   a")
    assert name_key("Nguyễn Văn A") != name_key("Nguyễn Văn B")


@pytest.mark.parametrize("raw, reason", [("12345", "no letters"), ("---", "no letters"), ("", "empty"),
                                         (None, "empty")])
def test_rejected(raw, reason):
    with pytest.raises(InvalidValue) as exc:
        normalize(raw)
    assert reason in exc.value.reason


@given(st.text(min_size=1))
def test_value_is_nfc_single_spaced_and_stable(text):
    try:
        result = normalize(text)
    except InvalidValue:
        return
    assert result.value == unicodedata.normalize("NFC", result.value)
    assert "  " not in result.value and result.value == result.value.strip()
    assert normalize(result.value) == result
