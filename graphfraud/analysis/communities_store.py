"""Organisation clusters computed by the store itself, as the same JSON as on the client.

Neo4j with the Graph Data Science library computes the weighted identifier graph, the hub
cut-off and the clusters on the server (graphfraud/store/neo4j/gds.py) with the rules of
:mod:`graphfraud.analysis.communities` handed down in a
:class:`~graphfraud.store.base.CommunityRequest`; only the clusters come back. A store that
cannot raises :class:`~graphfraud.errors.NotInStore`, and :func:`in_store` answers None: the
caller computes them from the store's graph, telling ``notice`` why when the store says.

The clusters are not the client's to the node: GDS Leiden is another implementation than
igraph's (same objective, resolution and seed, other random choices), so the partitions agree
closely but not exactly (tests/neo4j/test_gds.py measures the adjusted Rand index).
"""

from __future__ import annotations

import math

from graphfraud.errors import NotInStore
from graphfraud.store.base import CommunityRequest, StoreCommunities

__all__ = ["describe", "in_store", "request_for"]


def request_for(algorithm: str, min_size: int, seed: int, hub_degree: float | None = None,
                resolution: float | None = None) -> CommunityRequest:
    """The request carrying the client's rules: link weights, hub cut-off, resolution."""
    from graphfraud.analysis.communities import AMOUNT_UNIT, LINK_WEIGHTS, auto_resolution, hub_cutoff

    def cutoff(degrees):
        return hub_cutoff(degrees) if hub_degree is None else float(hub_degree)

    def gamma(total_weight: float) -> float:
        return auto_resolution(total_weight) if resolution is None else float(resolution)

    return CommunityRequest(algorithm=algorithm, seed=int(seed), min_size=int(min_size), weights=dict(LINK_WEIGHTS),
                            amount_unit=AMOUNT_UNIT, hub_cutoff=cutoff, resolution=gamma)


def in_store(store, algorithm: str, min_size: int, seed: int, hub_degree: float | None = None,
             resolution: float | None = None, notice=None) -> list[dict] | None:
    """The clusters as :func:`graphfraud.analysis.communities.communities` gives them, computed by
    the store; None where the store cannot (``notice(line)`` is told why, if the store says)."""
    try:
        found = store.community_labels(request_for(algorithm, min_size, seed, hub_degree, resolution))
    except NotInStore as exc:
        if exc.notice and notice is not None:
            notice(exc.notice)
        return None
    return describe(found, algorithm)


def describe(found: StoreCommunities, algorithm: str) -> list[dict]:
    """The JSON of every cluster (ids 1..k), with the keys and order of the client's."""
    from graphfraud.analysis.communities import TOP_MEMBERS, _dec_text

    cut = found.hub_cutoff
    out = []
    for cid, members in enumerate(found.clusters, start=1):
        by_type: dict[str, int] = {}
        for t, _ in members:
            by_type[t] = by_type.get(t, 0) + 1
        strength = {m: round(found.strength.get(m, 0.0), 6) for m in members}
        ranked = sorted(range(len(members)), key=lambda i: (-strength[members[i]], i))[:TOP_MEMBERS]
        money = found.money.get(cid, {})
        cases = {v for t, v in members if t == "case"} | set(found.suspect_cases.get(cid, ()))
        out.append({
            "id": cid,
            "size": len(members),
            "members": [{"type": t, "value": v} for t, v in members],
            "members_by_type": dict(sorted(by_type.items())),
            "money_in": _dec_text(money.get("money_in", 0)),
            "money_out": _dec_text(money.get("money_out", 0)),
            "money_internal": _dec_text(money.get("money_internal", 0)),
            "cases": sorted(cases),
            "hubs_damped": sum(1 for m in members if m in found.hubs),
            "top_members": [{"type": members[i][0], "value": members[i][1],
                             "weight": round(float(strength[members[i]]), 3)} for i in ranked],
            "hub_cutoff": None if not math.isfinite(cut) else round(cut, 1),
            "resolution": None if algorithm == "components" or found.resolution is None
            else round(found.resolution, 3),
        })
    return out
