"""One person across files: the same national id, or the same folded name and a shared phone or account.

A person is keyed by a national id when the file gives one (:mod:`graphfraud.model`): two files
naming the same national id state facts of one node. Without it, a KYC holder is scoped to one
account (``acct:DIGITS``) and a victim to one case (``case:ID``), because a name alone is not an
identifier (namesakes are common). Two such nodes are the same person when their names are equal
once accents, case and punctuation are folded (:func:`graphfraud.normalize.person.name_key`)
*and* they share a phone (``registered``) or an account (``owns``): then one ``same_person`` edge
ties them, with props ``name_key`` (the folded name), ``via`` (the keys of the identifiers they
share), ``evidence`` (per shared identifier: ``match`` = ``name_phone`` or ``name_account``,
``via``, and ``sides``: for each person, the file, sheet, row and columns stating its tie to it)
and ``match`` (that of the first evidence). No node is merged away; look-ups treat the people so
tied as one (:mod:`graphfraud.analysis.people`). The props hold the evidence known when the pair
is first tied; an identifier they come to share in a later file adds that file's row to the
edge's provenance.

The spellings are kept: a person node stated with another spelling than the one it has (the same
national id written ``HO QUANG KHANH`` in one file and ``Hồ Quang Khánh`` in another) gains them
in ``props["aliases"]`` (spelling -> folded name), which both stores merge key by key.

As :mod:`graphfraud.handle_links`, the edges and aliases are facts of the load of the file that
completes the pair: its provenance is that file's row; the edge's id depends only on the two people
and its props only on the rows stating each side, so the graph is the same whichever of two files
came first, and loading a file again changes nothing.

>>> sides = {("person", "acct:1"): ({"HO QUANG KHANH"}, ("k.csv", None, 2, "holder_name,phone")),
...          ("person", "case:VV-1"): ({"Hồ Quang Khánh"}, ("r.csv", None, 3, "victim_name,victim_phone")),
...          ("person", "case:VV-2"): ({"Lê Văn C"}, ("r.csv", None, 4, "victim_name,victim_phone"))}
>>> [(a[1], b[1], m, k) for a, b, m, k, _ in same_person_pairs(("phone", "+84361760419"), sides)]
[('acct:1', 'case:VV-1', 'name_phone', 'ho quang khanh')]
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

from graphfraud.normalize.person import name_key

if TYPE_CHECKING:   # the facts (and numpy) are imported where links are written, not by every reader
    from graphfraud.facts import FactBatch

__all__ = ["EDGE_TYPE", "MATCH_BY", "PersonCollector", "link_batch", "same_person_pairs", "spellings"]

EDGE_TYPE = "same_person"
# the identifier two namesakes share -> the match it makes
MATCH_BY = {"phone": "name_phone", "account": "name_account"}
_TIES = {("registered", "phone"), ("owns", "account")}
_CHUNK = 5000

Side = tuple  # (file, sheet, row, columns)


def spellings(props: dict | None) -> set[str]:
    """The spellings of a person node's name: its ``name`` and its ``aliases``."""
    props = props or {}
    out = {str(a) for a in (props.get("aliases") or {})}
    if props.get("name"):
        out.add(str(props["name"]))
    return out


class PersonCollector:
    """The people of one file: their spellings and their ties to phones and accounts, each with
    the first row that states it."""

    def __init__(self, file: str = "", sheet: str | None = None):
        self.file, self.sheet = os.path.basename(str(file)), sheet or None
        self.names: dict[tuple[str, str], set[str]] = {}
        self.ties: dict[tuple[str, str], dict[tuple[str, str], Side]] = {}   # identifier -> person -> side

    def add(self, batch: FactBatch) -> None:
        for (t, v), props in batch.nodes.items():
            if t == "person" and props.get("name"):
                self.names.setdefault((t, v), set()).add(str(props["name"]))
        for seg in batch.segments:
            if seg.src_type != "person" or (seg.type, seg.dst_type) not in _TIES:
                continue
            for p, ident, row in zip(seg.src, seg.dst, seg.row):
                here = self.ties.setdefault((seg.dst_type, ident), {})
                old = here.get(("person", p))
                if old is None or row < old[2]:
                    here[("person", p)] = (self.file, self.sheet, int(row), seg.cols)


def same_person_pairs(ident: tuple[str, str], sides: dict) -> list[tuple]:
    """(person a, person b, match, folded name, (side a, side b)) for every two people tied to
    ``ident`` whose names fold alike; ``sides``: person -> (spellings, side). a < b."""
    by_key: dict[str, list] = {}
    for person, (names, _) in sorted(sides.items()):
        for k in sorted({name_key(n) for n in names if name_key(n)}):
            by_key.setdefault(k, []).append(person)
    out = {}
    for k, people in sorted(by_key.items()):
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                out.setdefault((a, b), (a, b, MATCH_BY[ident[0]], k, (sides[a][1], sides[b][1])))
    return [out[p] for p in sorted(out)]


def _store_ties(store, idents: list[tuple[str, str]]) -> tuple[dict, dict]:
    """(identifier -> person -> the id of the edge tying them, person -> spellings) of the people the
    store ties to ``idents``."""
    ties: dict = {}
    for start in range(0, len(idents), _CHUNK):
        for e in store.incident(idents[start:start + _CHUNK], types=("registered", "owns")):
            if e.src[0] == "person" and (e.type, e.dst[0]) in _TIES:
                ties.setdefault(e.dst, {}).setdefault(e.src, e.id)
    people = sorted({p for here in ties.values() for p in here})
    names: dict = {}
    for start in range(0, len(people), _CHUNK):
        for key, props in store.nodes(people[start:start + _CHUNK]).items():
            names[key] = spellings(props)
    return ties, names


def _stated(store, pairs: list[tuple]) -> list[tuple]:
    """The pairs with each side stated by the store (an edge id) replaced by where it was first
    stated: (file, sheet, row, columns)."""
    ids = sorted({str(side) for p in pairs for side in p[5] if not isinstance(side, tuple)})
    prov: dict = {}
    for start in range(0, len(ids), _CHUNK):
        prov.update(store.provenance(ids[start:start + _CHUNK]))

    def where(side):
        if isinstance(side, tuple):
            return side
        first = (prov.get(str(side)) or [{}])[0]
        return first.get("file"), first.get("sheet"), first.get("row"), first.get("columns")

    return [(*p[:5], tuple(where(s) for s in p[5]), *p[6:]) for p in pairs]


def _side_json(person: tuple[str, str], side: Side) -> dict:
    file, sheet, row, cols = side
    return {"node": f"{person[0]}:{person[1]}", "file": file, "sheet": sheet, "row": row, "columns": cols}


def _edge_props(found: list[tuple]) -> str:
    """The props of the edge of one pair, from its pairs found (one per shared identifier)."""
    found = sorted(found, key=lambda r: r[4])
    evidence = [{"match": r[2], "via": f"{r[4][0]}:{r[4][1]}",
                 "sides": [_side_json(r[0], r[5][0]), _side_json(r[1], r[5][1])]} for r in found]
    return json.dumps({"match": evidence[0]["match"], "name_key": found[0][3], "via": [e["via"] for e in evidence],
                       "evidence": evidence}, ensure_ascii=False, sort_keys=True)


def _edges(pairs: list[tuple], batch: FactBatch) -> None:
    """The ``same_person`` edges of ``pairs`` (person a, person b, match, name key, via, sides, row,
    cols): one per two people, stated by the first row of this file that ties one of them to an
    identifier they share; one segment per column pair of this file."""
    from graphfraud.facts import EdgeSegment, edge_keys

    by_pair: dict[tuple, list] = {}
    for p in pairs:
        by_pair.setdefault(p[:2], []).append(p)
    by_col: dict[str, list] = {}
    for (a, b), found in sorted(by_pair.items()):
        row, cols = min((r[6], r[7]) for r in found)
        by_col.setdefault(cols, []).append((a[1], b[1], row, _edge_props(found)))
    for cols, rows in sorted(by_col.items()):
        src, dst = [r[0] for r in rows], [r[1] for r in rows]
        n = len(rows)
        batch.segments.append(EdgeSegment(
            EDGE_TYPE, "person", "person", cols, src, dst, [None] * n, [""] * n, [None] * n, [r[3] for r in rows],
            [r[2] for r in rows], edge_keys(EDGE_TYPE, "person", src, "person", dst, [None] * n, [""] * n)))


def _aliases(store, people: PersonCollector) -> dict:
    """person -> ``{"aliases": {spelling: folded}}`` for the people of this file whose spellings,
    with the store's, are more than one (and not all kept already)."""
    keys = sorted(people.names)
    stored: dict = {}
    for start in range(0, len(keys), _CHUNK):
        stored.update(store.nodes(keys[start:start + _CHUNK]))
    out = {}
    for key in keys:
        every = spellings(stored.get(key)) | people.names[key]
        if len(every) > 1 and not every <= {str(a) for a in ((stored.get(key) or {}).get("aliases") or {})}:
            out[key] = {"aliases": {s: name_key(s) for s in sorted(every)}}
    return out


def link_batch(store, people: PersonCollector) -> FactBatch | None:
    """The ``same_person`` edges and the aliases completed by this file, as one batch written with
    the file (None when there are none)."""
    idents = sorted(people.ties)
    ties, names = _store_ties(store, idents)
    for key, spelt in people.names.items():
        names[key] = names.get(key, set()) | spelt
    pairs = []
    for ident in idents:
        here = people.ties[ident]
        sides = {p: (names.get(p, set()), side) for p, side in ties.get(ident, {}).items()}
        sides.update({p: (names.get(p, set()), side) for p, side in here.items()})
        for a, b, match, k, (sa, sb) in same_person_pairs(ident, sides):
            if a not in here and b not in here:
                continue   # a pair of earlier files: tied when the later of them was loaded
            row, cols = min((here[p][2], here[p][3]) for p in (a, b) if p in here)
            pairs.append((a, b, match, k, ident, (sa, sb), row, cols))
    pairs = _stated(store, pairs)
    aliases = _aliases(store, people)
    if not pairs and not aliases:
        return None
    from graphfraud.facts import FactBatch

    batch = FactBatch(nodes={p: {} for r in pairs for p in r[:2]})
    batch.nodes.update(aliases)
    _edges(pairs, batch)
    return batch
