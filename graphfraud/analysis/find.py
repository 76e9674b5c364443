"""Find an identifier in any spelling and show its neighbourhood with evidence."""

from __future__ import annotations

from graphfraud.model import Entity
from graphfraud.resolve import resolve

DEFAULT_LIMIT = 200


def find(store, text: str, hops: int = 1, limit: int = DEFAULT_LIMIT) -> dict:
    """The nodes ``text`` stands for and their neighbours up to ``hops`` away.

    Each neighbour comes with the edge that links it and where that edge was
    stated (file, sheet, row). At most ``limit`` neighbours per match are listed;
    ``truncated`` says how many were left out. A matched account's withdrawals and deposits (no
    other account: drawn from the account to itself) are listed with the account as the neighbour.

    Person nodes tied by ``same_person`` edges are one match (graphfraud/analysis/people.py): shown
    by the first found, with ``aliases`` (every spelling of the name), ``people`` (every node key
    behind it) and ``same_person`` (the evidence); its neighbours are those of all of them.
    """
    from graphfraud.analysis.people import group_hits, person_view

    hits = resolve(store, text)
    props = store.nodes(hits)
    matches = []
    for key, members, ties in group_hits(store, hits):
        seen = set(members)
        frontier = list(members)
        neigh = []
        total = 0
        for depth in range(1, hops + 1):
            nxt = []
            fset = set(frontier)
            for e in store.incident_ends(sorted(fset)):   # (id, type, src, dst, ts): contents read below
                src, dst = e[2], e[3]
                if src == dst:
                    # a withdrawal or a deposit of a matched account: listed with it as its own end
                    if depth == 1 and src in fset:
                        total += 1
                        if len(neigh) < limit:
                            neigh.append((depth, src, e, src))
                    continue
                for here, there in ((src, dst), (dst, src)):
                    if here in fset:
                        if there in seen:
                            continue
                        seen.add(there)
                        nxt.append(there)
                        total += 1
                        if len(neigh) < limit:
                            neigh.append((depth, there, e, here))
            frontier = nxt
        full = store.full_edges([e for _, _, e, _ in neigh])
        neigh = [(d, n, full[e[0]], node) for d, n, e, node in neigh]
        nprops = store.nodes([n for _, n, _, _ in neigh])
        prov = store.provenance([e.id for _, _, e, _ in neigh])
        degrees = store.degrees(members)
        matches.append({
            **Entity(*key).as_json(props.get(key)),
            "props": props.get(key, {}),
            **(person_view(store, members, ties) if key[0] == "person" else {}),
            "degree": sum(degrees.get(m, 0) for m in members) - 2 * len(ties),
            "evidence": [p for m in members for p in store.node_provenance(m, limit=5)][:5 * len(members)],
            "neighbours": [{
                **Entity(*n).as_json(nprops.get(n)),
                "hops": d,
                "via": {"type": node[0], "value": node[1]},
                "edge": e.as_json(),
                "evidence": prov.get(e.id, [])[:5],
            } for d, n, e, node in neigh],
            "truncated": max(0, total - len(neigh)),
        })
    return {"query": text, "matches": matches}
