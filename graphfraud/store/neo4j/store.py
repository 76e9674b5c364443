"""The Neo4j store: :class:`Neo4jStore`, made of the connection, the schema, the write and read
paths, the ``query`` command and what ``push`` copies (see the package's docstring for the data model)."""

from __future__ import annotations

from graphfraud.store.base import Store
from graphfraud.store.neo4j.analyst_query import Neo4jQuery
from graphfraud.store.neo4j.connection import Neo4jConnection
from graphfraud.store.neo4j.copy import Neo4jCopy
from graphfraud.store.neo4j.neighbourhood import Neo4jNeighbourhood
from graphfraud.store.neo4j.reader import Neo4jReader
from graphfraud.store.neo4j.schema import Neo4jSchema
from graphfraud.store.neo4j.writer import Neo4jWriter


class Neo4jStore(Neo4jConnection, Neo4jSchema, Neo4jWriter, Neo4jNeighbourhood, Neo4jReader, Neo4jQuery,
                 Neo4jCopy, Store):
    backend = "neo4j"

    def community_labels(self, request):
        """Clusters computed by the server with the Graph Data Science library (see
        graphfraud/store/neo4j/gds.py); NotInStore where it is not installed."""
        from graphfraud.store.neo4j.gds import community_labels

        return community_labels(self, request)
