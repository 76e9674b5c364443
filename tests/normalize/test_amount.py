"""Amounts: exact decimals from Vietnamese and English spellings."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphfraud.errors import InvalidValue
from graphfraud.normalize.amount import format_amount, normalize, parse_amount


@pytest.mark.parametrize("raw, amount, currency", [
    ("1.500.000", "1500000", None),
    ("1,500,000 VND", "1500000", "VND"),
    ("1500000", "1500000", None),
    ("1.500.000,50", "1500000.50", None),
    ("1,500,000.50", "1500000.50", None),
    ("1500000.5", "1500000.5", None),
    ("₫1.500.000", "1500000", "VND"),
    ("1.500.000đ", "1500000", "VND"),
    ("1.500.000 đ", "1500000", "VND"),
    ("1.500.000 VNĐ", "1500000", "VND"),
    ("1.500.000 vnd", "1500000", "VND"),
    ("1.500.000 đồng", "1500000", "VND"),
    ("1.500.000d", "1500000", "VND"),
    ("1 500 000", "1500000", None),
    ("1\u00a0500\u00a0000", "1500000", None),
    ("1'500'000", "1500000", None),
    ("-200.000", "-200000", None),
    ("−200.000", "-200000", None),
    ("(200.000)", "-200000", None),
    ("+100", "100", None),
    ("USD 1,200.50", "1200.50", "USD"),
    ("$1,200.50", "1200.50", "USD"),
    ("-$5", "-5", "USD"),
    ("US$ 1,200", "1200", "USD"),
    ("€ 1.234,56", "1234.56", "EUR"),
    ("1.000 USDT", "1000", "USDT"),
    ("100 CNY", "100", "CNY"),
    ("1.500", "1500", None),
    ("1,500", "1500", None),
    ("1.5", "1.5", None),
    ("12,75", "12.75", None),
    ("0,500", "0.500", None),
    ("0.5", "0.5", None),
    ("1.5000", "1.5000", None),
    ("1 500,50", "1500.50", None),
    ("1 234 567.89", "1234567.89", None),
    ("912345678.0", "912345678.0", None),
    ("0", "0", None),
    ("500k", "500000", None),
    ("500k₫", "500000", "VND"),
    ("500 k đ", "500000", "VND"),
    ("1,5 tr", "1500000", None),
    ("10tr đ", "10000000", "VND"),
    ("2 triệu", "2000000", None),
    ("10 triệu đồng", "10000000", "VND"),
    ("1.500 tỷ", "1500000000", None),       # after a multiplier a single separator is decimal
    ("2 tỷ VND", "2000000000", "VND"),
    ("'1.500.000", "1500000", None),
    # said in parts, largest first, as a victim tells it
    ("12 triệu 500 nghìn", "12500000", None),
    ("1 tỷ 200 triệu đồng", "1200000000", "VND"),
    ("1tr5", "1500000", None),                # shorthand: the digits after the unit continue it
    ("12tr05", "12050000", None),
    ("1 tỷ 2", "1200000000", None),
    ("3 triệu 2 trăm", None, None),
    # scientific notation, read exactly as written (Java's Double.toString, a spreadsheet's E+ cells)
    ("1.0E7", "10000000", None),
    ("2.314390494E7", "23143904.94", None),
    ("1,5E+6", "1500000", None),
    ("8e-05", "0.00008", None),
])
def test_parse_amount(raw, amount, currency):
    if amount is None:  # not read as an amount
        with pytest.raises(InvalidValue):
            parse_amount(raw)
        return
    value, cur = parse_amount(raw)
    assert isinstance(value, Decimal) and value == Decimal(amount) and cur == currency


@pytest.mark.parametrize("raw, value", [
    ("1.500.000,50 đ", "1500000.5"), ("1,500,000.50", "1500000.5"), ("1500000.5", "1500000.5"),
    ("1.500.000", "1500000"), ("-200.000", "-200000"), ("0,500", "0.5"), ("1,5 tr", "1500000"), ("-0", "0"),
    ("0.0001", "0.0001"), ("100.00", "100"),
])
def test_normalize_value_is_canonical(raw, value):
    result = normalize(raw)
    assert result.value == value
    assert normalize(result.value).value == value


def test_normalize_props():
    assert normalize("USD 1,200.50").props == {"currency": "USD"}
    assert normalize("1.500").props == {"currency": None}


def test_format_amount_never_uses_exponents():
    assert format_amount(Decimal("1E+6")) == "1000000"
    assert format_amount(Decimal("1E-7")) == "0.0000001"
    assert format_amount(Decimal("-1500000.50")) == "-1500000.5"


@pytest.mark.parametrize("raw, reason", [
    ("abc", "no digits"),
    ("1.50.000", "digit grouping is not valid"),
    ("1,50,000", "digit grouping is not valid"),
    ("1.2.3", "digit grouping is not valid"),
    ("1.500.000,50,3", "more than one decimal separator"),
    ("1,500,000.50.1", "more than one decimal separator"),
    ("12a", "unknown text"),
    ("100 xyz", "unknown text"),
    ("100 USD VND", "unknown text"),
    ("USD 100 VND", "two different currencies"),
    ("--5", "more than one sign"),
    ("(200.000", "unbalanced parentheses"),
    ("1.000.000 - 2.000.000", "more than one number"),
    ("5 nghìn 2 triệu", "more than one number"),           # parts said smallest first: not an amount
    ("2 triệu 1500 nghìn", "a part is larger than the unit before it"),
    ("1tr5000000", "more than one number"),                 # more digits than the unit holds
    ("1 500.000", "mixed digit grouping"),
    ("", "empty"),
    (None, "empty"),
])
def test_rejected(raw, reason):
    with pytest.raises(InvalidValue) as exc:
        parse_amount(raw)
    assert reason in exc.value.reason


def _group(int_part: str, sep: str) -> str:
    head = len(int_part) % 3 or 3
    groups = [int_part[:head]] + [int_part[i:i + 3] for i in range(head, len(int_part), 3)]
    return sep.join(groups)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**13), st.sampled_from([0, 1, 2]), st.data())
def test_round_trip_of_random_amounts(integer, decimals, data):
    frac = data.draw(st.text("0123456789", min_size=decimals, max_size=decimals))
    negative = data.draw(st.booleans())
    exact = Decimal(f"{'-' if negative else ''}{integer}{'.' + frac if frac else ''}")
    group, point = data.draw(st.sampled_from([(".", ","), (",", "."), (" ", ","), (" ", "."), ("", "."),
                                              ("", ","), ("'", ".")]))
    text = _group(str(integer), group) + (point + frac if frac else "")
    sign = data.draw(st.sampled_from(["-{}", "({})", "−{}"])) if negative else "{}"
    text = sign.format(text)
    style, currency = data.draw(st.sampled_from([("{}", None), ("{} VND", "VND"), ("{}đ", "VND"), ("₫{}", "VND"),
                                                 ("USD {}", "USD"), ("{} USD", "USD"), ("{} đồng", "VND")]))
    value, cur = parse_amount(style.format(text))
    assert value == exact and cur == currency
    assert Decimal(normalize(style.format(text)).value) == exact
