"""The constraints and indexes of a Neo4j store (``cypher/schema.cypher``)."""

from __future__ import annotations

from graphfraud.model import NEO4J_LABELS, NEO4J_RELS
from graphfraud.store.neo4j.connection import _text


class Neo4jSchema:
    """Creates the schema once per store object, before the first write."""

    def ensure_schema(self) -> None:
        """Create the constraints and indexes (idempotent), once per store object."""
        from neo4j.exceptions import DriverError, Neo4jError

        if self._schema_ready:
            return
        from graphfraud.queries import load_queries

        names = [n for n, q in load_queries().items()
                 if q.file.endswith("schema.cypher") and n != "await_indexes"]
        try:
            with self._session(True) as s:
                for name in names:
                    q = load_queries()[name]
                    if "label" in q.placeholders:
                        for label in NEO4J_LABELS.values():
                            s.run(_text(name, label=label)).consume()
                    elif "rel" in q.placeholders:
                        for rel in NEO4J_RELS.values():
                            s.run(_text(name, rel=rel)).consume()
                    else:
                        s.run(_text(name)).consume()
                s.run(_text("await_indexes"), {"seconds": 300}).consume()
                self._unique_ids = {r["labelsOrTypes"][0] for r in s.run(_text("constraints"))
                                    if r["entityType"] == "RELATIONSHIP" and r["properties"] == ["id"]
                                    and r["labelsOrTypes"] and ("UNIQUE" in r["type"] or "KEY" in r["type"])}
        except (Neo4jError, DriverError) as exc:
            raise self._error(exc, "creating the schema (constraints and indexes)") from None
        self._schema_ready = True
