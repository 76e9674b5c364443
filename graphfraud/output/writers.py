"""Writing an export's graph: flat scalar views (GraphML, GEXF, CSV) and the file writers.

Machine formats keep values as they are (``+84912345678`` stays a phone number
in JSON and GraphML); only CSV, made for spreadsheets, neutralises cells a
spreadsheet would run as a formula (:func:`graphfraud.textfmt.safe_cell`). Every
file goes through :func:`graphfraud.output.safepath.atomic_open` (and so, under
``--redact``, through the last pass of :mod:`graphfraud.output.scrub`).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import defaultdict
from pathlib import Path

from graphfraud.output.evidence_text import where_all
from graphfraud.output.safepath import atomic_open, safe_output_path

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
    return where_all(ev, "en")


def flat_node(key: str, d: dict) -> dict:
    """A node as flat scalar attributes (for GraphML, GEXF and CSV): props one level down, lists as JSON."""
    out = {"type": d["type"], "value": d["value"], "label": d.get("label", d["value"])}
    for k in ("bank", "community", "mule_score", "organizer_score", "hidden_neighbours", "outside_neighbours",
              "trace_end", "focus"):
        if d.get(k) is not None:
            out[k] = _scalar(d[k])
    for k in ("mule_reasons", "organizer_reasons"):
        if d.get(k):
            out[k] = " | ".join(d[k])
    if d.get("evidence"):
        out["evidence"] = _ev_text(d["evidence"])
    return _with_props(out, d)


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
    return _with_props(out, d)


def _with_props(out: dict, d: dict) -> dict:
    """``out`` with the element's properties as columns (``prop_`` before a name already taken)."""
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


def write_json(g, out: Path, force: bool = False, redactor=None) -> list[Path]:
    text = json.dumps(to_json_data(g), ensure_ascii=False, indent=1, sort_keys=False, default=str)
    with atomic_open(out, force=force, redactor=redactor, mode="w", encoding="utf-8", newline="\n") as fh:
        fh.write(text + "\n")
    return [out]


def write_graphml(g, out: Path, force: bool = False, redactor=None) -> list[Path]:
    import networkx as nx

    h = flat_graph(g)
    with atomic_open(out, force=force, redactor=redactor, mode="wb") as fh:
        nx.write_graphml(h, fh, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return [out]


def write_gexf(g, out: Path, force: bool = False, redactor=None) -> list[Path]:
    import networkx as nx

    h = flat_graph(g, for_gexf=True)
    with atomic_open(out, force=force, redactor=redactor, mode="wb") as fh:
        nx.write_gexf(h, fh, encoding="utf-8", prettyprint=True)
    return [out]


NODE_COLUMNS = ["id", "type", "value", "label", "bank", "community", "mule_score", "mule_reasons",
                "organizer_score", "organizer_reasons", "hidden_neighbours", "outside_neighbours", "evidence",
                "props"]
NODE_TEXT_COLUMNS = ("mule_reasons", "organizer_reasons", "evidence", "props")
EDGE_COLUMNS = ["id", "source", "target", "type", "time", "amount", "txn_id", "description", "channel",
                "role", "traced_amount", "evidence", "props"]


def csv_tables(g) -> dict[str, str]:
    """``nodes.csv`` and ``edges.csv`` as text; every cell passes through :func:`safe_cell`."""
    from graphfraud.textfmt import safe_cell

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
        row["organizer_reasons"] = " | ".join(d.get("organizer_reasons") or [])
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


def write_csv(g, out: Path, force: bool = False, redactor=None) -> list[Path]:
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
        with atomic_open(out, force=force, redactor=redactor, mode="wb") as fh:
            fh.write(buf.getvalue())
        return [out]
    folder = safe_output_path(out, force=force, directory=True)
    paths = [safe_output_path(folder / name, force=force) for name in tables]  # check both before writing
    for p, (name, text) in zip(paths, tables.items()):
        with atomic_open(p, force=force, redactor=redactor, mode="w", encoding="utf-8-sig", newline="") as fh:
            fh.write(text)
    return paths


WRITERS = {"json": write_json, "graphml": write_graphml, "gexf": write_gexf, "csv": write_csv}
