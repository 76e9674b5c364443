"""The ``query`` command on Neo4j: an analyst's Cypher statement, read-only unless asked, and
its rows as plain JSON-ready data."""

from __future__ import annotations


class Neo4jQuery:
    """Runs an analyst's statement in its own transaction."""

    def run_query(self, text: str, params: dict, write: bool = False) -> list[dict]:
        """Run one Cypher statement (an analyst's query); rows as plain JSON-ready dicts.

        Read-only unless ``write``: the transaction is opened in READ access mode, so
        the server refuses a statement that would write.
        """
        from neo4j.exceptions import DriverError, Neo4jError

        def work(tx):
            result = tx.run(text, params)
            return [{k: plain(v) for k, v in rec.items()} for rec in result]

        try:
            with self._session(write) as s:
                return s.execute_write(work) if write else s.execute_read(work)
        except (Neo4jError, DriverError) as exc:
            raise self._error(exc, query=True) from None


def plain(value):
    """A value from the driver as plain JSON-ready data (nodes and relationships as dicts)."""
    from neo4j.graph import Node, Path, Relationship

    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, Node):
        out = {"labels": sorted(value.labels)}
        out.update({k: plain(v) for k, v in value.items() if k != "prov"})
        return out
    if isinstance(value, Relationship):
        out = {"type": value.type}
        if value.start_node is not None and "key" in value.start_node:
            out["from"] = value.start_node["key"]
        if value.end_node is not None and "key" in value.end_node:
            out["to"] = value.end_node["key"]
        out.update({k: plain(v) for k, v in value.items() if k != "prov"})
        return out
    if isinstance(value, Path):
        return {"nodes": [plain(n) for n in value.nodes],
                "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    iso = getattr(value, "iso_format", None)
    if callable(iso):
        return iso()
    return str(value)
