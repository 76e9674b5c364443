"""Pick a part of the graph: what ``export`` writes and a report's campaign draws.

A :class:`Selection` says which part: the neighbourhood of an identifier
(``--around VALUE --hops N``), a detected cluster (``--community ID``), a case
and what it mentions (``--case ID``), the routes of a money trace
(``--trace ACCOUNT``) or the whole graph. :func:`build_graph` turns it into a
networkx ``MultiDiGraph`` — the exchange type every output is written from:

* nodes are keyed ``"type:value"`` (see :mod:`graphfraud.model`) and carry
  ``type``, ``value``, ``label``, ``props`` (as stored), the scores and reasons
  of the detection analyses when they are at hand (``mule_score``,
  ``organizer_score``, ``community``; see :mod:`graphfraud.analysis.annotations`),
  ``evidence`` (file, sheet, row) and ``hidden_neighbours`` (how many neighbours
  the node cap left out);
* edges are keyed by the store's edge id and carry ``type``, ``ts``/``time``,
  ``amount`` (exact decimal text), ``props`` and ``evidence``;
* the graph carries ``selection``, ``nodes_total``, ``nodes_shown``,
  ``omitted_nodes`` and, when the analyses' results were asked for but not at
  hand, ``scores_not_shown`` (their names).

The neighbourhood selections (around, case, trace) read only the nodes and
edges they show, through the store's indexes; the community and whole-graph
ones read the whole graph (:mod:`graphfraud.analysis.subgraph_whole`). Redaction
is the outputs' business: the graph here holds the values as stored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from graphfraud.analysis.annotations import Analyses
from graphfraud.analysis.subgraph_attrs import (  # noqa: F401 (node_label: part of this module's API)
    edge_attrs,
    node_attrs,
    node_evidence,
    node_label,
)
from graphfraud.errors import NotFound, UsageError
from graphfraud.model import OWN_EDGE_TYPES
from graphfraud.store.parallel import OWN_SHOWN  # noqa: F401 (what a page draws of an account's own links)

DEFAULT_CASE_HOPS = 2
KINDS = ("around", "community", "case", "trace")


@dataclass(frozen=True)
class Selection:
    """Which part of the graph to export. At most one of around / community / case / trace."""

    around: str | None = None
    hops: int | None = None
    community: str | None = None
    case: str | None = None
    trace: str | None = None
    max_nodes: int | None = None

    def __post_init__(self):
        given = [n for n in KINDS if getattr(self, n) not in (None, "")]
        if len(given) > 1:
            raise UsageError(f"choose one of --around, --community, --case, --trace (got {', '.join(given)})")
        if self.hops is not None and self.hops < 1:
            raise UsageError("--hops must be at least 1")
        if self.max_nodes is not None and self.max_nodes < 1:
            raise UsageError("--max-nodes must be at least 1")

    @property
    def kind(self) -> str:
        for n in KINDS:
            if getattr(self, n) not in (None, ""):
                return n
        return "all"

    @property
    def value(self) -> str | None:
        return None if self.kind == "all" else getattr(self, self.kind)

    @property
    def local(self) -> bool:
        """Whether the selection is a neighbourhood (around, case, trace), read without the whole graph."""
        return self.kind in ("around", "case", "trace")

    def as_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None} | {"kind": self.kind}

    def cli_args(self) -> list[str]:
        """The options that reproduce this selection on the command line."""
        out: list[str] = []
        if self.kind != "all":
            out += [f"--{self.kind}", str(self.value)]
        if self.hops is not None:
            out += ["--hops", str(self.hops)]
        if self.max_nodes is not None:
            out += ["--max-nodes", str(self.max_nodes)]
        return out


@dataclass
class Picked:
    """The nodes a selection keeps, in drawing order, and what goes with them."""

    kept: list
    focus: list = field(default_factory=list)
    hidden: Counter = field(default_factory=Counter)
    omitted: int = 0
    edge_filter: set | None = None      # only these edges (a trace's routes)
    traced: dict = field(default_factory=dict)   # edge id -> amount traced through it
    ends: dict = field(default_factory=dict)     # node -> kinds of route end there
    extra_graph: dict = field(default_factory=dict)


def note_scores(g, an: Analyses):
    """``g`` with ``scores_not_shown`` when some analyses' results were asked for but not at hand."""
    if an.not_shown:
        g.graph["scores_not_shown"] = an.not_shown
    return g


# ----------------------------------------------------------------------------- building the graph
def build_graph(store, selection: Selection | None = None, analyses: Analyses | None = None,
                max_nodes: int | None = None, evidence: bool = True, per_link: int | None = None):
    """The selected part of the graph as a networkx MultiDiGraph (see the module doc).

    ``max_nodes`` caps the nodes (``selection.max_nodes`` wins); nodes left out
    are counted in ``hidden_neighbours`` of the node they hang from and in the
    graph's ``omitted_nodes``. The focus nodes (what ``--around`` / ``--trace``
    named) are marked ``focus`` and come first. ``per_link`` caps the edges of one type between
    the same two nodes of a neighbourhood (see :func:`materialise`); a page draws them as one link.
    """
    sel = selection or Selection()
    an = analyses or Analyses(store)
    cap = sel.max_nodes if sel.max_nodes is not None else max_nodes
    if sel.kind == "all":
        from graphfraud.analysis.subgraph_whole import whole  # numpy: only for the whole graph

        return note_scores(whole(store, sel, an, cap, evidence), an)
    pick = {"around": _pick_around, "case": _pick_around, "community": _pick_community,
            "trace": _pick_trace}[sel.kind](store, sel, cap, an)
    g = materialise(store, pick, an, selection=sel.as_json(), evidence=evidence, outside=sel.kind != "trace",
                    per_link=per_link)
    return note_scores(g, an)


def focus_of(g) -> list[tuple[str, str]]:
    """The focus nodes of a graph :func:`build_graph` made, in their order."""
    return [(d["type"], d["value"]) for _, d in g.nodes(data=True) if d.get("focus")]


def _pick_around(store, sel: Selection, cap, an: Analyses) -> Picked:
    """The capped neighbourhood of what ``--around`` names, or of a case (``--case``)."""
    from graphfraud.analysis.neighbourhood import around
    from graphfraud.resolve import resolve

    text = sel.value if sel.kind == "around" else "case:" + str(sel.value).removeprefix("case:")
    focus = resolve(store, text)
    hops = sel.hops or (DEFAULT_CASE_HOPS if sel.kind == "case" else 1)
    kept, hidden, omitted = around(store, focus, hops, cap, an.flagged() if an.enabled else frozenset())
    return Picked(kept, focus=focus, hidden=hidden, omitted=omitted)


def _pick_community(store, sel: Selection, cap, an: Analyses) -> Picked:
    comms = an.communities()
    found = [c for c in comms if str(c["id"]) == str(sel.community)]
    if not found:
        ids = ", ".join(str(c["id"]) for c in comms[:20]) or "none"
        raise NotFound(f"no community {sel.community!r} (communities: "
                       f"{ids}{' …' if len(comms) > 20 else ''})")
    c = found[0]
    kept, omitted = rank_cap(store, [(m["type"], m["value"]) for m in c["members"]], cap, an)
    return Picked(kept, omitted=omitted, extra_graph={"community": {k: v for k, v in c.items() if k != "members"}})


def _pick_trace(store, sel: Selection, cap, an: Analyses) -> Picked:
    """The accounts and transfers of the routes a money trace from ``--trace`` found."""
    from graphfraud.analysis.trace import trace

    res = trace(store, sel.trace)
    src = (res["source"]["type"], res["source"]["value"])
    order, edge_filter, traced, ends = [src], set(), {}, {}
    for r in res["routes"]:
        for h in r["hops"]:
            for end in (h["from"], h["to"]):
                order.append((end["type"], end["value"]))
            if h.get("edge_id") is not None:
                eid = str(h["edge_id"])
                edge_filter.add(eid)
                traced[eid] = traced.get(eid, 0.0) + float(h.get("amount") or 0)
        e = r["end"]
        ends.setdefault((e["type"], e["value"]), set()).add(e.get("kind") or "unknown")
    kept = list(dict.fromkeys(order))
    omitted = 0
    if cap is not None and len(kept) > cap:
        omitted = len(kept) - cap
        kept = kept[:cap]
    extra = {"trace": {"source": res["source"], "direction": res.get("direction"),
                       "traced_amount": res.get("traced_amount"), "summary": res.get("summary"),
                       "endpoints": res.get("endpoints", [])[:50]}}
    return Picked(kept, focus=[src], omitted=omitted, edge_filter=edge_filter, traced=traced, ends=ends,
                  extra_graph=extra)


def graph_of(store, keys, analyses: Analyses | None = None, focus=(), max_nodes: int | None = None,
             evidence: bool = True, selection: dict | None = None):
    """The subgraph induced by the given nodes (those that exist), as :func:`build_graph` returns it.

    With ``max_nodes``, flagged nodes and the best connected are kept first.
    """
    an = analyses or Analyses(store)
    keys = list(dict.fromkeys(tuple(k) for k in keys))
    found = store.nodes(keys)
    keys = [k for k in keys if k in found]
    focus = [tuple(f) for f in focus if tuple(f) in found]
    if max_nodes is not None and len(keys) > max_nodes:
        rest = [k for k in keys if k not in set(focus)]
        kept, omitted = rank_cap(store, rest, max(0, max_nodes - len(focus)), an)
        keys = focus + kept
    else:
        omitted = 0
    g = materialise(store, Picked(keys, focus=focus, omitted=omitted), an,
                    selection=selection or {"kind": "nodes"}, evidence=evidence)
    return note_scores(g, an)


def rank_cap(store, members, cap, an: Analyses):
    """At most ``cap`` of ``members``: the most flagged first, then the best connected, then by key."""
    if cap is None or len(members) <= cap:
        return list(members), 0
    deg = store.degrees(list(members))
    ranked = sorted(members, key=lambda k: (-an.priority(k), -deg.get(k, 0), k))
    return ranked[:cap], len(members) - cap


def materialise(store, pick: Picked, an: Analyses, selection: dict, evidence: bool = True,
                outside: bool = True, per_link: int | None = None):
    """The graph of the picked nodes, the edges between them and their annotations.

    Of the edges of one type between the same two nodes at most ``per_link`` are read and kept
    (``None``: all; a trace's routes: all), and at most :data:`OWN_SHOWN` of an account's own
    withdrawals (deposits); the edges kept of a group cut carry ``parallel``, what the whole group
    adds up to (:func:`graphfraud.store.parallel.cap_parallel`), and an account its own groups'
    totals in ``own_links``. ``edges_total`` (on the graph) counts every edge, kept or not."""
    import networkx as nx

    kept = pick.kept
    props = store.nodes(kept)
    edges, totals = _links(store, pick, per_link)
    own = {}
    for (src, dst, etype), total in totals.items():
        if src == dst and etype in OWN_EDGE_TYPES:
            own.setdefault(src, {})[etype] = total
    outside_n = store.outside_counts(kept) if outside and kept else {}
    prov = store.provenance([e.id for e in edges]) if evidence and edges else {}
    node_ev = node_evidence(store, kept, edges, prov) if evidence else {}
    g = nx.MultiDiGraph()
    g.graph.update({"selection": selection, "nodes_total": len(kept) + pick.omitted, "nodes_shown": len(kept),
                    "omitted_nodes": pick.omitted, **pick.extra_graph})
    cut = sum(t["n"] - t["shown"] for t in totals.values())
    if cut:
        g.graph["edges_total"] = len(edges) + cut
    focus_set = set(pick.focus)
    for k in kept:
        attrs = node_attrs(k[0], k[1], props.get(k, {}), an)
        if k in focus_set:
            attrs["focus"] = True
        if pick.hidden.get(k):
            attrs["hidden_neighbours"] = int(pick.hidden[k])
        if own.get(tuple(k)):
            attrs["own_links"] = own[tuple(k)]
        if outside_n.get(k):
            attrs["outside_neighbours"] = int(outside_n[k])
        if k in pick.ends:
            attrs["trace_end"] = ",".join(sorted(pick.ends[k]))
        if evidence:
            attrs["evidence"] = node_ev[k]
        g.add_node(f"{k[0]}:{k[1]}", **attrs)
    for e in edges:
        attrs = edge_attrs(e.id, e.type, e.ts, e.amount, e.props, prov.get(e.id, []) if evidence else None,
                           pick.traced.get(e.id))
        whole = totals.get((e.src, e.dst, e.type))
        if whole and e.src != e.dst and whole["shown"] < whole["n"]:
            attrs["parallel"] = dict(whole)
        g.add_edge(f"{e.src[0]}:{e.src[1]}", f"{e.dst[0]}:{e.dst[1]}", key=e.id, **attrs)
    return g


def _links(store, pick: Picked, per_link: int | None) -> tuple[list, dict]:
    """The edges among the picked nodes that are drawn, and the totals of the groups cut."""
    from graphfraud.store.parallel import cap_parallel

    if not pick.kept:
        return [], {}
    if pick.edge_filter is None:
        return store.links_among(pick.kept, per_link)
    edges = [e for e in store.edges_among(pick.kept) if e.id in pick.edge_filter]   # a trace: all its edges
    keep, totals = cap_parallel([(e.id, e.type, e.src, e.dst, e.ts, e.amount) for e in edges])
    return [e for e in edges if e.id in keep], totals

