"""The graph snapshot kept beside an embedded store: ``<store>.graph/``.

Whole-graph analyses need every node and edge; reading millions of rows out of
SQLite costs tens of seconds, so the first whole-graph read after a load writes
the columns (:class:`~graphfraud.store.arrays.GraphArrays`) as plain ``.npy``
files, and later reads map them from disk in well under a second.

The snapshot is a cache, never a source of truth: it records a fingerprint of
the store's ``loads`` table (every load that changes the graph adds a row there
in the same transaction), and a snapshot whose fingerprint differs is ignored and
rewritten. Files hold only numbers and UTF-8 bytes (``allow_pickle=False``). A
store in a folder that cannot be written to simply works without one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy and the columns are imported where a snapshot is read or written: the
    # fingerprint alone (a store's content, see graphfraud.store.results) needs neither
    from graphfraud.store.arrays import GraphArrays

FORMAT = 3  # 3: the currency facet
_TEXT = ("props", "amount_text", "eprops")
_NUM = ("ntype", "etype", "src", "dst", "ts", "amount", "eid")


def snapshot_dir(store_path) -> Path:
    return Path(str(store_path) + ".graph")


def fingerprint(load_rows) -> str:
    """A hash of the store's finished loads (id and finish time), in a fixed order."""
    h = hashlib.sha256(f"graphfraud-snapshot-{FORMAT}".encode())
    for row in sorted((str(a), str(b)) for a, b in load_rows):
        h.update("\x1f".join(row).encode() + b"\x1e")
    return h.hexdigest()


def read(store_path, fp: str) -> GraphArrays | None:
    """The snapshot if it exists and matches ``fp``; otherwise None."""
    import numpy as np

    from graphfraud.store.arrays import Facet, GraphArrays, IdColumn, JSONColumn, TextColumn

    d = snapshot_dir(store_path)
    try:
        meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT or meta.get("fingerprint") != fp:
            return None

        def arr(name, mmap=True):
            return np.load(d / f"{name}.npy", mmap_mode="r" if mmap else None, allow_pickle=False)

        def text(name, cls):
            buf = arr(f"{name}.buf", mmap=False).tobytes()
            present = arr(f"{name}.present", mmap=False) if meta["present"].get(name) else None
            return cls(buf, arr(f"{name}.start", mmap=False), arr(f"{name}.end", mmap=False), present)

        values = arr("values.buf", mmap=False).tobytes().decode("utf-8").split("\x00") if meta["nodes"] else []
        if len(values) != meta["nodes"]:
            return None
        num = {k: np.asarray(arr(k)) for k in _NUM}
        return GraphArrays(
            node_type_names=tuple(meta["node_types"]), ntype=num["ntype"],
            values=np.array(values + [None], dtype=object)[:-1], props=text("props", JSONColumn),
            edge_type_names=tuple(meta["edge_types"]), etype=num["etype"], src=num["src"], dst=num["dst"],
            ts=num["ts"], amount=num["amount"], amount_text=text("amount_text", TextColumn),
            eid=IdColumn(num["eid"]), eprops=text("eprops", JSONColumn),
            efacets={f: Facet(arr(f"facet.{f}", mmap=False), names) for f, names in meta["facets"].items()})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write(store_path, fp: str, g: GraphArrays) -> bool:
    """Write ``g`` as the snapshot for ``fp``; False (and nothing left behind) if it cannot be written."""
    import numpy as np

    from graphfraud.store.arrays import IdColumn, TextColumn

    if any("\x00" in v for v in g.values.tolist()):
        return False
    d = snapshot_dir(store_path)
    tmp = d.with_name(f"{d.name}.tmp-{uuid.uuid4().hex[:8]}")
    try:
        tmp.mkdir()
        for k in _NUM:
            a = getattr(g, k)
            np.save(tmp / f"{k}.npy", a.ids if isinstance(a, IdColumn) else np.ascontiguousarray(a))
        present = {}
        for k in _TEXT:
            col: TextColumn = getattr(g, k)
            np.save(tmp / f"{k}.buf.npy", np.frombuffer(col.buf, dtype=np.uint8))
            np.save(tmp / f"{k}.start.npy", np.ascontiguousarray(col.start, dtype=np.int64))
            np.save(tmp / f"{k}.end.npy", np.ascontiguousarray(col.end, dtype=np.int64))
            present[k] = col.present is not None
            if col.present is not None:
                np.save(tmp / f"{k}.present.npy", np.ascontiguousarray(col.present))
        for f, x in g.efacets.items():
            np.save(tmp / f"facet.{f}.npy", np.ascontiguousarray(x.codes))
        np.save(tmp / "values.buf.npy", np.frombuffer("\x00".join(g.values.tolist()).encode("utf-8"),
                                                       dtype=np.uint8))
        (tmp / "meta.json").write_text(json.dumps({
            "format": FORMAT, "fingerprint": fp, "nodes": len(g.values), "edges": len(g.etype),
            "node_types": list(g.node_type_names), "edge_types": list(g.edge_type_names), "present": present,
            "facets": {f: x.names[:-1].tolist() for f, x in g.efacets.items()},
        }), encoding="utf-8")
        old = d.with_name(f"{d.name}.old-{uuid.uuid4().hex[:8]}")
        if d.exists():
            os.replace(d, old)  # readers holding the old files keep them until they close
        os.replace(tmp, d)
        shutil.rmtree(old, ignore_errors=True)
        return True
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        return False
