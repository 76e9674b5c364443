"""Property maps decode as the standard library decodes them, every integer exact, whether orjson or
json reads them."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from graphfraud.store.jsontext import loads

_SCALARS = (st.none() | st.booleans() | st.integers(min_value=-(2 ** 80), max_value=2 ** 80)
            | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30)
            | st.from_regex(r"\d{15,25}", fullmatch=True))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


@given(_VALUES)
def test_loads_is_json_loads(value):
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    got = loads(text)
    assert got == json.loads(text) and loads(text.encode()) == got
    assert json.dumps(got, sort_keys=True, ensure_ascii=False) == text   # integers exact, not floats


def test_an_integer_past_64_bits_in_a_map_or_a_list_is_exact():
    for n in (2 ** 63, -(2 ** 63) - 1, 10 ** 19, 18446744073709551616):
        assert loads(json.dumps({"a": [1, {"n": n}]}))["a"][1]["n"] == n
        assert type(loads(f"[{n}]")[0]) is int
