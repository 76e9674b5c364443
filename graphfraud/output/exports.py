"""Pick a part of the graph and export it: GraphML, GEXF, JSON, CSV (and the HTML page's data).

A :class:`Selection` says which part: the neighbourhood of an identifier
(``--around VALUE --hops N``), a detected cluster (``--community ID``), a case
and what it mentions (``--case ID``), the routes of a money trace
(``--trace ACCOUNT``) or the whole graph. :func:`build_graph` turns it into a
networkx ``MultiDiGraph`` — the exchange type every output is written from:

* nodes are keyed ``"type:value"`` (see :mod:`graphfraud.model`) and carry
  ``type``, ``value``, ``label``, ``props`` (as stored), the scores and reasons
  of the detection analyses when they ran (``mule_score``, ``organiser_score``,
  ``community``), ``evidence`` (file, sheet, row) and ``hidden_neighbours`` (how
  many neighbours the node cap left out);
* edges are keyed by the store's edge id and carry ``type``, ``ts``/``time``,
  ``amount`` (exact decimal text), ``props`` and ``evidence``.

Machine formats keep values as they are (``+84912345678`` stays a phone number
in JSON and GraphML); only CSV, made for spreadsheets, neutralises cells a
spreadsheet would run as a formula (:func:`graphfraud.load.safe_cell`).

``--redact`` is applied in :func:`apply_redaction`, the one
place every output's graph passes through before it is written.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass

from graphfraud.errors import NotFound, UsageError
from graphfraud.output.analyses import (  # noqa: F401 (the names outputs and tests import from here)
    ORGANISERS_PER_CLUSTER,
    Analyses,
    analysis_function,
    reason_texts,
    require_analysis,
)
from graphfraud.output.safepath import safe_output_path
from graphfraud.output.writers import (  # noqa: F401
    EDGE_COLUMNS,
    NODE_COLUMNS,
    WRITERS,
    csv_tables,
    flat_edge,
    flat_graph,
    flat_node,
    to_json_data,
    write_csv,
    write_gexf,
    write_graphml,
    write_json,
)

FORMATS = ("html", "graphml", "gexf", "json", "csv")
DEFAULT_HTML_MAX_NODES = 1000
DEFAULT_CASE_HOPS = 2
EVIDENCE_PER_ITEM = 3

# ----------------------------------------------------------------------------- selection
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
        given = [n for n in ("around", "community", "case", "trace") if getattr(self, n) not in (None, "")]
        if len(given) > 1:
            raise UsageError(f"choose one of --around, --community, --case, --trace (got {', '.join(given)})")
        if self.hops is not None and self.hops < 1:
            raise UsageError("--hops must be at least 1")
        if self.max_nodes is not None and self.max_nodes < 1:
            raise UsageError("--max-nodes must be at least 1")

    @property
    def kind(self) -> str:
        for n in ("around", "community", "case", "trace"):
            if getattr(self, n) not in (None, ""):
                return n
        return "all"

    @property
    def value(self) -> str | None:
        return None if self.kind == "all" else getattr(self, self.kind)

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


# ----------------------------------------------------------------------------- building the graph
def node_label(t: str, v: str, props: dict) -> str:
    if t == "person":
        text = props.get("name") or props.get("victim_name") or v
    elif t == "account" and props.get("bank"):
        text = f"{v} ({props['bank']})"
    else:
        text = v
    text = " ".join(str(text).split())
    return text if len(text) <= 40 else text[:39] + "…"


def _ev(rows) -> list[dict]:
    return [{"file": r.get("file"), "sheet": r.get("sheet"), "row": r.get("row")}
            for r in rows[:EVIDENCE_PER_ITEM]]


def build_graph(store, selection: Selection | None = None, analyses: Analyses | None = None,
                max_nodes: int | None = None, evidence: bool = True):
    """The selected part of the graph as a networkx MultiDiGraph (see the module doc).

    ``max_nodes`` caps the nodes (``selection.max_nodes`` wins); nodes left out
    are counted in ``hidden_neighbours`` of the node they hang from and in the
    graph's ``omitted_nodes``.
    """
    sel = selection or Selection()
    an = analyses or Analyses(store)
    cap = sel.max_nodes if sel.max_nodes is not None else max_nodes
    focus: list[tuple] = []
    extra_graph: dict = {}
    edge_filter = None
    traced: dict = {}
    ends: dict = {}
    if sel.kind in ("around", "case"):
        from graphfraud.resolve import resolve

        text = sel.value if sel.kind == "around" else "case:" + str(sel.value).removeprefix("case:")
        focus = resolve(store, text)
        hops = sel.hops or (DEFAULT_CASE_HOPS if sel.kind == "case" else 1)
        kept, hidden, omitted = _around(store, focus, hops, cap, an)
    elif sel.kind == "community":
        comms = require_analysis("communities") and an.communities()
        found = [c for c in comms if str(c["id"]) == str(sel.community)]
        if not found:
            ids = ", ".join(str(c["id"]) for c in comms[:20]) or "none"
            raise NotFound(f"no community {sel.community!r} (communities: "
                           f"{ids}{' …' if len(comms) > 20 else ''})")
        c = found[0]
        members = [(m["type"], m["value"]) for m in c["members"]]
        extra_graph["community"] = {k: v for k, v in c.items() if k != "members"}
        kept, omitted = _rank_cap(store, members, cap, an)
        hidden = Counter()
    elif sel.kind == "trace":
        res = require_analysis("trace")(store, sel.trace)
        src = (res["source"]["type"], res["source"]["value"])
        focus = [src]
        order = [src]
        edge_filter = set()
        for r in res["routes"]:
            for h in r["hops"]:
                for end in (h["from"], h["to"]):
                    order.append((end["type"], end["value"]))
                if h.get("edge_id") is not None:
                    edge_filter.add(str(h["edge_id"]))
                    eid = str(h["edge_id"])
                    traced[eid] = traced.get(eid, 0.0) + float(h.get("amount") or 0)
            e = r["end"]
            ends.setdefault((e["type"], e["value"]), set()).add(e.get("kind") or "unknown")
        kept = list(dict.fromkeys(order))
        hidden, omitted = Counter(), 0
        extra_graph["trace"] = {"source": res["source"], "direction": res.get("direction"),
                                "traced_amount": res.get("traced_amount"), "summary": res.get("summary"),
                                "endpoints": res.get("endpoints", [])[:50]}
        if cap is not None and len(kept) > cap:
            omitted = len(kept) - cap
            kept = kept[:cap]
    else:
        return _whole(store, sel, an, cap, evidence)

    from graphfraud.output.scrub import shown_selection

    shown = {**sel.as_json(), sel.kind: shown_selection(sel, focus)}  # under --redact: pseudonyms only
    return _materialise(store, kept, an, selection=shown, focus=focus, hidden=hidden, omitted=omitted,
                        evidence=evidence, edge_filter=edge_filter, traced=traced, ends=ends,
                        outside=sel.kind != "trace", extra_graph=extra_graph)


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
        kept, omitted = _rank_cap(store, rest, max(0, max_nodes - len(focus)), an)
        keys = focus + kept
    else:
        omitted = 0
    return _materialise(store, keys, an, selection=selection or {"kind": "nodes"}, focus=focus,
                        omitted=omitted, evidence=evidence)


def _materialise(store, kept, an: Analyses, selection: dict, focus=(), hidden=None, omitted: int = 0,
                 evidence: bool = True, edge_filter=None, traced=None, ends=None, outside: bool = True,
                 extra_graph: dict | None = None):
    import networkx as nx

    hidden = hidden or {}
    traced = traced or {}
    ends = ends or {}
    keep = set(kept)
    props = store.nodes(kept)
    incident = store.incident(kept) if kept else []
    edges = [e for e in incident if e.src in keep and e.dst in keep]
    if edge_filter is not None:
        edges = [e for e in edges if e.id in edge_filter]
    outside_n: Counter = Counter()
    if outside:
        seen_out = defaultdict(set)
        for e in incident:
            for a, b in ((e.src, e.dst), (e.dst, e.src)):
                if a in keep and b not in keep:
                    seen_out[a].add(b)
        outside_n = Counter({k: len(v) for k, v in seen_out.items()})
    prov = store.provenance([e.id for e in edges]) if evidence and edges else {}
    g = nx.MultiDiGraph()
    g.graph.update({"selection": selection, "nodes_total": len(kept) + omitted, "nodes_shown": len(kept),
                    "omitted_nodes": omitted, **(extra_graph or {})})
    focus_set = set(focus)
    for k in kept:
        p = props.get(k, {})
        attrs = {"type": k[0], "value": k[1], "label": node_label(k[0], k[1], p), "props": p,
                 **an.annotate(k)}
        if k[0] == "account" and p.get("bank"):
            attrs["bank"] = p["bank"]
        if k in focus_set:
            attrs["focus"] = True
        if hidden.get(k):
            attrs["hidden_neighbours"] = int(hidden[k])
        if outside_n.get(k):
            attrs["outside_neighbours"] = int(outside_n[k])
        if k in ends:
            attrs["trace_end"] = ",".join(sorted(ends[k]))
        if evidence:
            attrs["evidence"] = _ev(store.node_provenance(k, limit=EVIDENCE_PER_ITEM))
        g.add_node(f"{k[0]}:{k[1]}", **attrs)
    for e in edges:
        g.add_edge(f"{e.src[0]}:{e.src[1]}", f"{e.dst[0]}:{e.dst[1]}", key=e.id,
                   **_edge_attrs(e.id, e.type, e.ts, e.amount, e.props,
                                 prov.get(e.id, []) if evidence else None, traced.get(e.id)))
    return apply_redaction(g)


def _edge_attrs(eid, etype, ts, amount, props, prov, traced=None) -> dict:
    from graphfraud.normalize.timestamp import format_epoch

    out = {"id": str(eid), "type": etype, "props": props or {}}
    if ts is not None:
        out["ts"] = int(ts)
        out["time"] = format_epoch(int(ts))
    if amount is not None:
        out["amount"] = str(amount)
    if prov is not None:
        out["evidence"] = _ev(prov)
    if traced:
        out["traced_amount"] = traced
    return out


def _priority(an: Analyses, key) -> tuple:
    a = an.annotate(key) if an.enabled else {}
    return (-(a.get("organiser_score", 0) + a.get("mule_score", 0)), key)


def _around(store, starts, hops, cap, an: Analyses):
    """The capped neighbourhood of ``starts`` (see :mod:`graphfraud.analysis.neighbourhood`)."""
    from graphfraud.analysis.neighbourhood import around

    return around(store, starts, hops, cap, an.flagged() if an.enabled else frozenset())


def _rank_cap(store, members, cap, an: Analyses):
    if cap is None or len(members) <= cap:
        return list(members), 0
    deg = store.degrees(list(members))
    ranked = sorted(members, key=lambda k: (_priority(an, k)[0], -deg.get(k, 0), k))
    return ranked[:cap], len(members) - cap


def _whole(store, sel: Selection, an: Analyses, cap, evidence: bool):
    """The whole graph, or with a cap its most important nodes (flagged first, then by degree)."""
    import networkx as nx
    import numpy as np

    from graphfraud.analysis.graphview import GraphView

    gv = GraphView.from_store(store)
    n = gv.n
    if cap is None or n <= cap:
        keep_idx = np.arange(n)
    else:
        deg = gv.distinct_degree()
        flagged = an.flagged() if an.enabled else set()
        boost = np.zeros(n)
        for k in flagged:
            i = gv.index_of(*k)
            if i is not None:
                a = an.annotate(k)
                boost[i] = 1e9 * (1 + a.get("organiser_score", 0) + a.get("mule_score", 0))
        order = np.lexsort((np.arange(n), -(deg + boost)))
        keep_idx = np.sort(order[:cap])
    mask = np.zeros(n, dtype=bool)
    mask[keep_idx] = True
    hidden = np.zeros(n, dtype=np.int64)
    if len(keep_idx) < n and gv.m:
        a, b = gv.src, gv.dst
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        pairs = np.unique(lo * np.int64(n) + hi)
        u, v = pairs // n, pairs % n
        cut1 = mask[u] & ~mask[v]
        cut2 = mask[v] & ~mask[u]
        hidden += np.bincount(u[cut1], minlength=n) + np.bincount(v[cut2], minlength=n)
    emask = mask[gv.src] & mask[gv.dst]
    eidx = np.nonzero(emask)[0]
    prov = store.provenance([gv.eid[k] for k in eidx.tolist()]) if evidence else {}
    g = nx.MultiDiGraph()
    g.graph.update({"selection": sel.as_json(), "nodes_total": int(n), "nodes_shown": int(len(keep_idx)),
                    "omitted_nodes": int(n - len(keep_idx))})
    for i in keep_idx.tolist():
        t, v, p = gv.type_of(i), gv.values[i], gv.props[i] or {}
        attrs = {"type": t, "value": v, "label": node_label(t, v, p), "props": p, **an.annotate((t, v))}
        if t == "account" and p.get("bank"):
            attrs["bank"] = p["bank"]
        if hidden[i]:
            attrs["hidden_neighbours"] = int(hidden[i])
        if evidence and len(keep_idx) <= 5000:
            attrs["evidence"] = _ev(store.node_provenance((t, v), limit=EVIDENCE_PER_ITEM))
        g.add_node(f"{t}:{v}", **attrs)
    for k in eidx.tolist():
        ts = gv.ts[k]
        eid = gv.eid[k]
        g.add_edge(gv.key(int(gv.src[k])), gv.key(int(gv.dst[k])), key=eid,
                   **_edge_attrs(eid, gv.edge_type_names[int(gv.etype[k])], None if np.isnan(ts) else int(ts),
                                 gv.amount_text[k], gv.eprops[k], prov.get(eid, []) if evidence else None))
    return apply_redaction(g)


def apply_redaction(g):
    """The one place outputs pass through before being written: under ``--redact``
    (:func:`graphfraud.privacy.redacting`) node ids, values, labels, props and evidence
    are replaced by keyed pseudonyms, so every format (HTML, GraphML, GEXF, JSON, CSV,
    report) gets it at once."""
    from graphfraud.privacy import current

    r = current()
    return g if r is None else r.graph(g)




def export(store, fmt: str, out, selection: Selection | None = None, force: bool = False, lang: str = "vi",
           scores: bool = True, command: str | None = None, progress=None) -> dict:
    """Write the selected part of the graph to ``out`` in ``fmt``; return a summary (paths, counts).
    ``progress`` (see graphfraud.progress) is told the steps."""
    from graphfraud.progress import stage

    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    sel = selection or Selection()
    directory = fmt == "csv" and not str(out).lower().endswith(".zip")
    target = safe_output_path(out, force=force, directory=directory)  # refuse early, before any work
    an = Analyses(store, enabled=scores, lang=lang, progress=progress, resume="export.select")
    stage(progress, "export.select")
    if fmt == "html":
        from graphfraud.output.html import write_graph_page
        from graphfraud.output.scrub import shown_command

        g = build_graph(store, sel, an, max_nodes=DEFAULT_HTML_MAX_NODES)
        command = shown_command(command, sel, (g.graph.get("selection") or {}).get(sel.kind))
        stage(progress, "export.write")
        paths = write_graph_page(g, target, force=force, lang=lang, command=command)
    else:
        g = build_graph(store, sel, an, max_nodes=None)
        stage(progress, "export.write")
        paths = WRITERS[fmt](g, target, force=force)
    return {"format": fmt, "out": [str(p) for p in paths], "selection": sel.as_json(),
            "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
            "nodes_total": g.graph.get("nodes_total"), "omitted_nodes": g.graph.get("omitted_nodes", 0)}
