"""The attributes of the nodes and edges of an exported graph (see :mod:`graphfraud.analysis.subgraph`)."""

from __future__ import annotations

EVIDENCE_PER_ITEM = 3


def node_label(t: str, v: str, props: dict) -> str:
    """The short text drawn on a node: a person's name, an account with its bank, else the value."""
    if t == "person":
        text = props.get("name") or props.get("victim_name") or v
    elif t == "account" and props.get("bank"):
        text = f"{v} ({props['bank']})"
    else:
        text = v
    text = " ".join(str(text).split())
    return text if len(text) <= 40 else text[:39] + "…"


def evidence_rows(rows) -> list[dict]:
    """File, sheet and row of the first :data:`EVIDENCE_PER_ITEM` provenance rows."""
    return [{"file": r.get("file"), "sheet": r.get("sheet"), "row": r.get("row")}
            for r in rows[:EVIDENCE_PER_ITEM]]


def node_attrs(t: str, v: str, props: dict, an) -> dict:
    """A node's type, value, label, props, the annotations of ``an`` (an
    :class:`~graphfraud.analysis.annotations.Analyses`) and its bank."""
    attrs = {"type": t, "value": v, "label": node_label(t, v, props), "props": props, **an.annotate((t, v))}
    if t == "account" and props.get("bank"):
        attrs["bank"] = props["bank"]
    return attrs


def edge_attrs(eid, etype, ts, amount, props, prov, traced=None) -> dict:
    from graphfraud.normalize.timestamp import format_epoch

    out = {"id": str(eid), "type": etype, "props": props or {}}
    if ts is not None:
        out["ts"] = int(ts)
        out["time"] = format_epoch(int(ts))
    if amount is not None:
        out["amount"] = str(amount)
    if prov is not None:
        out["evidence"] = evidence_rows(prov)
    if traced:
        out["traced_amount"] = traced
    return out


def provenance_order(r: dict) -> tuple:
    """Evidence rows in the order the stores give them: file path, sheet, row, column."""
    row = r.get("row")
    return r.get("path") or "", r.get("sheet") or "", -1 if row is None else row, r.get("columns") or ""


def node_evidence(store, keys: list, edges: list, prov: dict) -> dict:
    """The evidence rows of each drawn node: the first :data:`EVIDENCE_PER_ITEM` by file, sheet, row
    and column among the rows that name it on its own and those of the drawn ``edges`` it is an end
    of (``prov``: edge id -> its rows, as :meth:`Store.provenance` gives them). A node with neither
    (every link of it left out of the drawing) gets the first rows of all its links
    (:meth:`Store.node_provenance`). So a hub's thousands of links are not read again for three rows
    that the drawn links already hold."""
    rows = {k: list(v) for k, v in store.node_mentions(keys, limit=EVIDENCE_PER_ITEM).items()}
    for e in edges:
        for end in ((e.src,) if e.src == e.dst else (e.src, e.dst)):   # a self-loop once, as node_provenance
            rows.setdefault(end, []).extend(prov.get(e.id, ()))
    out = {}
    for k in keys:
        found = rows.get(k) or store.node_provenance(k, limit=EVIDENCE_PER_ITEM)
        out[k] = evidence_rows(sorted(found, key=provenance_order))
    return out
