"""Stores: the embedded SQLite store (default) and Neo4j."""

from __future__ import annotations

from graphfraud.store.base import Edge, LoadCounts, LoadRecord, Store

__all__ = ["Edge", "LoadCounts", "LoadRecord", "Store", "open_store"]


def open_store(config, readonly: bool = False, must_exist: bool = False, progress=None) -> Store:
    """Open the store the configuration names: Neo4j when a URI is set, else the embedded file.

    ``must_exist``: refuse an embedded store file that does not exist rather than create an empty one
    (a command that only reads must not answer "nothing found" from a mistyped path). ``progress``:
    told how far long reads get (see graphfraud.progress)."""
    store = _open(config, readonly, must_exist)
    store.progress = progress
    return store


def _open(config, readonly: bool, must_exist: bool) -> Store:
    if config.uses_neo4j:
        from graphfraud.store.neo4j import Neo4jStore

        return Neo4jStore(config)
    from pathlib import Path

    from graphfraud.errors import StoreError
    from graphfraud.store.sqlite import SQLiteStore

    if must_exist and str(config.store) != ":memory:" and not Path(config.store).exists():
        raise StoreError(f"no store at {config.store}; load files first with `graphfraud load`")

    return SQLiteStore(config.store, readonly=readonly)
