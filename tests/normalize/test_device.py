"""Device identifiers: IMEI, UUID/IDFA, Android ID and others."""

import uuid

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from graphfraud.errors import InvalidValue
from graphfraud.normalize.device import luhn_ok, normalize


@pytest.mark.parametrize("raw, value, kind", [
    ("352099001761481", "352099001761481", "imei"),
    ("35-209900-176148-1", "352099001761481", "imei"),
    ("35 209900 176148 1", "352099001761481", "imei"),
    ("35.209900.176148.1", "352099001761481", "imei"),
    ("'352099001761481", "352099001761481", "imei"),
    ("490154203237518", "490154203237518", "imei"),
    ("6F9619FF-8B86-D011-B42D-00C04FC964FF", "6f9619ff-8b86-d011-b42d-00c04fc964ff", "uuid"),
    ("{6F9619FF-8B86-D011-B42D-00C04FC964FF}", "6f9619ff-8b86-d011-b42d-00c04fc964ff", "uuid"),
    ('"6f9619ff-8b86-d011-b42d-00c04fc964ff"', "6f9619ff-8b86-d011-b42d-00c04fc964ff", "uuid"),
    ("9774D56D682E549C", "9774d56d682e549c", "other"),       # Android ID
    ("a1b2c3d4e5f60718", "a1b2c3d4e5f60718", "other"),
    ("6F9619FF8B86D011B42D00C04FC964FF", "6f9619ff8b86d011b42d00c04fc964ff", "other"),
    ("  DEV-ABC_123  ", "dev-abc_123", "other"),
    ("abcd", "abcd", "other"),
    ("3520990017614", "3520990017614", "other"),              # 13 digits: not an IMEI
])
def test_accepted(raw, value, kind):
    result = normalize(raw)
    assert (result.value, result.props["kind"]) == (value, kind)
    assert normalize(result.value) == result


def test_imei_check_digit_is_reported_not_enforced():
    assert normalize("352099001761481").props["luhn_ok"] is True
    assert normalize("352099001761482").props["luhn_ok"] is False
    assert luhn_ok("79927398713") and not luhn_ok("79927398710")


@pytest.mark.parametrize("raw, reason", [
    ("00000000-0000-0000-0000-000000000000", "all zeros"),
    ("000000000000000", "all zeros"),
    ("0", "all zeros"),
    ("unknown", "placeholder"),
    ("NULL", "placeholder"),
    ("undefined", "placeholder"),
    ("3.52099001761481E+14", "spreadsheet converted"),
    ("352099001761481.0", "spreadsheet converted"),
    ("abc", "too short"),
    ("{}", "empty"),
    ("iPhone 13 Pro", "no spaces"),
    ("", "empty"),
    (None, "empty"),
])
def test_rejected(raw, reason):
    with pytest.raises(InvalidValue) as exc:
        normalize(raw)
    assert reason in exc.value.reason


@settings(max_examples=100, deadline=None)
@given(st.text("0123456789", min_size=15, max_size=15), st.data())
def test_imei_separators(digits, data):
    if set(digits) == {"0"}:
        return
    seps = [data.draw(st.sampled_from(["", " ", "-"])) for _ in digits[1:]]
    text = digits[0] + "".join(s + d for s, d in zip(seps, digits[1:]))
    result = normalize(text)
    assert result.value == digits and result.props["kind"] == "imei"
    assert result.props["luhn_ok"] == luhn_ok(digits)


@settings(max_examples=200, deadline=None)
@given(st.uuids(), st.sampled_from(["{}", "{{{}}}", " {} ", '"{}"']), st.booleans())
def test_uuid_spellings(u, wrap, upper):
    assume(u != uuid.UUID(int=0))
    text = str(u).upper() if upper else str(u)
    result = normalize(wrap.format(text))
    assert result.value == str(u) and result.props["kind"] == "uuid"
