"""What ``graphfraud push`` writes into Neo4j: the loads, nodes, facts and rejects of an embedded
store, copied as they are (see :mod:`graphfraud.push`). The public face of the writer's own steps:
push calls these, never the writer's private methods."""

from __future__ import annotations

from pathlib import Path

from graphfraud.store.neo4j.slices import EdgeFact, NodeFact


class Neo4jCopy:
    """The copy steps of :class:`~graphfraud.store.neo4j.Neo4jStore`, each idempotent."""

    def copy_loads(self, loads: list[dict]) -> None:
        """The loads (``load_id, sha256, path, size, kind, sheet, mapping, case_id, started``), not
        finished yet: a copy that stops half-way leaves them unfinished."""
        def put_loads(tx):
            for r in loads:
                self._run(tx, "upsert_load", load_id=r["load_id"], sha256=r["sha256"], path=r["path"],
                          file=Path(r["path"]).name, size=r["size"], kind=r["kind"], sheet=r["sheet"] or "",
                          mapping=r["mapping"], case_id=r["case_id"], started=r["started"]).consume()
        self._write_tx(put_loads, "copying the loads")

    def copy_nodes(self, chunk: list[NodeFact], where: str) -> int:
        """One slice of nodes with their provenance; how many were new."""
        return self._write_nodes(chunk, where)

    def copy_edges(self, chunk: list[EdgeFact], where: str, new_types=None) -> int:
        """One slice of facts with their provenance; how many were new. ``new_types``: one
        :class:`~graphfraud.store.neo4j.slices.NewFactTypes` shared by the slices of one copy."""
        return self._write_edges(chunk, where, new_types)

    def copy_rejects(self, per_load: dict[str, list[dict]]) -> None:
        """Rejected cells, by load id (``rid``, ``n``, ``row``, ``col``, ``value``, ``reason``)."""
        def put_rejects(tx):
            for lid, items in per_load.items():
                self._run(tx, "insert_rejects", rows=items, load_id=lid).consume()
        self._write_tx(put_rejects, "copying rejects")

    def finish_copied_loads(self, rows: list[dict]) -> None:
        """Mark the copied loads finished, with their counts (``load_id, finished, rows,
        nodes_added, edges_added, edges_seen, rejects``)."""
        self._write_tx(lambda tx: self._run(tx, "finish_loads", rows=rows).consume(), "finishing the copied loads")

    def database_size(self) -> dict:
        """How many nodes and relationships the database holds (``nodes``, ``relationships``)."""
        return dict(self._read("database_size")[0])
