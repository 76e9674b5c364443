"""Currency cells: codes, symbols and names as Vietnamese and English-language exports write them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphfraud.errors import InvalidValue
from graphfraud.normalize.currency import CURRENCY_WORDS, currency_code


@pytest.mark.parametrize(("cell", "code"), [
    ("VNĐ", "VND"), ("đồng", "VND"), ("₫", "VND"), ("US dollar", "USD"), ("usd", "USD"), ("Euro", "EUR"),
    ("UK pounds", "GBP"), ("UK Pound", "GBP"), ("Turkish lira", "TRY"), ("Moroccan dirham", "MAD"),
    ("Dirham", "AED"), ("Albanian lek", "ALL"), ("Naira", "NGN"), ("Pakistani rupee", "PKR"),
    ("Indian rupee", "INR"), ("Mexican Peso", "MXN"), ("Swiss franc", "CHF"), ("Swiss francs", "CHF"),
    ("Yen", "JPY"), ("Egyptian pound", "EGP"), ("Bitcoin", "BTC"), ("XAU", "XAU"),
])
def test_currency_names_and_codes(cell, code):
    assert currency_code(cell) == code


@pytest.mark.parametrize("cell", ["Rs", "pounds of flour", "12", "đô la giả", ""])
def test_what_names_no_currency_is_rejected(cell):
    with pytest.raises(InvalidValue):
        currency_code(cell)


@given(st.sampled_from(sorted(w for w in CURRENCY_WORDS if " " in w)))
def test_a_plural_of_a_currency_name_is_that_currency(name):
    """"UK pounds" is "UK pound": a name of several words with an s added names the same currency."""
    assert currency_code(name + "s") == CURRENCY_WORDS[name]
