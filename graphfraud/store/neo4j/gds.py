"""Organisation clusters computed inside Neo4j with the Graph Data Science library (GDS).

:meth:`Neo4jStore.community_labels <graphfraud.store.neo4j.store.Neo4jStore.community_labels>` runs the
named queries of ``cypher/communities.cypher``:

1. ``gds_version`` -- GDS is there (else :class:`~graphfraud.errors.NotInStore` with a notice:
   the caller computes the clusters on the client, as before);
2. ``community_currency`` -- the currency transfer amounts are weighed in;
3. ``community_degrees`` -- the link-degree histogram; the caller's rule
   (``request.hub_cutoff``) reads the hub cut-off from it; ``community_hubs`` -- the hubs;
4. ``community_project`` -- the weighted identifier graph (the same weights, damping or
   dropping of hubs as on the client) as an undirected GDS projection, and its total weight,
   from which the caller's rule (``request.resolution``) sets the resolution;
5. ``community_leiden`` (seeded, resolution γ), ``community_louvain`` (GDS Louvain has no
   resolution: only γ = 1 runs here, otherwise NotInStore) or ``community_wcc``, all with
   concurrency 1 and the projection's rows in one fixed order (see ``community_project``) so
   that the same graph and seed give the same clusters, whatever order it was loaded in;
6. ``community_members`` / ``community_strength`` -- the members of the clusters kept and
   their strength inside them; ``community_money`` / ``community_suspect_cases`` -- their sums;
7. ``community_drop`` -- the projection is removed, whatever happened.

Only these results cross the wire, never the graph.
"""

from __future__ import annotations

import math
import uuid
from decimal import Decimal

import numpy as np

from graphfraud.errors import NotInStore
from graphfraud.store.base import CommunityRequest, StoreCommunities
from graphfraud.textfmt import parse_decimal

__all__ = ["community_labels", "gds_version"]

MUTATE = {"leiden": "community_leiden", "louvain": "community_louvain", "components": "community_wcc"}
# what the server answers a call of gds.version() where GDS is missing or refused
GDS_MISSING = ("Neo.ClientError.Statement.SyntaxError", "Neo.ClientError.Procedure.ProcedureNotFound",
               "Neo.ClientError.Security.Forbidden")
FALLBACK = "computing communities on this machine instead (the whole graph is read)"


def gds_version(store) -> str | None:
    """The version of GDS on the store's database, or None where it is not installed (its function
    unknown) or may not be called there."""
    from neo4j.exceptions import ClientError, DriverError, Neo4jError

    from graphfraud.queries import get

    try:
        with store._session(False) as s:
            row = s.run(get("gds_version").text).single()
    except ClientError as exc:
        if (exc.code or "").startswith(GDS_MISSING):
            return None
        raise store._error(exc) from None
    except (Neo4jError, DriverError) as exc:
        raise store._error(exc) from None
    return str(row["version"]) if row else None


def community_labels(store, request: CommunityRequest) -> StoreCommunities:
    """See :meth:`graphfraud.store.base.Store.community_labels`."""
    version = gds_version(store)
    if version is None:
        raise NotInStore("the Graph Data Science library is not installed on this Neo4j database",
                         notice=f"note: Neo4j has no Graph Data Science library here; {FALLBACK}")
    currency_rows = store._read("community_currency")
    currency = currency_rows[0]["currency"] if currency_rows else None
    histogram = store._read("community_degrees")
    degrees = np.repeat(np.array([int(r["degree"]) for r in histogram], dtype=np.int64),
                        np.array([int(r["nodes"]) for r in histogram], dtype=np.int64))
    cut = float(request.hub_cutoff(degrees))
    hubs = {r["key"]: int(r["degree"]) for r in store._read("community_hubs", cut=cut)} if math.isfinite(cut) else {}
    damp = {k: math.sqrt(min(1.0, cut / max(d, 1))) for k, d in hubs.items()}
    graph = f"graphfraud-communities-{uuid.uuid4().hex}"
    drop = request.algorithm == "components"
    try:
        projected = store._read("community_project", graph=graph, weights=dict(request.weights),
                                unit=float(request.amount_unit), currency=currency, damp=damp, drop=drop)[0]
        total = float(projected["total"] or 0.0)
        gamma = None if drop else float(request.resolution(total))
        if request.algorithm == "louvain" and gamma != 1.0:
            raise NotInStore("GDS Louvain has no resolution parameter",
                             notice=f"note: GDS Louvain cannot use the resolution {gamma:g} this graph needs; "
                                    f"{FALLBACK}")
        store._read(MUTATE[request.algorithm], graph=graph, config=_config(request, gamma))
        members = store._read("community_members", graph=graph, min_size=int(request.min_size))
        strength = {_node(r["key"]): float(r["strength"]) for r in store._read("community_strength", graph=graph)}
    except BaseException:
        _drop_quietly(store, graph)
        raise
    store._read("community_drop", graph=graph)
    clusters = _ordered(members)
    labels = {f"{t}:{v}": cid for cid, group in enumerate(clusters, start=1) for t, v in group}
    money = _money(store._read("community_money", labels=labels, currency=currency), len(clusters)) \
        if labels else {}
    cases: dict[int, set] = {cid: set() for cid in range(1, len(clusters) + 1)}
    for r in store._read("community_suspect_cases", labels=labels) if labels else ():
        cases[int(r["cluster"])].add(r["case"])
    return StoreCommunities(clusters=clusters, strength=strength, hubs={_node(k) for k in hubs}, money=money,
                            suspect_cases=cases, hub_cutoff=cut, resolution=gamma,
                            engine=f"Neo4j GDS {version} {request.algorithm}")


def _drop_quietly(store, graph: str) -> None:
    """Remove the projection after an error; the first error is the one to report."""
    try:
        store._read("community_drop", graph=graph)
    except Exception:  # noqa: BLE001, S110 - the first error is the one to report
        pass


def _config(request: CommunityRequest, gamma: float | None) -> dict:
    """The GDS configuration of the algorithm: one thread, so that a seed gives one answer."""
    config = {"mutateProperty": "community", "concurrency": 1}
    if request.algorithm == "leiden":
        config.update(relationshipWeightProperty="weight", gamma=gamma, randomSeed=int(request.seed))
    elif request.algorithm == "louvain":
        config.update(relationshipWeightProperty="weight")
    return config


def _node(key: str) -> tuple[str, str]:
    t, _, v = key.partition(":")
    return t, v


def _ordered(rows) -> list[list[tuple[str, str]]]:
    """Members grouped by community, each sorted by (type, value); largest first, ties by the
    smallest member (the client's order, graphfraud.analysis.communities._ordered)."""
    groups: dict = {}
    for r in rows:
        groups.setdefault(r["community"], []).append(_node(r["key"]))
    out = [sorted(g) for g in groups.values()]
    out.sort(key=lambda g: (-len(g), g[0]))
    return out


def _money(rows, k: int) -> dict[int, dict[str, Decimal]]:
    """Exact totals per cluster from (cluster, kind, whole-number sum, other amount texts) rows."""
    out = {cid: {"money_in": Decimal(0), "money_out": Decimal(0), "money_internal": Decimal(0)}
           for cid in range(1, k + 1)}
    for r in rows:
        total = Decimal(int(r["whole"] or 0))
        for text in r["fractions"] or ():
            amount = parse_decimal(text)
            if amount is not None:
                total += amount
        out[int(r["cluster"])]["money_" + r["kind"]] += total
    return out
