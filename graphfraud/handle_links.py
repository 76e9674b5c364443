"""Bare ``@handles`` tied to the platform accounts with the same handle, across files.

A report or a call note often writes a social account as a bare ``@handle``: the loader keeps it
as ``social unknown:handle`` (see :mod:`graphfraud.normalize.social`), resolved within its own
column when exactly one platform there has the handle. Across files, the handle may be the
Telegram account of the social-accounts file loaded before or after it. Once both are in the
store, a ``social_link`` edge marked ``match: same_handle`` ties ``unknown:h`` to each platform
account ``p:h``: the one such edge of a handle that one platform has is as strong as any identity
link; several (the handle exists on two platforms) are each weaker, and analyses weigh them so
(:func:`same_handle_weight`).

The edge is a fact of the load of the second file: its provenance is that file's row which states
its side of the pair. Its id depends only on the two ends, so the graph is the same whichever file
came first, and loading either file again changes nothing.

>>> pairs_for({"unknown:scambot": (3, "suspect_social")}, {"telegram:scambot"})
[('unknown:scambot', 'telegram:scambot', 3, 'suspect_social')]
"""

from __future__ import annotations

import json

from graphfraud.facts import EdgeSegment, FactBatch, edge_keys
from graphfraud.normalize.social import PLATFORMS, UNKNOWN_PLATFORM

__all__ = ["HandleCollector", "pairs_for", "link_batch", "MATCH"]

MATCH = "same_handle"
_PREFIX = UNKNOWN_PLATFORM + ":"


def _handle(value: str) -> tuple[str, str] | None:
    """(platform, handle) of a social value that can be written as a bare @handle, else None."""
    name, _, handle = value.partition(":")
    if not handle or "/" in handle or handle.startswith("+"):
        return None
    return name, handle


def counterparts(value: str) -> list[str]:
    """The social values a bare handle may stand for, or the bare handle a platform account may
    have been written as."""
    got = _handle(value)
    if got is None:
        return []
    name, handle = got
    if name == UNKNOWN_PLATFORM:
        return [f"{p}:{handle}" for p in PLATFORMS]
    return [_PREFIX + handle]


class HandleCollector:
    """The social values of one file, each with the first row and column that states it."""

    def __init__(self):
        self.first: dict[str, tuple[int, str]] = {}

    def add(self, batch: FactBatch) -> None:
        for t, v, row, col in batch.mentions:
            if t == "social":
                self._see(v, row, col)
        for seg in batch.segments:
            cols = seg.cols.split(",")
            for end, (t, values) in enumerate(((seg.src_type, seg.src), (seg.dst_type, seg.dst))):
                if t == "social":
                    col = cols[end] if len(cols) == 2 else seg.cols
                    for v, row in zip(values, seg.row):
                        self._see(v, row, col)

    def _see(self, value: str, row: int, col: str) -> None:
        old = self.first.get(value)
        if (old is None or row < old[0]) and _handle(value) is not None:
            self.first[value] = (row, col)


def pairs_for(here: dict[str, tuple[int, str]], known: set[str]) -> list[tuple[str, str, int, str]]:
    """(unknown value, platform value, row, column) for every pair one side of which is ``here``
    (this file's values, with their row and column) and the other ``known`` (in the store or here)."""
    out = set()
    for v, (row, col) in here.items():
        for other in counterparts(v):
            if other in known or other in here:
                pair = (v, other) if v.startswith(_PREFIX) else (other, v)
                out.add((*pair, row, col))
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for u, p, row, col in sorted(out):
        best.setdefault((u, p), (row, col))
    return [(u, p, row, col) for (u, p), (row, col) in sorted(best.items())]


def link_batch(store, handles: HandleCollector) -> FactBatch | None:
    """The ``same_handle`` edges between this file's social values and the store's, as one batch
    written with the file (None when there are none)."""
    wanted = sorted({o for v in handles.first for o in counterparts(v)} - set(handles.first))
    known = set()
    for start in range(0, len(wanted), 5000):
        known.update(v for (t, v) in store.nodes([("social", w) for w in wanted[start:start + 5000]])
                     if t == "social")
    pairs = pairs_for(handles.first, known)
    if not pairs:
        return None
    by_col: dict[str, list] = {}
    for u, p, row, col in pairs:
        by_col.setdefault(col, []).append((u, p, row))
    batch = FactBatch(nodes={("social", v): {} for u, p, _, _ in pairs for v in (u, p)})
    props = json.dumps({"match": MATCH})
    for col, rows in sorted(by_col.items()):
        src, dst, at = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
        n = len(rows)
        batch.segments.append(EdgeSegment(
            "social_link", "social", "social", col, src, dst, [None] * n, [MATCH] * n, [None] * n,
            [props] * n, at, edge_keys("social_link", "social", src, "social", dst, [None] * n, [MATCH] * n)))
    return batch
