"""JSON text (property maps, kept results) decoded fast and exactly.

orjson decodes several times faster than the standard library, but reads an integer past 64 bits
as a float, losing digits (``-9223372036854775809`` comes back as ``-9.223372036854776e+18``).
A text holding a run of 19 or more digits is therefore decoded by :mod:`json`, which keeps every
integer exact; any other text by orjson.

>>> loads(b'{"n": 18446744073709551616, "s": "x"}')["n"]
18446744073709551616
>>> loads('{"role": "victim"}')
{'role': 'victim'}
"""

from __future__ import annotations

import json
import re

try:
    from orjson import loads as _fast
except ImportError:  # pragma: no cover - orjson is a dependency; json is the fallback
    _fast = json.loads

_LONG_BYTES = re.compile(rb"\d{19}")
_LONG_TEXT = re.compile(r"\d{19}")


def loads(text):
    """The value of the JSON ``text`` (str, bytes or bytearray)."""
    long = _LONG_TEXT if isinstance(text, str) else _LONG_BYTES
    return json.loads(text) if long.search(text) else _fast(text)
