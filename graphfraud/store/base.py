"""The store interface: what every backend (embedded SQLite, Neo4j) provides.

Backends implement a small set of primitives; everything else — find, path,
detection — is written once on top of them, so both backends give the same
answers. Node identity is ``(type, value)``; backend-internal ids never leave
a backend except as opaque edge ids used to fetch provenance. :class:`Store`
declares everything the load (:mod:`graphfraud.load`) and the analyses call on a
store; what a backend cannot do raises a named graphfraud error
(:class:`~graphfraud.errors.StoreError`, :class:`~graphfraud.errors.UsageError`,
:class:`~graphfraud.errors.NotInStore`), never an ``AttributeError``.

What a load guarantees (:meth:`Store.write_file`) depends on the backend:

* the embedded store writes each file in one transaction: all of it, or nothing;
* Neo4j writes a file in batches of ``batch_size`` rows, each in several managed
  transactions, so a file is not atomic: readers may see the batches already
  written. Instead each batch is idempotent (nodes and relationships are unique
  on their value and fact id, and a batch replaces its own provenance entries),
  a file counts as loaded only once its ``Load`` node is marked finished after
  its last batch, and the partial load of a stopped run is removed when the
  failure is reported or the file is next loaded: loading it again converges
  on the graph one clean load gives (docs/neo4j.md, "Loading").
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class LoadRecord:
    """One load of one file: what the store records about it."""

    load_id: str
    sha256: str
    path: str
    size: int
    kind: str
    sheet: str
    mapping: dict
    case_id: str | None
    started: str


@dataclass
class LoadCounts:
    rows: int = 0
    nodes_added: int = 0
    edges_added: int = 0
    edges_seen: int = 0  # edges in the file (added or already present)
    rejects: int = 0
    already_loaded: bool = False
    kinds: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Edge:
    """An edge as analyses and outputs see it."""

    id: str
    type: str
    src: tuple[str, str]
    dst: tuple[str, str]
    ts: int | None
    amount: str | None
    props: dict

    def other(self, node: tuple[str, str]) -> tuple[str, str]:
        return self.dst if self.src == node else self.src

    def as_json(self) -> dict:
        out = {"id": self.id, "type": self.type,
               "from": {"type": self.src[0], "value": self.src[1]},
               "to": {"type": self.dst[0], "value": self.dst[1]}}
        if self.ts is not None:
            out["time"] = _iso(self.ts)
        if self.amount is not None:
            out["amount"] = self.amount
        out.update({k: v for k, v in self.props.items() if k not in out})
        return out


@dataclass(frozen=True)
class CommunityRequest:
    """What :meth:`Store.community_labels` is asked: the analysis's rules, handed down (the store
    computes the weighted identifier graph; the rules stay in graphfraud.analysis.communities).

    ``weights`` are the link weights (``LINK_WEIGHTS``), ``amount_unit`` the amount that makes a
    transfer link weigh 1 + log10(2); ``hub_cutoff(degrees)`` reads the hub cut-off from the link
    degree of every node, ``resolution(total_weight)`` the modularity resolution from the total
    (damped) link weight."""

    algorithm: str
    seed: int
    min_size: int
    weights: dict
    amount_unit: float
    hub_cutoff: Callable
    resolution: Callable


@dataclass
class StoreCommunities:
    """The clusters a store computed itself: ``clusters[i]`` holds the members of cluster ``i + 1``
    sorted by (type, value), largest cluster first (ties: smallest first member), each of at least
    ``min_size``; ``strength`` a member's summed link weight inside its cluster, ``hubs`` the nodes
    above the cut-off, ``money[id]`` the exact totals ``money_in`` / ``money_out`` /
    ``money_internal`` (Decimal), ``suspect_cases[id]`` the cases naming a member as the suspect's;
    ``engine`` says what computed them (e.g. "Neo4j GDS 2.13.9 leiden")."""

    clusters: list
    strength: dict
    hubs: set
    money: dict
    suspect_cases: dict
    hub_cutoff: float
    resolution: float | None
    engine: str


NOTS = -(2 ** 63)  # stands for "no time": edges without a time sort first


def edge_order(e: Edge):
    """The order every store lists incident edges in (ids compared as text, as the embedded store
    keeps them)."""
    return (e.type, e.src, e.dst, e.ts if e.ts is not None else NOTS, e.id)


def ends_order(e: tuple):
    """:func:`edge_order` of an edge given as ``(id, type, src, dst, ts)`` (:meth:`Store.incident_ends`)."""
    return (e[1], e[2], e[3], e[4] if e[4] is not None else NOTS, e[0])


def _iso(epoch: int) -> str:
    from graphfraud.normalize.timestamp import format_epoch

    return format_epoch(epoch)


class Store(ABC):
    """A graph store. Use as a context manager."""

    backend = "abstract"
    # who is told how far long reads get (see graphfraud.progress; open_store sets it): the embedded
    # store says so when a whole-graph read has to build or update its graph snapshot
    progress = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:  # pragma: no cover - trivial default
        pass

    def reading(self):
        """A context in which many small reads follow one another (the evidence rows of hundreds of
        accounts): a server store answers them in one read transaction instead of one each. The
        embedded store needs nothing."""
        from contextlib import nullcontext

        return nullcontext()

    # -- loading ---------------------------------------------------------------
    @abstractmethod
    def is_loaded(self, sha256: str, sheet: str) -> bool: ...

    @abstractmethod
    def write_file(self, loads: list[tuple[LoadRecord, Iterable]], progress=None) -> list[LoadCounts]:
        """Write the fact batches of one file (one :class:`LoadRecord` per sheet) and return the
        counts of each. The embedded store writes them in one transaction (all or nothing); Neo4j
        batch by batch, each batch idempotent, the file loaded only once its last batch is written
        (see the module's notes): a load stopped midway converges when run again."""

    @abstractmethod
    def record_rejects(self, load_id: str, rejects: list[tuple]) -> None: ...

    @abstractmethod
    def rejects(self, load_id: str | None = None) -> list[dict]:
        """Every rejected value (of one load if ``load_id``): ``file``, ``sheet``, ``row``,
        ``column``, ``value``, ``reason``, ``load_id``; by file, sheet, row and column."""

    def rejects_report_path(self) -> Path | None:
        """Where a load writes the rejects report (a CSV of :meth:`rejects`), or None for a store
        with no file of its own to write it beside: Neo4j keeps its rejects in the server
        (``Reject`` nodes), where :meth:`rejects` and ``graphfraud query`` read them."""
        return None

    # -- reading ---------------------------------------------------------------
    @abstractmethod
    def stats(self) -> dict: ...

    @abstractmethod
    def nodes(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict]:
        """Props of the given nodes that exist."""

    @abstractmethod
    def incident(self, keys: list[tuple[str, str]], types: tuple[str, ...] | None = None,
                 limit_per_node: int | None = None) -> list[Edge]:
        """Edges touching the given nodes (either direction), in a stable order."""

    @abstractmethod
    def degrees(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]: ...

    def neighbour_keys(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], set[tuple[str, str]]]:
        """The distinct nodes at the other end of the edges of each given node (one without edges may
        be left out). Whatever the node's degree, the store need not read its edges' contents."""
        fset = {tuple(k) for k in keys}
        out: dict = {}
        for e in self.incident(sorted(fset)):
            for here in (e.src, e.dst):
                if here in fset:
                    out.setdefault(here, set()).add(e.other(here))
        return out

    def incident_ends(self, keys: list[tuple[str, str]]) -> list[tuple]:
        """``(id, type, src, dst, ts)`` of the edges touching the given nodes, in :func:`edge_order`:
        what a walk over a neighbourhood needs, without the edges' contents (read the few it lists
        with :meth:`full_edges`)."""
        return [(e.id, e.type, e.src, e.dst, e.ts) for e in self.incident(sorted({tuple(k) for k in keys}))]

    def full_edges(self, ends: list[tuple]) -> dict[str, Edge]:
        """The edges of ``ends`` (rows that begin ``(id, type, src, dst, ts)``, as
        :meth:`incident_ends` and :meth:`among_ends` give them) read in full, by id."""
        ids = {e[0] for e in ends}
        return {e.id: e for e in self.incident(sorted({e[2] for e in ends})) if e.id in ids}

    def edges_among(self, keys: list[tuple[str, str]]) -> list[Edge]:
        """The edges whose two ends are both among ``keys``, in :func:`edge_order`."""
        keep = {tuple(k) for k in keys}
        return [e for e in self.incident(sorted(keep)) if e.src in keep and e.dst in keep]

    def among_ends(self, keys: list[tuple[str, str]]) -> list[tuple]:
        """``(id, type, src, dst, ts, amount)`` of the edges whose two ends are both among ``keys``:
        :meth:`edges_among` without the edges' property maps."""
        return [(e.id, e.type, e.src, e.dst, e.ts, e.amount) for e in self.edges_among(keys)]

    def links_among(self, keys: list[tuple[str, str]], shown: int | None = None) -> tuple[list[Edge], dict]:
        """:meth:`edges_among` with at most ``shown`` edges of one type between the same two nodes
        (``None``: all) and at most :data:`~graphfraud.store.parallel.OWN_SHOWN` of an account's own
        withdrawals (deposits), and the totals of the groups cut (:func:`graphfraud.store.parallel.cap_parallel`).
        Only the edges kept are read in full (:meth:`full_edges`)."""
        from graphfraud.store.parallel import cap_parallel

        rows = self.among_ends(keys)
        keep, totals = cap_parallel(rows, shown)
        return sorted(self.full_edges([r for r in rows if r[0] in keep]).values(), key=edge_order), totals

    def outside_counts(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """For each given node with neighbours that are not among ``keys``: how many distinct ones."""
        keep = {tuple(k) for k in keys}
        seen: dict = {}
        for e in self.incident(sorted(keep)):
            for a, b in ((e.src, e.dst), (e.dst, e.src)):
                if a in keep and b not in keep:
                    seen.setdefault(a, set()).add(b)
        return {k: len(v) for k, v in seen.items()}

    @abstractmethod
    def provenance(self, edge_ids: list[str]) -> dict[str, list[dict]]:
        """Where each edge was stated: file, sha256, sheet, row, columns, load id."""

    @abstractmethod
    def node_provenance(self, key: tuple[str, str], limit: int = 20) -> list[dict]:
        """Where a node was stated: its own mentions and the edges it is an end of, the first
        ``limit`` rows by file, sheet, row and column."""

    @abstractmethod
    def node_mentions(self, keys: list[tuple[str, str]],
                      limit: int = 20) -> dict[tuple[str, str], list[dict]]:
        """Of many nodes at once, only the rows that name a node on its own (not through an edge),
        the first ``limit`` by file, sheet, row and column; nodes without any are left out."""

    @abstractmethod
    def graph_frames(self, edge_types: tuple[str, ...] | None = None):
        """(nodes, edges) pandas frames for whole-graph analysis.

        nodes: columns type, value, props (dict), ordered by (type, value); its
        position is the node index. edges: columns id, type, src, dst (node
        indexes), ts (float, NaN if none), amount (float, NaN if none),
        amount_text, props (dict); ordered by (type, src, dst, ts, id).
        """

    @abstractmethod
    def graph_arrays(self, edge_types: tuple[str, ...] | None = None):
        """The whole graph as a :class:`graphfraud.store.arrays.GraphArrays`: the same nodes and
        edges as :meth:`graph_frames`, as numpy columns with text decoded on demand (ties between
        edges broken by their integer id). What the whole-graph analyses read."""

    def refresh_snapshot(self, progress=None) -> str:
        """Bring the whole-graph columns a store keeps beside its data up to its content, at the end
        of a load, so that the next whole-graph command maps them instead of building them. What was
        done: ``"current"``, ``"updated"``, ``"written"``; ``"none"`` for a store that keeps no such
        copy (a graph database server answers from its own files)."""
        return "none"

    @abstractmethod
    def loads(self) -> list[dict]: ...

    def run_query(self, text: str, params: dict, write: bool = False) -> list[dict]:
        """Run an analyst's Cypher query (the ``query`` command); rows as dicts. Only a graph
        database server runs Cypher: another store raises UsageError."""
        from graphfraud.errors import UsageError

        raise UsageError("`query` runs Cypher on a Neo4j server: give --neo4j URI or set NEO4J_URI")

    # -- copied from an embedded store (``graphfraud push``; the Neo4j store takes them) -----
    def copy_loads(self, loads: list[dict]) -> None:
        """Record the copied loads, not finished yet (:func:`graphfraud.push.push`)."""
        self._takes_no_copy()

    def copy_nodes(self, chunk: list, where: str) -> int:
        """Write one slice of copied nodes with their provenance; how many were new."""
        return self._takes_no_copy()

    def copy_edges(self, chunk: list, where: str, new_types=None) -> int:
        """Write one slice of copied facts with their provenance; how many were new (``new_types``:
        what the backend learns of the copy from one slice to the next, shared by its slices)."""
        return self._takes_no_copy()

    def copy_rejects(self, per_load: dict[str, list[dict]]) -> None:
        """Record copied rejects, by load id."""
        self._takes_no_copy()

    def finish_copied_loads(self, rows: list[dict]) -> None:
        """Mark the copied loads finished, with the counts the embedded store recorded."""
        self._takes_no_copy()

    def database_size(self) -> dict:
        """How many nodes and relationships the target holds (``push --bulk`` fills an empty one only)."""
        self._takes_no_copy()

    def _takes_no_copy(self):
        from graphfraud.errors import StoreError

        raise StoreError(f"the {self.backend} store takes no copy of another store; push copies into Neo4j")

    # -- the audit log's chain head (graphfraud/audit_head.py) ---------------------------
    def audit_head(self) -> dict | None:
        """``{"seq", "hash"}`` of the last audit entry this store recorded, or None."""
        return None

    def set_audit_head(self, head: dict, wait: float = 2.0) -> None:
        """Record ``{"seq", "hash"}`` of the audit log's last entry; wait at most ``wait`` seconds
        for another writer. Raises StoreError when it cannot (a store that keeps no head always)."""
        from graphfraud.errors import StoreError

        raise StoreError(f"the {self.backend} store keeps no audit chain head")

    # -- results of whole-graph analyses, kept for the store's current content -------------
    def state(self) -> str | None:
        """A text that changes whenever the graph does (with every finished load); None when the
        store cannot tell, and then it keeps no result."""
        return None

    def kept_result(self, name: str, state: str):
        """The JSON value :meth:`keep_result` kept under ``name`` for ``state``, or None (also when
        the store's content changed since: ``state`` is then not its state any more)."""

    def keep_result(self, name: str, state: str, value) -> bool:
        """Keep the JSON value of an analysis computed on the content ``state`` (see :meth:`state`);
        True if kept. A store that keeps none returns False."""
        return False

    def kept_index(self, name: str, state: str):
        """The look-up :meth:`keep_index` kept under ``name`` for ``state`` (its ``get((type, value))``
        gives the text kept for that node, or None), or None. A store that keeps none has none."""

    def keep_index(self, name: str, state: str, rows) -> bool:
        """Keep ``rows`` ((type, value, text) each, from a result computed on ``state``) for look-ups
        one node at a time; True if kept. A store that keeps none returns False."""
        return False

    def community_labels(self, request: CommunityRequest) -> StoreCommunities:
        """Organisation clusters computed by the store itself, where it can (Neo4j with the Graph
        Data Science library): only the clusters cross the wire. A store that cannot raises
        :class:`~graphfraud.errors.NotInStore` and the caller computes them from
        :meth:`graph_arrays` (graphfraud.analysis.communities): the embedded store always does,
        as its graph is read in-process anyway."""
        from graphfraud.errors import NotInStore

        raise NotInStore(f"the {self.backend} store computes communities from its graph on the client")

    def shortest_path(self, a: tuple[str, str], b: tuple[str, str], max_hops: int) -> list[Edge] | None:
        """Shortest undirected path as a list of edges; None if none within max_hops."""
        from graphfraud.store.bfs import bfs_path

        return bfs_path(self, a, b, max_hops)
