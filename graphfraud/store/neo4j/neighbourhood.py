"""The Neo4j store's reads of a neighbourhood without its relationships' contents (queries in
``cypher/neighbourhood.cypher``).

A drawn neighbourhood or a ``find`` walk needs, of the relationships around its nodes, mostly
their ends; read through :meth:`~graphfraud.store.neo4j.reader.Neo4jReader.incident`, a hub with
200,000 links would send 200,000 property maps over the wire. Here the server answers with ends,
times, amounts and counts, and only the relationships drawn or listed are read in full, by id.
The answers are the ones :class:`~graphfraud.store.base.Store` derives from ``incident``.
"""

from __future__ import annotations

from graphfraud.model import NEO4J_RELS
from graphfraud.store.base import Edge, edge_order, ends_order

REL_TYPE = {rel: t for t, rel in NEO4J_RELS.items()}


def _keys(keys) -> list[str]:
    return [f"{t}:{v}" for t, v in dict.fromkeys(tuple(k) for k in keys)]


class Neo4jNeighbourhood:
    """``neighbour_keys``, ``incident_ends``, ``full_edges``, ``among_ends`` (so ``links_among``),
    ``edges_among`` and ``outside_counts``."""

    def neighbour_keys(self, keys) -> dict:
        if not keys:
            return {}
        return {(r["type"], r["value"]): {tuple(o) for o in r["others"]}
                for r in self._read("neighbour_keys", keys=_keys(keys))}

    def incident_ends(self, keys) -> list[tuple]:
        if not keys:
            return []
        out = {str(r["id"]): (str(r["id"]), REL_TYPE.get(r["type"], r["type"]), (r["st"], r["sv"]),
                              (r["dt"], r["dv"]), r["ts"])
               for r in self._read("incident_ends", keys=_keys(keys))}
        return sorted(out.values(), key=ends_order)

    def full_edges(self, ends: list[tuple]) -> dict[str, Edge]:
        from graphfraud.store.neo4j.reader import _edge

        by_type: dict[str, set] = {}
        for e in ends:
            by_type.setdefault(e[1], set()).add(int(e[0]))

        def work(tx):
            rows = []
            for etype, ids in sorted(by_type.items()):
                rows += list(self._run(tx, "edges_by_id", {"rel": NEO4J_RELS[etype]}, ids=sorted(ids)))
            return rows

        rows = self._read_tx(work) if by_type else []
        return {str(r["id"]): _edge(r["id"], r["type"], (r["st"], r["sv"]), (r["dt"], r["dv"]), r["ts"],
                                    r["amount"], r["props"]) for r in rows}

    def edges_among(self, keys) -> list[Edge]:
        return sorted(self.full_edges(self.among_ends(keys)).values(), key=edge_order)

    def among_ends(self, keys) -> list[tuple]:
        if not keys:
            return []
        return [(str(r["id"]), REL_TYPE.get(r["type"], r["type"]), (r["st"], r["sv"]), (r["dt"], r["dv"]),
                 r["ts"], r["amount"]) for r in self._read("among_ends", keys=_keys(keys))]

    def outside_counts(self, keys) -> dict:
        if not keys:
            return {}
        return {(r["type"], r["value"]): r["n"] for r in self._read("outside_counts", keys=_keys(keys))}
