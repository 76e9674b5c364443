"""People as analysts see them: the person nodes tied by ``same_person`` edges are one person.

The store keeps every person node and every piece of evidence (graphfraud/person_links.py); a
look-up shows the nodes tied together as one person: :func:`group_hits` gathers the person nodes
found for a text into one entry per person, :func:`person_view` says which nodes stand behind it,
by what ``same_person`` evidence, and every spelling of the name (the aliases).
"""

from __future__ import annotations

from graphfraud.person_links import EDGE_TYPE, spellings

__all__ = ["group_hits", "identity", "person_view"]

MAX_PEOPLE = 200   # person nodes gathered behind one person at most (a name shared by a hub phone)


def identity(store, key: tuple[str, str]) -> tuple[list[tuple[str, str]], list]:
    """(the person nodes that are one person with ``key``, sorted; the ``same_person`` edges tying
    them, in the store's order). A node that is no person is alone."""
    if key[0] != "person":
        return [key], []
    seen, frontier, edges = {key}, [key], {}
    while frontier and len(seen) < MAX_PEOPLE:
        nxt = []
        for e in store.incident(sorted(frontier), types=(EDGE_TYPE,)):
            edges.setdefault(e.id, e)
            for n in (e.src, e.dst):
                if n not in seen and len(seen) < MAX_PEOPLE:
                    seen.add(n)
                    nxt.append(n)
        frontier = nxt
    inside = [e for e in edges.values() if e.src in seen and e.dst in seen]
    return sorted(seen), sorted(inside, key=lambda e: (e.src, e.dst, e.id))


def group_hits(store, hits: list[tuple[str, str]]) -> list[tuple[tuple[str, str], list, list]]:
    """(the node shown, the nodes behind it, the ``same_person`` edges) per entry, in the order of
    ``hits``: person hits that are one person become one entry, shown by the first of them."""
    out, placed = [], set()
    for key in hits:
        if key in placed:
            continue
        members, edges = identity(store, key)
        placed.update(members)
        out.append((key, members, edges))
    return out


def person_view(store, members: list[tuple[str, str]], edges: list) -> dict:
    """What a look-up shows of one person: ``aliases`` (every spelling of the name, sorted),
    ``people`` (the node keys behind the person) and ``same_person`` (the evidence tying them)."""
    props = store.nodes(members)
    names = set()
    for m in members:
        names |= spellings(props.get(m))
    return {"aliases": sorted(names), "people": [f"{t}:{v}" for t, v in members],
            "same_person": [e.as_json() for e in edges]}
