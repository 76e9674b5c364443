"""The embedded store's tables and indexes (see :mod:`graphfraud.store.sqlite`)."""

from __future__ import annotations

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS nodes(
    id INTEGER PRIMARY KEY, type TEXT NOT NULL, value TEXT NOT NULL, props TEXT NOT NULL DEFAULT '{}',
    UNIQUE(type, value));
CREATE TABLE IF NOT EXISTS edges(
    id INTEGER PRIMARY KEY, type TEXT NOT NULL, src INTEGER NOT NULL, dst INTEGER NOT NULL,
    ts INTEGER, disc TEXT NOT NULL DEFAULT '', amount TEXT, props TEXT NOT NULL DEFAULT '{}');
CREATE INDEX IF NOT EXISTS edges_dst ON edges(dst, src);
CREATE INDEX IF NOT EXISTS edges_src ON edges(src, dst);
CREATE TABLE IF NOT EXISTS loads(
    load_id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, path TEXT NOT NULL, size INTEGER, kind TEXT,
    sheet TEXT NOT NULL DEFAULT '', mapping TEXT, case_id TEXT, started TEXT, finished TEXT,
    rows INTEGER, nodes_added INTEGER, edges_added INTEGER, edges_seen INTEGER, rejects INTEGER);
CREATE UNIQUE INDEX IF NOT EXISTS loads_file ON loads(sha256, sheet);
CREATE TABLE IF NOT EXISTS edge_src(edge_id INTEGER NOT NULL, load_id TEXT NOT NULL, row INTEGER,
    cols TEXT);
CREATE INDEX IF NOT EXISTS edge_src_edge ON edge_src(edge_id);
CREATE TABLE IF NOT EXISTS node_src(node_id INTEGER NOT NULL, load_id TEXT NOT NULL, row INTEGER,
    col TEXT);
CREATE INDEX IF NOT EXISTS node_src_node ON node_src(node_id);
CREATE TABLE IF NOT EXISTS rejects(load_id TEXT NOT NULL, row INTEGER, col TEXT, value TEXT,
    reason TEXT);
"""


# the edge indexes: an end, then the other one, so that a step of a search is read from the index
EDGE_INDEXES = {"edges_src": ("src", "dst"), "edges_dst": ("dst", "src")}
