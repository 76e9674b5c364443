"""CCCD / CMND / passport numbers."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphfraud.errors import InvalidValue
from graphfraud.normalize.national_id import normalize


@pytest.mark.parametrize("raw, value, kind", [
    ("001090012345", "001090012345", "cccd"),
    ("001 090 012 345", "001090012345", "cccd"),
    ("001.090.012.345", "001090012345", "cccd"),
    ("001-090-012345", "001090012345", "cccd"),
    ("'079203001234", "079203001234", "cccd"),
    ("024123456", "024123456", "cmnd"),
    ("024.123.456", "024123456", "cmnd"),
    ("024 123 456", "024123456", "cmnd"),
    ("B1234567", "B1234567", "passport"),
    ("b 1234567", "B1234567", "passport"),
    ("C0123456", "C0123456", "passport"),
])
def test_accepted(raw, value, kind):
    result = normalize(raw)
    assert (result.value, result.props["kind"]) == (value, kind)
    assert normalize(result.value) == result


@pytest.mark.parametrize("raw, reason", [
    ("1.23456789012E+11", "spreadsheet converted"),
    ("1090012345.0", "spreadsheet converted"),
    ("01090012345", "11 digits: one short of a CCCD"),
    ("24123456", "8 digits: one short of a CMND"),
    ("1090012345", "10 digits"),
    ("1234567890123", "13 digits"),
    ("12345", "5 digits"),
    ("CCCD 001090012345", "only digits"),
    ("AB123456", "only digits"),
    ("", "empty"),
    (None, "empty"),
])
def test_rejected(raw, reason):
    with pytest.raises(InvalidValue) as exc:
        normalize(raw)
    assert reason in exc.value.reason


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([9, 12]).flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n)), st.data())
def test_separators_do_not_change_the_number(digits, data):
    seps = [data.draw(st.sampled_from(["", " ", ".", "-"])) for _ in digits[1:]]
    text = digits[0] + "".join(s + d for s, d in zip(seps, digits[1:]))
    result = normalize(text)
    assert result.value == digits
    assert result.props["kind"] == ("cccd" if len(digits) == 12 else "cmnd")
