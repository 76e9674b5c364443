"""JSON text (property maps, kept results) decoded fast and exactly.

orjson decodes several times faster than the standard library, but reads an integer past 64 bits
as a float, losing digits (``-9223372036854775809`` comes back as ``-9.223372036854776e+18``).
:func:`loads` decodes with orjson, or with :mod:`json` (which keeps every integer exact) when the
text holds a run of 19 digits or more, as any integer that large is written. Bulk readers that use
one value of each map decode with :func:`loads_fast` and check that value alone with :func:`lossy`.

>>> loads(b'{"n": 18446744073709551616, "s": "x"}')["n"]
18446744073709551616
>>> loads('{"role": "victim", "extra": {"amount": -9223372036854775809}}')["extra"]["amount"]
-9223372036854775809
"""

from __future__ import annotations

import json
import re

try:
    from orjson import loads as loads_fast
except ImportError:  # pragma: no cover - orjson is a dependency; json is the fallback
    loads_fast = json.loads

_BIG = 9.2e18  # below 2^63: any float orjson made of an integer past 64 bits is at least this large


def lossy(value) -> bool:
    """Whether ``value`` (as orjson decoded it) holds a float that may be an integer it rounded."""
    t = type(value)
    if t is float:
        return value >= _BIG or value <= -_BIG
    if t is not dict and t is not list:
        return False
    for x in value.values() if t is dict else value:   # a plain loop: this runs on every map read
        tx = type(x)
        if (tx is float and (x >= _BIG or x <= -_BIG)) or ((tx is dict or tx is list) and lossy(x)):
            return True
    return False


# an integer orjson may round has at least 19 digits (|n| >= 9.2e18); a text without a run of 19
# digits holds none, and one with such a run (a long account number in a string, say) is decoded
# by json, exact whatever the run is
_LONG_RUN = re.compile(r"\d{19}")
_LONG_RUN_BYTES = re.compile(rb"\d{19}")


def loads(text):
    """The value of the JSON ``text`` (str, bytes or bytearray), every integer exact."""
    if isinstance(text, str):
        return json.loads(text) if _LONG_RUN.search(text) else loads_fast(text)
    if isinstance(text, (bytes, bytearray)):
        return json.loads(text) if _LONG_RUN_BYTES.search(text) else loads_fast(text)
    value = loads_fast(text)
    return json.loads(text) if lossy(value) else value
