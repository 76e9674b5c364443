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

import csv
import importlib
import io
import json
import zipfile
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from graphfraud.errors import NotFound, UsageError
from graphfraud.output.safepath import atomic_open, safe_output_path

FORMATS = ("html", "graphml", "gexf", "json", "csv")
DEFAULT_HTML_MAX_NODES = 1000
DEFAULT_CASE_HOPS = 2
ORGANISERS_PER_CLUSTER = 5
EVIDENCE_PER_ITEM = 3

# the detection analyses written by others; used when present (see Analyses)
_ANALYSES = {
    "mules": ("graphfraud.analysis.mules", "mules"),
    "organizers": ("graphfraud.analysis.organizers", "organizers"),
    "communities": ("graphfraud.analysis.communities", "communities"),
    "trace": ("graphfraud.analysis.trace", "trace"),
    "link_cases": ("graphfraud.analysis.linking", "link_cases"),
}


def analysis_function(name: str):
    """The analysis function ``name`` (see ``_ANALYSES``), or None when that module is not installed."""
    module, func = _ANALYSES[name]
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None
        raise
    return getattr(mod, func, None)


def require_analysis(name: str):
    fn = analysis_function(name)
    if fn is None:
        raise UsageError(f"this build of graphfraud has no {_ANALYSES[name][0]} ({name} is not available)")
    return fn


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


# ----------------------------------------------------------------------------- analyses
class Analyses:
    """Scores, reasons and clusters of the detection analyses, computed once per output.

    Each is optional: when its module is not installed (or ``enabled`` is
    False) the outputs simply lack that column/colour/size.
    """

    def __init__(self, store, enabled: bool = True, community_algorithm: str | None = None,
                 seed: int | None = None, lang: str | None = None):
        self.store = store
        self.lang = lang   # the language of the reasons' sentences (None: as the analysis wrote them)
        self.enabled = enabled
        self.algorithm = community_algorithm
        self.seed = seed
        self._cache: dict = {}

    @staticmethod
    def _accepts(fn, name: str) -> bool:
        import inspect

        try:
            return name in inspect.signature(fn).parameters
        except (TypeError, ValueError):
            return False

    def _kw(self, fn) -> dict:
        """Share one read of the whole graph between analyses that accept ``view``."""
        import inspect

        try:
            if "view" not in inspect.signature(fn).parameters:
                return {}
        except (TypeError, ValueError):
            return {}
        if "view" not in self._cache:
            from graphfraud.analysis.graphview import GraphView

            self._cache["view"] = GraphView.from_store(self.store)
        return {"view": self._cache["view"]}

    def _get(self, name, compute):
        if name not in self._cache:
            self._cache[name] = compute() if self.enabled else None
        return self._cache[name]

    def mules(self) -> dict:
        """(type, value) -> {score, reasons, bank}."""
        def go():
            fn = analysis_function("mules")
            if fn is None:
                return {}
            return {(r["type"], r["value"]): r for r in fn(self.store, explain=True, **self._kw(fn))}
        return self._get("mules", go) or {}

    def organisers(self) -> dict:
        def go():
            fn = analysis_function("organizers")
            if fn is None:
                return {}
            kw = self._kw(fn)
            if self._accepts(fn, "communities") and analysis_function("communities") is not None:
                kw["communities"] = self.communities()  # computed once, shared
            return {(r["type"], r["value"]): r for r in fn(self.store, top=ORGANISERS_PER_CLUSTER, **kw)}
        return self._get("organisers", go) or {}

    def communities(self) -> list[dict]:
        def go():
            fn = analysis_function("communities")
            if fn is None:
                return []
            kw = {} if self.seed is None else {"seed": self.seed}
            if self.algorithm:
                kw["algorithm"] = self.algorithm
            return list(fn(self.store, **kw, **self._kw(fn)))
        return self._get("communities", go) or []

    def membership(self) -> dict:
        """(type, value) -> community id (as text)."""
        def go():
            out = {}
            for c in self.communities():
                for m in c.get("members", []):
                    out[(m["type"], m["value"])] = str(c["id"])
            return out
        return self._get("membership", go) or {}

    def annotate(self, key: tuple[str, str]) -> dict:
        out: dict = {}
        m = self.mules().get(key)
        if m:
            out["mule_score"] = float(m.get("score") or 0)
            out["mule_reasons"] = reason_texts(m.get("reasons"), self.lang)
        o = self.organisers().get(key)
        if o:
            out["organiser_score"] = float(o.get("score") or 0)
            out["organiser_reasons"] = reason_texts(o.get("reasons"), self.lang)
        c = self.membership().get(key)
        if c is not None:
            out["community"] = c
        return out

    def flagged(self) -> set:
        return set(self.mules()) | set(self.organisers())


def reason_texts(reasons, lang: str | None = None) -> list[str]:
    """The human sentences of an analysis' reasons (each a dict with ``text``, or plain text), written
    in ``lang`` from their ``key`` and ``params`` when given."""
    from graphfraud.analysis.reason_text import localize

    out = []
    for r in reasons or []:
        if isinstance(r, dict):
            r = localize(r, lang) if lang else r
            text = r.get("text") or r.get("reason") or r.get("signal")
            out.append(str(text) if text else json.dumps(r, ensure_ascii=False, default=str))
        else:
            out.append(str(r))
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

    return _materialise(store, kept, an, selection=sel.as_json(), focus=focus, hidden=hidden, omitted=omitted,
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
    """BFS from ``starts``; with a cap, each frontier node keeps neighbours in turn (flagged first)."""
    kept = dict.fromkeys(starts)
    hidden: Counter = Counter()
    dropped: set = set()
    frontier = list(starts)
    flagged = an.flagged() if an.enabled else set()
    for _ in range(hops):
        fset = set(frontier)
        cand: dict = {f: [] for f in frontier}
        for e in store.incident(sorted(fset)):
            for here in (e.src, e.dst):
                if here in fset:
                    there = e.other(here)
                    if there not in kept and there not in cand[here]:
                        cand[here].append(there)
        for f in frontier:
            cand[f].sort(key=lambda k: (k not in flagged, k[0] == "ip" or k[0] == "device", k))
        nxt: list = []
        queues = [list(reversed(cand[f])) for f in frontier]
        owners = list(frontier)
        while any(queues):
            for f, q in zip(owners, queues):
                while q and q[-1] in kept:
                    q.pop()
                if not q:
                    continue
                there = q.pop()
                if cap is not None and len(kept) >= cap:
                    rest = [there] + [x for x in q if x not in kept]
                    hidden[f] += len(rest)
                    dropped.update(rest)
                    q.clear()
                    continue
                kept[there] = None
                nxt.append(there)
        frontier = nxt
        if not frontier:
            break
    return list(kept), hidden, len(dropped - set(kept))


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


# ----------------------------------------------------------------------------- flat views
_RESERVED = {"type", "value", "label", "id", "source", "target", "key"}


def _scalar(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return v
    if isinstance(v, (dict, list, tuple, set)):
        return json.dumps(v if not isinstance(v, set) else sorted(v), ensure_ascii=False, sort_keys=True,
                          default=str)
    return str(v)


def _ev_text(ev) -> str:
    return "; ".join(f"{e.get('file')}" + (f" [{e['sheet']}]" if e.get("sheet") else "")
                     + f" row {e.get('row')}" for e in ev or [])


def flat_node(key: str, d: dict) -> dict:
    """A node as flat scalar attributes (for GraphML, GEXF and CSV): props one level down, lists as JSON."""
    out = {"type": d["type"], "value": d["value"], "label": d.get("label", d["value"])}
    for k in ("bank", "community", "mule_score", "organiser_score", "hidden_neighbours", "outside_neighbours",
              "trace_end", "focus"):
        if d.get(k) is not None:
            out[k] = _scalar(d[k])
    for k in ("mule_reasons", "organiser_reasons"):
        if d.get(k):
            out[k] = " | ".join(d[k])
    if d.get("evidence"):
        out["evidence"] = _ev_text(d["evidence"])
    for k, v in (d.get("props") or {}).items():
        name = k if k not in _RESERVED and k not in out else f"prop_{k}"
        sv = _scalar(v)
        if sv is not None:
            out[name] = sv if isinstance(sv, str) or isinstance(sv, bool) else sv
    return out


def flat_edge(d: dict) -> dict:
    out = {"id": d["id"], "type": d["type"]}
    for k in ("time", "ts", "amount", "traced_amount"):
        if d.get(k) is not None:
            out[k] = d[k]
    if d.get("amount") is not None:
        try:
            out["amount_value"] = float(d["amount"])
        except ValueError:
            pass
    if d.get("evidence"):
        out["evidence"] = _ev_text(d["evidence"])
    for k, v in (d.get("props") or {}).items():
        name = k if k not in _RESERVED and k not in out else f"prop_{k}"
        sv = _scalar(v)
        if sv is not None:
            out[name] = sv
    return out


def _uniform(items: list[dict]) -> None:
    """GraphML/GEXF declare one type per attribute: ints stay ints, int/float mixes become floats,
    any other mix becomes text."""
    kinds: dict = defaultdict(set)
    for d in items:
        for k, v in d.items():
            kinds[k].add(bool if isinstance(v, bool) else int if isinstance(v, int)
                         else float if isinstance(v, float) else str)
    for d in items:
        for k in list(d):
            ks = kinds[k]
            if len(ks) == 1:
                continue
            d[k] = float(d[k]) if ks == {int, float} else str(d[k])


def flat_graph(g, for_gexf: bool = False):
    """A copy of ``g`` with flat scalar attributes only (GraphML and GEXF cannot hold dicts or lists)."""
    import networkx as nx

    h = nx.MultiDiGraph()
    nodes = [(n, flat_node(n, d)) for n, d in g.nodes(data=True)]
    edges = [(u, v, k, flat_edge(d)) for u, v, k, d in g.edges(keys=True, data=True)]
    if for_gexf:
        for _, _, _, d in edges:
            d["edge_type"] = d.pop("type")  # GEXF's own edge "type" means directed/undirected
            d["label"] = d["edge_type"]
    _uniform([d for _, d in nodes])
    _uniform([d for _, _, _, d in edges])
    for n, d in nodes:
        h.add_node(n, **d)
    for u, v, k, d in edges:
        h.add_edge(u, v, key=k, **d)
    for k, v in g.graph.items():
        sv = _scalar(v)
        if sv is not None:
            h.graph[k] = sv
    return h


# ----------------------------------------------------------------------------- writers
def to_json_data(g) -> dict:
    import networkx as nx

    data = nx.node_link_data(g, edges="edges")
    data["generator"] = _generator()
    return data


def _generator() -> str:
    from graphfraud import __version__

    return f"graphfraud {__version__}"


def write_json(g, out: Path, force: bool = False) -> list[Path]:
    text = json.dumps(to_json_data(g), ensure_ascii=False, indent=1, sort_keys=False, default=str)
    with atomic_open(out, force=force, mode="w", encoding="utf-8", newline="\n") as fh:
        fh.write(text + "\n")
    return [out]


def write_graphml(g, out: Path, force: bool = False) -> list[Path]:
    import networkx as nx

    h = flat_graph(g)
    with atomic_open(out, force=force, mode="wb") as fh:
        nx.write_graphml(h, fh, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return [out]


def write_gexf(g, out: Path, force: bool = False) -> list[Path]:
    import networkx as nx

    h = flat_graph(g, for_gexf=True)
    with atomic_open(out, force=force, mode="wb") as fh:
        nx.write_gexf(h, fh, encoding="utf-8", prettyprint=True)
    return [out]


NODE_COLUMNS = ["id", "type", "value", "label", "bank", "community", "mule_score", "mule_reasons",
                "organiser_score", "organiser_reasons", "hidden_neighbours", "outside_neighbours", "evidence",
                "props"]
NODE_TEXT_COLUMNS = ("mule_reasons", "organiser_reasons", "evidence", "props")
EDGE_COLUMNS = ["id", "source", "target", "type", "time", "amount", "txn_id", "description", "channel",
                "role", "traced_amount", "evidence", "props"]


def csv_tables(g) -> dict[str, str]:
    """``nodes.csv`` and ``edges.csv`` as text; every cell passes through :func:`safe_cell`."""
    from graphfraud.load import safe_cell

    def table(cols, rows):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([safe_cell("" if r.get(c) is None else r.get(c)) for c in cols])
        return buf.getvalue()

    nrows = []
    for n, d in g.nodes(data=True):
        row = {"id": n, **{k: d.get(k) for k in NODE_COLUMNS[1:] if k not in NODE_TEXT_COLUMNS}}
        row["mule_reasons"] = " | ".join(d.get("mule_reasons") or [])
        row["organiser_reasons"] = " | ".join(d.get("organiser_reasons") or [])
        row["evidence"] = _ev_text(d.get("evidence"))
        row["props"] = json.dumps(d.get("props") or {}, ensure_ascii=False, sort_keys=True, default=str)
        nrows.append(row)
    erows = []
    for u, v, _k, d in g.edges(keys=True, data=True):
        p = d.get("props") or {}
        row = {"id": d["id"], "source": u, "target": v, "type": d["type"], "time": d.get("time"),
               "amount": d.get("amount"), "traced_amount": d.get("traced_amount"),
               **{k: _scalar(p.get(k)) for k in ("txn_id", "description", "channel", "role")},
               "evidence": _ev_text(d.get("evidence")),
               "props": json.dumps(p, ensure_ascii=False, sort_keys=True, default=str)}
        erows.append(row)
    return {"nodes.csv": table(NODE_COLUMNS, nrows), "edges.csv": table(EDGE_COLUMNS, erows)}


def write_csv(g, out: Path, force: bool = False) -> list[Path]:
    """``OUT.zip`` holding nodes.csv and edges.csv, or a folder ``OUT/`` with the two files.

    Files are UTF-8 with a byte-order mark, so spreadsheet programs read Vietnamese correctly.
    """
    tables = csv_tables(g)
    if str(out).lower().endswith(".zip"):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
            for name, text in tables.items():
                info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, ("\ufeff" + text).encode("utf-8"))
        with atomic_open(out, force=force, mode="wb") as fh:
            fh.write(buf.getvalue())
        return [out]
    folder = safe_output_path(out, force=force, directory=True)
    paths = [safe_output_path(folder / name, force=force) for name in tables]  # check both before writing
    for p, (name, text) in zip(paths, tables.items()):
        with atomic_open(p, force=force, mode="w", encoding="utf-8-sig", newline="") as fh:
            fh.write(text)
    return paths


WRITERS = {"json": write_json, "graphml": write_graphml, "gexf": write_gexf, "csv": write_csv}


def export(store, fmt: str, out, selection: Selection | None = None, force: bool = False, lang: str = "vi",
           scores: bool = True, command: str | None = None) -> dict:
    """Write the selected part of the graph to ``out`` in ``fmt``; return a summary (paths, counts)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    sel = selection or Selection()
    directory = fmt == "csv" and not str(out).lower().endswith(".zip")
    target = safe_output_path(out, force=force, directory=directory)  # refuse early, before any work
    an = Analyses(store, enabled=scores, lang=lang)
    if fmt == "html":
        from graphfraud.output.html import write_graph_page

        g = build_graph(store, sel, an, max_nodes=DEFAULT_HTML_MAX_NODES)
        paths = write_graph_page(g, target, force=force, lang=lang, command=command)
    else:
        g = build_graph(store, sel, an, max_nodes=None)
        paths = WRITERS[fmt](g, target, force=force)
    return {"format": fmt, "out": [str(p) for p in paths], "selection": sel.as_json(),
            "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
            "nodes_total": g.graph.get("nodes_total"), "omitted_nodes": g.graph.get("omitted_nodes", 0)}
