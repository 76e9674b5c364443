"""Bank account numbers and ids: digits and upper-case letters, leading zeros kept, spreadsheet damage
rejected, IBAN check digits verified."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from graphfraud.errors import InvalidValue
from graphfraud.normalize.account import _MANGLED_RE, _with_bank, normalize
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
    ("8000EBD30", "8000EBD30"),  # hex ids of simulated bank exports
    ("8000ebd30", "8000EBD30"),
    ("80 00-EB.D30", "8000EBD30"),
    ("812345E67", "812345E67"),  # no decimal point, no exponent sign: not a spreadsheet float
    ("VN12345678", "VN12345678"),
    ("GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"),
    ("A" * 33 + "1", "A" * 33 + "1"),
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
    ("1E+15", "spreadsheet converted"),
    ("1.2e+16", "spreadsheet converted"),
    ("9,12345678E8", "spreadsheet converted"),
    ("abc", "only letters"),
    ("Số TK", "other letters"),
    ("A" * 34 + "1", "too long"),
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
def test_separators_do_not_change_the_account_digits(digits, data):
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


@pytest.mark.parametrize("raw, valid", [
    ("GB82 WEST 1234 5698 7654 32", True),
    ("GB82WEST12345698765433", False),  # one digit changed: the check digits catch it
    ("DE89 3704 0044 0532 0130 00", True),
    ("de89370400440532013000", True),
    ("DE89 3704 0044 0532 0130 0", False),  # one character short for Germany
    ("FR14 2004 1010 0505 0001 3M02 606", True),
    ("NO93 8601 1117 947", True),
])
def test_iban_check_digits_are_a_prop(raw, valid):
    assert normalize(raw).props == {"iban_valid": valid}


@pytest.mark.parametrize("raw", ["8000EBD30", "0071000123456", "ZZ12345678901234567", "VN1234567890123456"])
def test_no_iban_flag_outside_the_iban_form(raw):
    assert "iban_valid" not in normalize(raw).props  # ZZ and VN are not IBAN countries


def test_a_number_and_a_bank_code_after_a_separator_are_read_as_both():
    # found by the property below: "000 AB" is account 000 at ABBANK, as "0071001234567 VCB" is
    assert normalize("000 AB") == normalize("000-AB") == normalize("000 A B")
    assert (normalize("000 AB").value, normalize("000 AB").props) == ("000", {"bank": "ABB"})
    assert normalize("000AB").value == "000AB"   # no separator: one id


@settings(max_examples=150, deadline=None)
@given(st.from_regex(r"[0-9][0-9A-Fa-f]{4,19}", fullmatch=True), st.data())
def test_separators_and_case_do_not_change_an_id(text, data):
    seps = [data.draw(st.sampled_from(["", "", " ", "-", ".", "_"])) for _ in text[1:]]
    spelled = text[0] + "".join(s + c for s, c in zip(seps, text[1:]))
    assume(not _MANGLED_RE.fullmatch(spelled))  # "123.0", "12.5E+7": what a spreadsheet writes
    # "000 AB", "1234-ACB": a number and then a bank's name or code (ABBANK, ACB), read as both
    assume(_with_bank(spelled) is None)
    result = normalize(spelled)
    assert result.value == text.upper()
    assert normalize(result.value) == result  # a fixed point, props included


@settings(max_examples=100, deadline=None)
@given(st.integers(10**8, 10**19).map(float), st.sampled_from(["{!r}", "{:.5E}", "{:.8e}", "{:.1f}", "{:.6G}"]))
def test_floats_a_spreadsheet_or_program_writes_are_rejected(x, form):
    """An account number read as a float and written back (repr, Excel's 1.23457E+15, "123.0")."""
    with pytest.raises(InvalidValue, match="spreadsheet"):
        normalize(form.format(x))


@pytest.mark.parametrize("raw, value, bank", [
    ("1903456789012 - Techcombank", "1903456789012", "TCB"),
    ("STK: 0071001234567 (VCB)", "0071001234567", "VCB"),
    ("0071001234567 Vietcombank", "0071001234567", "VCB"),
    ("MB 0912345678", "0912345678", "MBB"),
    ("a/c 123456789 (BIDV)", "123456789", "BIDV"),
    ("TK 0071001234567", "0071001234567", None),
    ("Account No: 12-34-56789", "123456789", None),
    ("8000EBD30", "8000EBD30", None),           # an id with letters, no bank in it
    ("123456 XYZ", "123456XYZ", None),          # a word that is no bank: part of the id, as before
])
def test_a_bank_written_beside_the_number_is_the_account_s_bank(raw, value, bank):
    got = normalize(raw)
    assert got.value == value and got.props.get("bank") == bank
