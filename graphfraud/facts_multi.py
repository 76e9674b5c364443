"""Cells that name several identifiers: ``0912 345 678, 0987 654 321`` in a victim list's suspect
phone column, two e-mails of one KYC record.

A person writing a victim list puts every number the scammer used in one cell. Read as one value it
was rejected ("several phone numbers in one cell"), and the link it gives between cases was lost.
In the kinds where a row states facts *about* its identifiers (reports, social accounts, KYC records)
such a cell is split: the row is read once per value, each copy citing the same file row, so every
value gets its node and its edges; the row's other facts are the same facts again (same keys) and
each reject is reported once. A cell is split only when every part is a valid identifier of its
column's type; otherwise it is read whole and rejected with its reason, as before. Transfers, calls
and logins are never split: a transfer has one sender and one receiver.
"""

from __future__ import annotations

import dataclasses
import re

from graphfraud.errors import InvalidValue

__all__ = ["SPLIT_FIELDS", "split_rows"]

# kind -> field -> identifier type of the cells that may hold several values
SPLIT_FIELDS: dict[str, dict[str, str]] = {
    "reports": {"victim_phone": "phone", "suspect_phone": "phone", "victim_account": "account",
                "suspect_account": "account", "suspect_social": "social", "suspect_url": "url",
                "suspect_email": "email"},
    "social": {"phone": "phone", "email": "email"},
    "accounts": {"phone": "phone", "email": "email"},
}
_WORDS = r"\s+(?:và|va|hoặc|hoac|or|and)\s+"
_SEPARATORS = {  # a URL or a profile link has "/" in it: only lists of numbers split on it
    "phone": re.compile(rf"\s*(?:[/,;|&\n]+|\s[-–—~]\s|{_WORDS})\s*", re.IGNORECASE),
    "account": re.compile(rf"\s*(?:[/,;|&\n]+|{_WORDS})\s*", re.IGNORECASE),
}
_LIST = re.compile(rf"\s*(?:[,;|\n]+|\s{{2,}}|{_WORDS})\s*", re.IGNORECASE)


def _parts(cell: str, type_: str) -> list[str] | None:
    """The values of a cell naming several ``type_`` identifiers, each valid; else None."""
    from graphfraud.normalize import normalize

    parts = [p for p in _SEPARATORS.get(type_, _LIST).split(cell) if p and p.strip()]
    if len(parts) < 2:
        return None
    try:
        values = [normalize(type_, p).value for p in parts]
    except (InvalidValue, ValueError):
        return None
    return parts if len(set(values)) > 1 else None


def split_rows(table, mapping):
    """``table`` with each row whose split fields hold several values read once per value (see the
    module docstring), and the index of the original row of each new row; ``(table, None)`` when no
    cell holds several values."""
    import numpy as np

    fields = SPLIT_FIELDS.get(mapping.kind)
    cols = [(i, fields[f]) for i, f in mapping.columns.items() if f in (fields or {})]
    if not cols or not len(table.rows):
        return table, None
    df = table.rows
    split: dict[int, dict[int, list[str]]] = {}  # column -> row -> parts
    for i, t in cols:
        column = df[i].tolist()
        cache: dict[str, list[str] | None] = {}
        for r, cell in enumerate(column):
            if isinstance(cell, str) and len(cell) > 6:
                if cell not in cache:
                    cache[cell] = _parts(cell, t)
                if cache[cell]:
                    split.setdefault(i, {})[r] = cache[cell]
    if not split:
        return table, None
    copies = np.ones(len(df), dtype=np.int64)
    for rows in split.values():
        for r, parts in rows.items():
            copies[r] = max(copies[r], len(parts))
    origin = np.repeat(np.arange(len(df)), copies)
    out = df.iloc[origin].reset_index(drop=True).copy()
    k = np.arange(len(origin)) - np.repeat(np.cumsum(copies) - copies, copies)
    for i, rows in split.items():
        values = out[i].to_numpy(dtype=object, copy=True)
        for n, (r, kk) in enumerate(zip(origin.tolist(), k.tolist())):
            parts = rows.get(r)
            if parts is not None:
                values[n] = parts[kk] if kk < len(parts) else ""
        out[i] = values
    nums = [table.row_number(int(r)) for r in origin.tolist()]
    return dataclasses.replace(table, rows=out, rownums=nums), origin
