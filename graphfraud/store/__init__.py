"""Stores: the embedded SQLite store (default) and Neo4j."""

from __future__ import annotations

from graphfraud.store.base import Edge, LoadCounts, LoadRecord, Store

__all__ = ["Edge", "LoadCounts", "LoadRecord", "Store", "open_store"]


def open_store(config, readonly: bool = False) -> Store:
    """Open the store the configuration names: Neo4j when a URI is set, else the embedded file."""
    if config.uses_neo4j:
        from graphfraud.store.neo4j import Neo4jStore

        return Neo4jStore(config)
    from graphfraud.store.sqlite import SQLiteStore

    return SQLiteStore(config.store, readonly=readonly)
