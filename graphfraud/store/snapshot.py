"""The graph snapshot kept beside an embedded store: ``<store>.graph/``.

Whole-graph analyses need every node and edge; reading millions of rows out of
SQLite costs tens of seconds, so the columns
(:class:`~graphfraud.store.arrays.GraphArrays`) are kept as plain files that later
reads map from disk in well under a second. A load writes the snapshot when it
ends; a later load updates it with what it added
(:mod:`graphfraud.store.snapshot_merge`) instead of reading the whole store again.

The snapshot is a cache, never a source of truth: it records a fingerprint of
the store's ``loads`` table (every load that changes the graph adds a row there
in the same transaction) and the loads it holds; a snapshot whose fingerprint
differs is updated or rewritten before it is used. Files hold only numbers and
UTF-8 bytes (``allow_pickle=False``): numeric columns as ``.npy``, each text
column as one raw buffer (``<name>.buf``) with ``.npy`` offsets. A store in a
folder that cannot be written to simply works without one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy and the columns are imported where a snapshot is read or written: the
    # fingerprint alone (a store's content, see graphfraud.store.results) needs neither
    import numpy as np

    from graphfraud.store.arrays import GraphArrays

FORMAT = 4  # 4: raw text buffers, the store's node ids and the loads held (for updates)
TEXT_COLUMNS = ("props", "amount_text", "eprops")
NUM_COLUMNS = ("ntype", "etype", "src", "dst", "ts", "amount", "eid")


def snapshot_dir(store_path) -> Path:
    return Path(str(store_path) + ".graph")


def fingerprint(load_rows) -> str:
    """A hash of the store's finished loads (id and finish time), in a fixed order."""
    h = hashlib.sha256(f"graphfraud-snapshot-{FORMAT}".encode())
    for row in sorted((str(a), str(b)) for a, b in load_rows):
        h.update("\x1f".join(row).encode() + b"\x1e")
    return h.hexdigest()


@dataclass
class TextParts:
    """A text column as written: its buffer as consecutive parts (bytes, or a file whose whole
    content is the part) and the offsets of each item in their concatenation."""

    parts: list
    start: np.ndarray
    end: np.ndarray
    present: np.ndarray | None

    @classmethod
    def of(cls, col) -> TextParts:
        return cls([col.buf], col.start, col.end, col.present)


@dataclass
class Base:
    """A snapshot on disk as the start of an update: numeric columns mapped, text columns as
    offsets and the path of their buffer (never read whole)."""

    dir: Path
    meta: dict
    num: dict
    sid: np.ndarray
    text: dict
    values: list
    facets: dict

    def buf_path(self, name: str) -> Path:
        return self.dir / f"{name}.buf"

    def text_item(self, name: str, k: int, buf) -> str:
        return bytes(buf[int(self.text[name].start[k]):int(self.text[name].end[k])]).decode("utf-8", "surrogatepass")


def _meta(d: Path) -> dict | None:
    try:
        meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) and meta.get("format") == FORMAT else None


def _arr(d: Path, name: str, mmap: bool = True):
    import numpy as np

    return np.load(d / f"{name}.npy", mmap_mode="r" if mmap else None, allow_pickle=False)


def _offsets(d: Path, meta: dict, name: str, size: int, mmap: bool = False) -> TextParts:
    start, end = _arr(d, f"{name}.start", mmap=mmap), _arr(d, f"{name}.end", mmap=mmap)
    present = _arr(d, f"{name}.present", mmap=mmap) if meta["present"].get(name) else None
    if len(start) and (int(start.min()) < 0 or int(end.max()) > size):
        raise ValueError(f"{name}: offsets beyond the buffer")
    return TextParts([d / f"{name}.buf"], start, end, present)


def _mapped(path: Path):
    """The file's bytes, mapped read-only: pages are read when an item on them is, and the memory
    they take is the system's file cache, given back under pressure (an empty file: ``b""``)."""
    import mmap

    with open(path, "rb") as f:
        if not os.fstat(f.fileno()).st_size:
            return b""
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


def _values(d: Path, meta: dict) -> list:
    values = (d / "values.buf").read_bytes().decode("utf-8").split("\x00") if meta["nodes"] else []
    if len(values) != meta["nodes"]:
        raise ValueError("node values do not match the node count")
    return values


def is_current(store_path, fp: str) -> bool:
    """Whether the snapshot on disk is the one for ``fp`` (its files are checked when read)."""
    meta = _meta(snapshot_dir(store_path))
    return meta is not None and meta.get("fingerprint") == fp


def read(store_path, fp: str) -> GraphArrays | None:
    """The snapshot if it exists and matches ``fp``; otherwise None."""
    import numpy as np

    from graphfraud.store.arrays import Facet, GraphArrays, IdColumn, JSONColumn, TextColumn

    d = snapshot_dir(store_path)
    meta = _meta(d)
    if meta is None or meta.get("fingerprint") != fp:
        return None
    try:
        def text(name, cls):
            buf = _mapped(d / f"{name}.buf")
            t = _offsets(d, meta, name, len(buf))
            return cls(buf, t.start, t.end, t.present)

        values = _values(d, meta)
        num = {k: np.asarray(_arr(d, k)) for k in NUM_COLUMNS}
        return GraphArrays(
            node_type_names=tuple(meta["node_types"]), ntype=num["ntype"],
            values=np.array(values + [None], dtype=object)[:-1], props=text("props", JSONColumn),
            edge_type_names=tuple(meta["edge_types"]), etype=num["etype"], src=num["src"], dst=num["dst"],
            ts=num["ts"], amount=num["amount"], amount_text=text("amount_text", TextColumn),
            eid=IdColumn(num["eid"]), eprops=text("eprops", JSONColumn),
            efacets={f: Facet(_arr(d, f"facet.{f}", mmap=False), names) for f, names in meta["facets"].items()})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_base(store_path) -> Base | None:
    """The snapshot on disk, whatever its fingerprint, as the start of an update; None if there is
    none or it cannot be read."""
    d = snapshot_dir(store_path)
    meta = _meta(d)
    if meta is None or not isinstance(meta.get("loads"), list):
        return None
    try:
        text = {k: _offsets(d, meta, k, (d / f"{k}.buf").stat().st_size, mmap=True) for k in TEXT_COLUMNS}
        num = {k: _arr(d, k) for k in NUM_COLUMNS}
        sid = _arr(d, "sid")
        facets = {f: (_arr(d, f"facet.{f}"), names) for f, names in meta["facets"].items()}
        values = _values(d, meta)
        if len(sid) != meta["nodes"] or any(len(num[k]) != meta["edges"] for k in NUM_COLUMNS[1:]):
            return None
        return Base(d, meta, num, sid, text, values, facets)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_parts(store_path, meta: dict, num: dict, sid, texts: dict, values: list, facets: dict) -> bool:
    """Write a snapshot from its columns (``texts``: name -> :class:`TextParts`, ``facets``: name ->
    (codes, names)); the folder is replaced at once, so a reader sees the old or the new one. Any
    array may be given as a function that computes it: it is called when that array is written, so
    only one large column at a time needs to be in memory."""
    import numpy as np

    if any("\x00" in v for v in values):
        return False
    d = snapshot_dir(store_path)
    tmp = d.with_name(f"{d.name}.tmp-{uuid.uuid4().hex[:8]}")

    def save(name, a, dtype=None):
        a = np.ascontiguousarray(a() if callable(a) else a, dtype=dtype)
        np.save(tmp / f"{name}.npy", a)
        return len(a)

    try:
        tmp.mkdir()
        sid = np.asarray(sid() if callable(sid) else sid)
        sizes = {k: save(k, a) for k, a in [*num.items(), ("sid", sid)]}
        present = {}
        for k, t in texts.items():
            _write_buffer(tmp / f"{k}.buf", t.parts)
            save(f"{k}.start", t.start, np.int64)
            save(f"{k}.end", t.end, np.int64)
            mark = t.present() if callable(t.present) else t.present
            present[k] = mark is not None
            if mark is not None:
                save(f"{k}.present", mark)
        for f, (codes, _) in facets.items():
            save(f"facet.{f}", codes)
        (tmp / "values.buf").write_bytes("\x00".join(values).encode("utf-8"))
        (tmp / "meta.json").write_text(json.dumps({
            **meta, "format": FORMAT, "nodes": len(values), "edges": sizes["etype"], "present": present,
            "top": int(np.max(sid)) if len(sid) else 0, "facets": {f: list(n) for f, (_, n) in facets.items()},
        }), encoding="utf-8")
        _replace(d, tmp)
        return True
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        return False


def _write_buffer(path: Path, parts: list) -> None:
    with open(path, "wb") as out:
        for p in parts:
            if isinstance(p, Path):
                with open(p, "rb") as src:
                    shutil.copyfileobj(src, out, 16 << 20)
            else:
                out.write(p)


def _replace(d: Path, tmp: Path) -> None:
    old = d.with_name(f"{d.name}.old-{uuid.uuid4().hex[:8]}")
    if d.exists():
        os.replace(d, old)  # readers holding the old files keep them until they close
    os.replace(tmp, d)
    shutil.rmtree(old, ignore_errors=True)
