"""Phone numbers: real-world spellings, rejects, and one-number-one-value properties."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from graphfraud.errors import InvalidValue
from graphfraud.normalize.base import SPREADSHEET_NUMBER_RE
from graphfraud.normalize.phone import OLD_MOBILE_PREFIXES, normalize

ACCEPTED = [
    # the many ways one Vietnamese mobile is written
    ("0912 345 678", "+84912345678"),
    ("0912345678", "+84912345678"),
    ("+84 912 345 678", "+84912345678"),
    ("+84912345678", "+84912345678"),
    ("84912345678", "+84912345678"),
    ("0084912345678", "+84912345678"),
    ("00 84 912 345 678", "+84912345678"),
    ("(+84) 91.234.5678", "+84912345678"),
    ("(+84)912345678", "+84912345678"),
    ("+84 (0) 912 345 678", "+84912345678"),
    ("+84 0912345678", "+84912345678"),
    ("0912-345-678", "+84912345678"),
    ("0912.345.678", "+84912345678"),
    ("091 234 56 78", "+84912345678"),
    ("912345678", "+84912345678"),          # leading zero lost in a spreadsheet
    ("'0912345678", "+84912345678"),        # spreadsheet text marker
    ('"0912 345 678"', "+84912345678"),
    ("\u00a00912\u00a0345\u00a0678\u200b", "+84912345678"),
    ("tel:+84912345678", "+84912345678"),
    ("SĐT: 0912 345 678", "+84912345678"),
    # pre-2018 eleven-digit mobiles, every prefix of the table
    ("0166 234 5678", "+84362345678"),
    ("+84 166 234 5678", "+84362345678"),
    ("84 1662345678", "+84362345678"),
    ("841662345678", "+84362345678"),
    ("01662345678", "+84362345678"),
    ("1662345678", "+84362345678"),         # old number, zero lost
    ("0162 234 5678", "+84322345678"),
    ("0163 234 5678", "+84332345678"),
    ("0164 234 5678", "+84342345678"),
    ("0165 234 5678", "+84352345678"),
    ("0167 234 5678", "+84372345678"),
    ("0168 234 5678", "+84382345678"),
    ("0169 234 5678", "+84392345678"),
    ("0120 234 5678", "+84702345678"),
    ("0121 234 5678", "+84792345678"),
    ("0122 234 5678", "+84772345678"),
    ("0126 234 5678", "+84762345678"),
    ("0128 234 5678", "+84782345678"),
    ("0123 234 5678", "+84832345678"),
    ("0124 234 5678", "+84842345678"),
    ("0125 234 5678", "+84852345678"),
    ("0127 234 5678", "+84812345678"),
    ("0129 234 5678", "+84822345678"),
    ("0186 234 5678", "+84562345678"),
    ("0188 234 5678", "+84582345678"),
    ("0199 234 5678", "+84592345678"),
    # today's numbers and other line types
    ("0362345678", "+84362345678"),
    ("0869 123 456", "+84869123456"),
    ("0592345678", "+84592345678"),
    ("024 3826 1234", "+842438261234"),
    ("028 3822 1234", "+842838221234"),
    ("+84 24 3826 1234", "+842438261234"),
    ("1900 545 413", "+841900545413"),
    ("1800 1234", "+8418001234"),
    ("0912345678 ext 12", "+84912345678"),
    # foreign numbers
    ("+855 12 345 678", "+85512345678"),
    ("00855 12 345 678", "+85512345678"),
    ("+856 20 5512 3456", "+8562055123456"),
    ("+86 138 0013 8000", "+8613800138000"),
    ("+63 917 123 4567", "+639171234567"),
    ("+1 (202) 555-0123", "+12025550123"),
    ("+66 81 234 5678", "+66812345678"),
]


@pytest.mark.parametrize("raw, expected", ACCEPTED)
def test_accepted(raw, expected):
    assert normalize(raw).value == expected


@pytest.mark.parametrize("raw, expected", ACCEPTED)
def test_canonical_value_is_stable(raw, expected):
    assert normalize(expected).value == expected


@pytest.mark.parametrize("raw, props", [
    ("0912 345 678", {"country": "VN", "foreign": False, "line_type": "mobile"}),
    ("024 3826 1234", {"country": "VN", "foreign": False, "line_type": "fixed_line"}),
    ("1800 1234", {"country": "VN", "foreign": False, "line_type": "toll_free"}),
    ("+855 12 345 678", {"country": "KH", "foreign": True, "line_type": "mobile"}),
    ("+856 20 5512 3456", {"country": "LA", "foreign": True}),
    ("+86 138 0013 8000", {"country": "CN", "foreign": True}),
    ("+63 917 123 4567", {"country": "PH", "foreign": True}),
    ("+1 202 555 0123", {"country": "US", "foreign": True, "line_type": "fixed_line_or_mobile"}),
    ("0166 234 5678", {"country": "VN", "old_number": "+841662345678"}),
    ("0912345678 ext 12", {"extension": "12"}),
    # the app a number is written with is kept beside it
    ("0912345678 (zalo)", {"app": "Zalo", "country": "VN"}),
    ("Zalo: 0912 345 678", {"app": "Zalo"}),
    ("Telegram +855 12 345 678", {"app": "Telegram", "country": "KH", "foreign": True}),
    ("0912345678 - Viber", {"app": "Viber"}),
])
def test_props(raw, props):
    got = normalize(raw).props
    assert {k: got.get(k) for k in props} == props


def test_no_old_number_prop_for_current_numbers():
    assert "old_number" not in normalize("0362345678").props


def test_default_region():
    assert normalize("012 345 678", default_region="KH").value == "+85512345678"
    assert normalize("012 345 678", default_region="KH").props["foreign"] is True
    assert normalize("+84912345678", default_region="KH").value == "+84912345678"
    with pytest.raises(InvalidValue, match="no country code"):
        normalize("0912345678", default_region=None)


@pytest.mark.parametrize("raw, reason", [
    ("912345678.0", "spreadsheet converted"),
    ("9.12345678E8", "spreadsheet converted"),
    ("9.12345678E+08", "spreadsheet converted"),
    ("1.23457E+15", "spreadsheet converted"),
    ("abc", "contains letters"),
    ("0912345678 (anh Nam)", "contains letters"),   # a note that is not an app: not guessed away
    ("1-800-FLOWERS", "contains letters"),
    ("113", "too short"),
    ("114", "too short"),
    ("+84", "too short"),
    ("0912345678/0987654321", "several phone numbers in one cell"),
    ("0912345678; 0987654321", "several phone numbers in one cell"),
    ("0912345678, 0987654321", "several phone numbers in one cell"),
    ("0912345678 - 0987654321", "several phone numbers in one cell"),
    ("0912345678-0987654321", "several phone numbers in one cell"),
    ("0912345678 0987654321", "several phone numbers in one cell"),
    ("0912345678 hoặc 0987654321", "several phone numbers in one cell"),
    ("04 3826 1234", "not a valid Vietnamese number"),   # pre-2017 landline code, not remapped
    ("0112345678", "not a valid Vietnamese number"),
    ("091234567", "not a valid Vietnamese number"),
    ("09123456789", "Vietnam"),
    ("+999 123 456", "unknown country code"),
    ("---", "no digits"),
    ("", "empty"),
    (None, "empty"),
    ("0912#345", "unexpected characters"),
])
def test_rejected(raw, reason):
    with pytest.raises(InvalidValue) as exc:
        normalize(raw)
    assert reason in exc.value.reason
    assert exc.value.value == raw


def test_reject_reason_is_the_brief_example():
    with pytest.raises(InvalidValue) as exc:
        normalize("9.12345678E8")
    assert exc.value.reason == (
        "looks like a number a spreadsheet converted (9.12345678E8); fix the source column as text")


def test_raw_float_from_a_dataframe_is_rejected():
    with pytest.raises(InvalidValue, match="spreadsheet"):
        normalize(912345678.0)


# ------------------------------------------------------------------ properties

MOBILE_PREFIXES = ["32", "33", "34", "35", "36", "37", "38", "39", "56", "58", "59", "70", "76", "77", "78",
                   "79", "81", "82", "83", "84", "85", "86", "88", "89", "90", "91", "92", "93", "94", "96",
                   "97", "98", "99"]
NEW_TO_OLD = {new: old for old, new in OLD_MOBILE_PREFIXES.items()}


@st.composite
def vn_mobile_spellings(draw):
    """(expected E.164, one rendering): +84/84/0084/0/none, spaces, dots, dashes, parentheses, old form."""
    prefix = draw(st.sampled_from(MOBILE_PREFIXES))
    rest = draw(st.text("0123456789", min_size=7, max_size=7))
    expected = f"+84{prefix}{rest}"
    nsn = prefix + rest
    if prefix in NEW_TO_OLD and draw(st.booleans()):
        nsn = NEW_TO_OLD[prefix] + rest  # the pre-2018 eleven-digit form
    lead = draw(st.sampled_from(["0", "+84", "84", "0084", "+84 ", "(+84) ", "(+84)", "+84 (0) ", "0084 ",
                                 "84 ", "", "+84-", "00 84 "]))
    # random grouping of the national number
    cuts = sorted(draw(st.sets(st.integers(1, len(nsn) - 1), max_size=4)))
    groups = [nsn[i:j] for i, j in zip([0] + cuts, cuts + [len(nsn)])]
    seps = [draw(st.sampled_from([" ", ".", "-", ""])) for _ in groups[1:]]
    body = groups[0] + "".join(s + g for s, g in zip(seps, groups[1:]))
    if lead == "0" and draw(st.booleans()):
        body = f"({body[:3]}) {body[3:]}" if body[:3].isdigit() else body
    text = lead + body
    wrap = draw(st.sampled_from(["{}", " {} ", "'{}", '"{}"', "\u00a0{}"]))
    return expected, wrap.format(text)


@settings(max_examples=250, deadline=None)
@given(vn_mobile_spellings())
def test_every_spelling_of_one_mobile_gives_one_value(case):
    expected, text = case
    assume(_valid(expected))  # some ranges of a prefix are unallocated
    assume(not SPREADSHEET_NUMBER_RE.fullmatch(text.strip(" '\"\u00a0")))
    result = normalize(text)
    assert result.value == expected
    assert result.props["country"] == "VN" and result.props["foreign"] is False


def _valid(e164: str) -> bool:
    try:
        return normalize(e164).value == e164
    except InvalidValue:
        return False


@settings(max_examples=100, deadline=None)
@given(vn_mobile_spellings(), vn_mobile_spellings(), st.sampled_from(["/", ";", ",", " / ", " - ", " | ", "\n"]))
def test_two_numbers_in_one_cell_are_rejected(a, b, sep):
    with pytest.raises(InvalidValue, match="several phone numbers"):
        normalize(a[1].strip() + sep + b[1].strip())


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["+855", "+856", "+86", "+63", "+95", "+1", "+66", "+82", "+65", "+60"]),
       st.text("0123456789", min_size=6, max_size=11))
def test_foreign_numbers_are_idempotent_and_foreign(cc, rest):
    try:
        first = normalize(cc + rest)
    except InvalidValue:
        return  # invalid numbers are rejected; nothing more to check
    assert first.value.startswith(cc)
    assert first.props["foreign"] is True and first.props["country"] != "VN"
    assert normalize(first.value) == first


@settings(max_examples=300, deadline=None)
@given(st.text("0123456789 +-.()", max_size=16))
def test_any_accepted_value_is_a_fixed_point(text):
    try:
        first = normalize(text)
    except InvalidValue:
        return
    assert first.value.startswith("+") and first.value[1:].isdigit()
    assert normalize(first.value).value == first.value


@pytest.mark.parametrize("raw, value, country", [
    ("+631983597882", "+631983597882", "PH"),
    ("+63 198 359 7882", "+631983597882", "PH"),
    ("0063 198 359 7882", "+631983597882", "PH"),
])
def test_possible_foreign_numbers_outside_the_plan_are_kept_and_flagged(raw, value, country):
    n = normalize(raw)
    assert n.value == value
    assert n.props == {"country": country, "foreign": True, "line_type": "unknown", "plan": "not_in_plan"}
    assert normalize(n.value) == n


@pytest.mark.parametrize("raw, reason", [
    ("+1 000 000 0000", "not a valid phone number in +1"),  # possible length, but one digit repeated
    ("+63 12", "too short"),
    ("+999 123 456 789", "unknown country code"),
    ("0112345678", "not a valid Vietnamese number"),  # Vietnam's plan is known: out of it is a typo
])
def test_garbage_and_vietnamese_numbers_outside_the_plan_are_still_rejected(raw, reason):
    with pytest.raises(InvalidValue) as exc:
        normalize(raw)
    assert reason in exc.value.reason


def test_valid_numbers_have_no_plan_flag():
    assert "plan" not in normalize("+63 917 123 4567").props and "plan" not in normalize("0912345678").props
