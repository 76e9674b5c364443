"""Organisation clusters: communities of the weighted identifier graph.

Every edge type becomes an undirected, weighted link between two identifiers
(parallel edges summed per pair; weights in ``LINK_WEIGHTS``):

* money: ``transfer`` pairs weigh ``1 + log10(1 + total amount / 1,000,000)`` —
  a 10 million transfer weighs 2.0, a 1 billion one 4.0: large flows matter more,
  but one huge transfer does not outweigh everything else;
* shared access: a ``login`` from a device weighs 2.0, from an IP address 0.7
  (IPs are shared by NAT, CGNAT and Wi-Fi; devices much less);
* KYC and social: ``owns``, ``registered``, ``social_link`` weigh 1.5;
* ``same_person`` (two person nodes with the same folded name and a shared phone or account,
  see graphfraud.person_links) weighs 3.0: one person's two records are a stronger tie than a
  shared device (2.0, which a family may share), weaker than an investigator's statement that an
  identifier is the suspect's (5.0). Chosen on the evaluation's tuning seeds (1-8) among 1.0, 1.5,
  2.0 and 3.0, by the median community ARI (0.872, 0.861, 0.861, 0.883; 0.875 without the edges);
  the differences are of the size of Leiden's own variation;
* calls weigh 0.3 per pair (people call many unrelated numbers);
* reports: a case that names an identifier as the suspect's weighs 5.0 (an
  investigator's statement that it belongs to the fraud), other mentions 1.0.

Hubs. Busy merchants, utility and e-wallet top-up accounts and very common IP
addresses (CGNAT) are adjacent to many unrelated identifiers and would glue
organisations together. The cut-off is read from the graph's own degree
distribution, not set for one data set: with ``d`` the number of distinct
neighbours, ``D = exp(median(log d) + 3 · 1.4826 · MAD(log d))`` over nodes with
``d ≥ 1`` (a robust "3 sigma" on the log scale; the MAD is floored at 0.5 so a
graph of near-equal degrees does not get a tiny cut-off). For ``leiden`` and
``louvain`` a link touching a node of degree ``d > D`` is down-weighted by
``sqrt(D / d)`` per such end; ``components`` cannot weigh links, so it drops
nodes above ``D``. ``hub_degree`` overrides ``D`` (``math.inf`` turns it off).

Algorithms: ``leiden`` (igraph's ``community_leiden``: weighted modularity with a
resolution γ, seeded), ``louvain`` (igraph ``community_multilevel``, same γ, with
igraph's random generator seeded), ``components`` (igraph connected components).

Resolution. Modularity cannot separate small modules in a large graph (the
resolution limit): at 10^6 transfers, γ = 1 merges a third of the planted
organisations with each other or with the mass of background phones. γ is set
from the total link weight ``W`` so that two clusters of internal weight
``MIN_CLUSTER_WEIGHT`` (100) joined by a single link stay apart:
``γ = max(1, W / (2 · 100²))`` — 1 on the demo data (W ≈ 10⁴), ≈ 86 at 10^6
transfers (W ≈ 1.7·10⁶). ``resolution`` overrides it.
Community ids are 1, 2, … ordered by size (largest first), then by the smallest
member ``(type, value)``; the same store and seed always give the same answer.

Where. A store that can compute the clusters itself does (Neo4j with the Graph Data Science
library: :mod:`graphfraud.analysis.communities_store`, the same weights, hub rule and
resolution, only the clusters cross the wire); otherwise, and with ``in_store=False``, they are
computed here from the store's whole graph.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import NamedTuple

import numpy as np

from graphfraud.analysis.graphview import GraphView
from graphfraud.analysis.igraph_random import seeded
from graphfraud.model import OWN_EDGE_TYPES
from graphfraud.progress import counted, stage

__all__ = ["ALGORITHMS", "LINK_WEIGHTS", "Links", "communities", "described_partition", "hub_cutoff", "identifier_graph", "partition", "touching_cases", "weighted_links"]

ALGORITHMS = ("leiden", "louvain", "components")
LINK_WEIGHTS = {
    "transfer": 1.0,          # × (1 + log10(1 + amount / 1e6))
    "login_device": 2.0,
    "login_ip": 0.7,
    "owns": 1.5,
    "registered": 1.5,
    "social_link": 1.5,
    "call": 0.3,
    "mention_suspect": 5.0,
    "mention": 1.0,
    "same_person": 3.0,
}
AMOUNT_UNIT = 1_000_000.0
TOP_MEMBERS = 10
# Internal link weight of the smallest organisation the modularity methods must keep apart from
# its neighbours (see auto_resolution). The planted organisations of the demo data hold 145-335.
MIN_CLUSTER_WEIGHT = 100.0


def auto_resolution(total_weight: float) -> float:
    """Modularity resolution that keeps clusters of internal weight MIN_CLUSTER_WEIGHT resolvable.

    Two modules of internal weight l joined by one link of weight 1 are merged by modularity
    with resolution γ when l² < W / (2γ) (W = total link weight; Fortunato & Barthélemy's
    resolution limit). γ = W / (2 · MIN_CLUSTER_WEIGHT²), at least 1.
    """
    return max(1.0, float(total_weight) / (2.0 * MIN_CLUSTER_WEIGHT ** 2))


def hub_cutoff(degree: np.ndarray) -> float:
    """The degree above which a node is treated as a hub (see the module doc)."""
    from graphfraud.analysis.robust import robust_fence

    return robust_fence(degree)


def identifier_graph(gv: GraphView) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Undirected weighted links (u, v, w) with u < v, one per linked pair, sorted by (u, v)."""
    us, vs, ws = [], [], []
    ipc, devc = gv.type_code("ip"), gv.type_code("device")
    for t in gv.edge_type_names:
        e = gv.edges_of_type(t)
        if not len(e) or t in OWN_EDGE_TYPES:   # an account to itself: no tie between two identifiers
            continue
        if t == "transfer":
            u, v, tot = gv.pair_sums(e, np.nan_to_num(gv.amount[e], nan=0.0))
            w = LINK_WEIGHTS["transfer"] * (1.0 + np.log10(1.0 + np.maximum(tot, 0.0) / AMOUNT_UNIT))
        elif t == "login":
            u, v, _ = gv.pair_sums(e, np.ones(len(e)))
            has_dev = (gv.ntype[u] == devc) | (gv.ntype[v] == devc)
            has_ip = (gv.ntype[u] == ipc) | (gv.ntype[v] == ipc)
            w = np.where(has_dev & ~has_ip, LINK_WEIGHTS["login_device"], LINK_WEIGHTS["login_ip"])
        elif t == "mention":
            suspect = np.array([r == "suspect" for r in gv.edge_prop("role", e)] + [False], dtype=bool)[:-1]
            u, v, ns = gv.pair_sums(e, suspect.astype(np.float64))
            w = np.where(ns > 0, LINK_WEIGHTS["mention_suspect"], LINK_WEIGHTS["mention"])
        elif t == "social_link":
            u, v, w = gv.pair_sums(e, social_link_weights(gv, e))
        else:
            u, v, _ = gv.pair_sums(e, np.ones(len(e)))
            w = np.full(len(u), LINK_WEIGHTS.get(t, 1.0))
        us.append(u)
        vs.append(v)
        ws.append(w)
    if not us:
        z = np.zeros(0, dtype=np.int64)
        return z, z, np.zeros(0)
    u, v, w = np.concatenate(us), np.concatenate(vs), np.concatenate(ws)
    # two edge types between the same pair (e.g. a login and a registration): add them up
    code = u * np.int64(max(gv.n, 1)) + v
    uniq, inv = np.unique(code, return_inverse=True)
    w = np.bincount(inv, weights=w, minlength=len(uniq))
    return uniq // max(gv.n, 1), uniq % max(gv.n, 1), w


def social_link_weights(gv: GraphView, e: np.ndarray) -> np.ndarray:
    """Per ``social_link`` edge: its link weight. A bare @handle tied to the accounts of several
    platforms with that handle (``match: same_handle``, see graphfraud.handle_links) shares the
    weight of one link among them."""
    w = np.full(len(e), LINK_WEIGHTS["social_link"])
    same = np.array([m == "same_handle" for m in gv.edge_prop("match", e)] + [False], dtype=bool)[:-1]
    if same.any():
        handle = gv.src[e[same]]  # the bare handle's end
        count = np.bincount(handle, minlength=gv.n)
        w[same] = LINK_WEIGHTS["social_link"] / count[handle]
    return w


def partition(n: int, u: np.ndarray, v: np.ndarray, w: np.ndarray, algorithm: str = "leiden",
              seed: int = 42, resolution: float = 1.0) -> np.ndarray:
    """Community label per vertex (0..n-1) of an undirected weighted graph given as arrays."""
    import igraph as ig

    if algorithm not in ALGORITHMS:
        from graphfraud.errors import UsageError

        raise UsageError(f"--algorithm must be one of {', '.join(ALGORITHMS)}, not {algorithm!r}")
    g = ig.Graph(n=n, edges=list(zip(np.asarray(u, dtype=np.int64).tolist(), np.asarray(v, dtype=np.int64).tolist())),
                 directed=False)
    if algorithm == "components":
        return np.asarray(g.connected_components().membership, dtype=np.int64)
    g.es["weight"] = np.asarray(w, dtype=np.float64)
    # igraph draws vertex orders from its random generator: this call's own, seeded (igraph_random).
    # Leiden is igraph's own C implementation (modularity with a resolution, the same objective as
    # leidenalg's RBConfiguration): measured here 36x faster than leidenalg at equal modularity.
    with seeded(seed):
        if algorithm == "leiden":
            memb = g.community_leiden(objective_function="modularity", weights="weight", resolution=resolution,
                                      n_iterations=2).membership
        else:
            memb = g.community_multilevel(weights="weight", resolution=resolution).membership
    return np.asarray(memb, dtype=np.int64)


def _ordered(labels: np.ndarray, active: np.ndarray) -> list[np.ndarray]:
    """Groups of node indexes (sorted), largest first, ties by smallest member index."""
    idx = np.nonzero(active)[0]
    lab = labels[idx]
    order = np.lexsort((idx, lab))
    idx, lab = idx[order], lab[order]
    cuts = np.nonzero(np.diff(lab))[0] + 1
    groups = np.split(idx, cuts) if len(idx) else []
    groups.sort(key=lambda g: (-len(g), int(g[0])))
    return groups


def communities(store, algorithm: str = "leiden", min_size: int = 3, seed: int = 42,
                view: GraphView | None = None, hub_degree: float | None = None,
                resolution: float | None = None, with_labels: bool = False, in_store: bool = True,
                notice=None, progress=None):
    """Organisation clusters over the identifier graph, largest first.

    Each: ``{id, size, members: [{type, value}], members_by_type, money_in, money_out,
    money_internal, cases, hubs_damped, top_members: [{type, value, weight}]}`` (money as exact
    decimal strings; ``cases`` = case nodes in the cluster and cases naming a member as suspect).
    With ``with_labels`` returns ``(clusters, labels)`` where ``labels[i]`` is the cluster id of
    node ``i`` (0 = in no listed cluster).

    Without ``view`` and ``with_labels`` the store is asked first (``in_store``); where it cannot,
    ``notice(line)`` is told why (if the store says) and they are computed here. ``progress`` (see
    graphfraud.progress) is told the steps.
    """
    from graphfraud.errors import UsageError

    if algorithm not in ALGORITHMS:
        raise UsageError(f"--algorithm must be one of {', '.join(ALGORITHMS)}, not {algorithm!r}")
    if min_size < 1:
        raise UsageError("--min-size must be at least 1")
    if in_store and view is None and not with_labels:
        from graphfraud.analysis.communities_store import in_store as computed_in_store

        found = computed_in_store(store, algorithm, min_size, seed, hub_degree, resolution, notice)
        if found is not None:
            return found
    gv = view if view is not None else GraphView.from_store(store)
    stage(progress, "communities.graph")
    links = weighted_links(gv, algorithm, hub_degree)
    res = auto_resolution(float(links.w.sum())) if resolution is None else float(resolution)
    stage(progress, "communities.partition")
    labels = partition(gv.n, links.u, links.v, links.w, algorithm, seed=seed, resolution=res)
    groups = [g for g in _ordered(labels, links.active) if len(g) >= min_size]
    clusters, out_labels = _described(gv, groups, links, algorithm, res, progress)
    return (clusters, out_labels) if with_labels else clusters


class Links(NamedTuple):
    """The links a partition runs on (``u < v``, weight ``w``), the hub mask, the nodes that may be
    in a cluster and the hub cut-off."""

    u: np.ndarray
    v: np.ndarray
    w: np.ndarray
    hub: np.ndarray
    active: np.ndarray
    cut: float


def weighted_links(gv: GraphView, algorithm: str, hub_degree: float | None = None) -> Links:
    """The identifier graph with the hub rule applied: links of hubs damped, or, for
    ``components``, hubs and their links left out."""
    u, v, w = identifier_graph(gv)
    deg = np.bincount(u, minlength=gv.n) + np.bincount(v, minlength=gv.n)
    cut = hub_cutoff(deg) if hub_degree is None else float(hub_degree)
    hub = deg > cut
    if algorithm == "components":
        keep = ~hub[u] & ~hub[v]
        return Links(u[keep], v[keep], w[keep], hub, ~hub, cut)
    damp = np.sqrt(np.minimum(1.0, cut / np.maximum(deg, 1)))
    return Links(u, v, w * damp[u] * damp[v], hub, np.ones(gv.n, dtype=bool), cut)


def described_partition(gv: GraphView, groups: list[list[tuple[str, str]]], algorithm: str,
                        hub_degree: float | None = None, resolution: float | None = None) -> list[dict]:
    """The clusters' JSON, as :func:`communities` gives it, of a partition found elsewhere (the
    store's, say): ``groups`` lists each cluster's members ``(type, value)``, in cluster-id order.
    Money, cases and member strength are computed here, over the same links and hub rule."""
    links = weighted_links(gv, algorithm, hub_degree)
    res = auto_resolution(float(links.w.sum())) if resolution is None else float(resolution)
    index = [np.array(sorted(gv.index_of(t, val) for t, val in g), dtype=np.int64) for g in groups]
    return _described(gv, index, links, algorithm, res)[0]


def _described(gv: GraphView, groups: list[np.ndarray], links: Links, algorithm: str, res: float,
               progress=None):
    """(clusters JSON, label per node) of the groups of node indexes (cluster ids 1..k)."""
    out_labels = np.zeros(gv.n, dtype=np.int64)
    for cid, g in enumerate(groups, start=1):
        out_labels[g] = cid
    clusters = _describe_all(gv, groups, out_labels, links.u, links.v, links.w, links.hub, progress)
    for c in clusters:
        c["hub_cutoff"] = None if not math.isfinite(links.cut) else round(links.cut, 1)
        c["resolution"] = None if algorithm == "components" else round(res, 3)
    return clusters, out_labels


def _describe_all(gv: GraphView, groups: list[np.ndarray], labels: np.ndarray, u, v, w, hub,
                  progress=None) -> list[dict]:
    """The JSON of every cluster, computed in one pass over nodes and edges (cluster ids 1..k)."""
    k = len(groups)
    T = gv.edges_of_type("transfer")
    ls, ld = labels[gv.src[T]], labels[gv.dst[T]]
    cross = ls != ld
    sums = {"money_in": gv.exact_sums(T[cross & (ld > 0)], ld[cross & (ld > 0)], k),
            "money_out": gv.exact_sums(T[cross & (ls > 0)], ls[cross & (ls > 0)], k),
            "money_internal": gv.exact_sums(T[~cross & (ls > 0)], ls[~cross & (ls > 0)], k)}
    # cases: case nodes of the cluster, and cases naming a member as the suspect's
    cases: list[set] = [set() for _ in range(k + 1)]
    case_c = gv.type_code("case")
    for i in np.nonzero((labels > 0) & (gv.ntype == case_c))[0].tolist():
        cases[labels[i]].add(gv.values[i])
    M = gv.edges_of_type("mention")
    Mc = M[labels[gv.dst[M]] > 0]
    for e, role in zip(Mc.tolist(), gv.edge_prop("role", Mc)):
        if role == "suspect":
            cases[labels[int(gv.dst[e])]].add(gv.values[int(gv.src[e])])
    # strength inside the cluster ranks the members
    e_in = (labels[u] == labels[v]) & (labels[u] > 0)
    strength = np.round(np.bincount(u[e_in], w[e_in], minlength=gv.n) + np.bincount(v[e_in], w[e_in], minlength=gv.n), 6)
    out = []
    for cid, members in enumerate(counted(progress, groups, "communities.describe", "clusters"), start=1):
        by_type: dict[str, int] = {}
        codes, counts = np.unique(gv.ntype[members], return_counts=True)
        for c, n in zip(codes.tolist(), counts.tolist()):
            by_type[gv.node_type_names[c]] = int(n)
        ranked = members[np.lexsort((members, -strength[members]))][:TOP_MEMBERS]
        out.append({
            "id": cid,
            "size": len(members),
            "members": [gv.node_json(i) for i in members.tolist()],
            "members_by_type": dict(sorted(by_type.items())),
            "money_in": _dec_text(sums["money_in"][cid]),
            "money_out": _dec_text(sums["money_out"][cid]),
            "money_internal": _dec_text(sums["money_internal"][cid]),
            "cases": sorted(cases[cid]),
            "hubs_damped": int(hub[members].sum()),
            "top_members": [{**gv.node_json(i), "weight": round(float(strength[i]), 3)} for i in ranked.tolist()],
        })
    return out


def _dec_text(x: Decimal) -> str:
    return format(x.normalize(), "f") if x != 0 else "0"


def touching_cases(clusters: list[dict]) -> list[dict]:
    """The clusters that touch a reported case, the most money first (money in and out of the cluster,
    then money moved inside it), then the most cases, then by id."""
    from decimal import Decimal

    def money(c: dict) -> Decimal:
        return sum((Decimal(str(c.get(k) or 0)) for k in ("money_in", "money_out", "money_internal")), Decimal(0))

    found = [c for c in clusters if c.get("cases")]
    return sorted(found, key=lambda c: (-money(c), -len(c["cases"]), c["id"]))
