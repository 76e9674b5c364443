"""A first load of an empty Neo4j database with Neo4j's offline importer (``graphfraud push --bulk``).

The batched push (:mod:`graphfraud.push`) writes through Cypher, ``UNWIND … MERGE`` in
transactions, and can add to a database that holds data. The offline importer
(``neo4j-admin database import full``) writes the store files directly and is many times
faster, but only into an empty database, with the server stopped. So ``push --bulk``:

1. refuses a database that holds any node or relationship (the batched push is for those);
2. refuses a server that is not the local one of ``scripts/neo4j-local`` (its state folder
   is ``GRAPHFRAUD_NEO4J_HOME``, default ``~/.cache/graphfraud/neo4j-run``, and it listens on
   the port of the URI): the importer runs on the machine that holds the store files;
3. writes the embedded store as the importer's CSV files (:mod:`graphfraud.store.neo4j.bulk_files`);
4. runs ``scripts/neo4j-local import``: stop, import, start again on the same port;
5. creates the constraints and indexes, then writes the loads and their rejects through Cypher
   (the loads are marked finished last, as the batched push does).

The database then holds what the batched push would have written into it (the same labels,
relationship types, properties and provenance), except that a node or fact without provenance
has no ``prov`` property instead of an empty list (both read as no provenance).
With ``only_files`` it stops after step 3 and returns the importer's options, for a server
elsewhere: run ``neo4j-admin database import full`` there, start it, then ``push`` (batched,
it only adds the loads and rejects: every node and fact is already there).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from graphfraud.errors import StoreError, UsageError
from graphfraud.push import copy_rejects, finish_loads
from graphfraud.store.neo4j import Neo4jStore, shown_uri
from graphfraud.store.neo4j.bulk_files import write_import_files
from graphfraud.store.sqlite import SQLiteStore

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def local_script(config) -> Path:
    """``scripts/neo4j-local`` of this checkout (or the one ``config.neo4j_local_script`` names)."""
    given = config.neo4j_local_script
    path = Path(given) if given else Path(__file__).resolve().parents[1] / "scripts" / "neo4j-local"
    if not path.is_file():
        raise UsageError(f"push --bulk runs Neo4j's importer through scripts/neo4j-local, not found at {path} "
                         f"(set GRAPHFRAUD_NEO4J_LOCAL); or write the files only with --bulk-files DIR")
    return path


def local_port(config) -> int:
    """The port of a loopback URI (the local server's), else a UsageError."""
    parts = urlsplit(config.neo4j_uri)
    if parts.hostname not in LOCAL_HOSTS or not parts.port:
        raise UsageError(f"push --bulk imports into the local server of scripts/neo4j-local only, not "
                         f"{shown_uri(config.neo4j_uri)}: write the files with --bulk-files DIR and run "
                         f"neo4j-admin database import full on that server, or push without --bulk")
    return parts.port


def _refuse_non_empty(dst: Neo4jStore, config) -> None:
    row = dst.database_size()
    if row["nodes"] or row["relationships"]:
        raise StoreError(f"push --bulk fills an empty database only, and database {config.neo4j_database} at "
                         f"{shown_uri(config.neo4j_uri)} holds {row['nodes']} nodes and {row['relationships']} "
                         f"relationships: push without --bulk adds to it (batched, incremental)")


def _run_importer(config, port: int, args_file: Path) -> None:
    proc = subprocess.run([str(local_script(config)), "import", "--replace", "--port", str(port),
                           "--database", config.neo4j_database, str(args_file)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
        raise StoreError("the offline import failed: " + " | ".join(lines[-3:]) +
                         f" (importer log: {args_file.parent / 'import.log'})")


def importer_seconds(log: Path) -> float | None:
    """The importer's own time, from its last line ``IMPORT DONE in 1m 2s 345ms.``."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    m = re.search(r"IMPORT DONE in ([^.]*)\.", text)
    if not m:
        return None
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}
    return round(sum(float(n) * units[u] for n, u in re.findall(r"(\d+)(ms|h|m|s)\b", m.group(1))), 3)


def push_bulk(config, from_store_path=None, files_dir=None, only_files: bool = False) -> dict:
    """Fill the empty Neo4j database of ``config`` from the embedded store with the offline importer."""
    if not config.uses_neo4j and not only_files:
        raise UsageError("push copies the embedded store into Neo4j: give --neo4j URI or set NEO4J_URI")
    path = Path(from_store_path or config.store)
    if str(path) == ":memory:" or not path.is_file():
        raise StoreError(f"no embedded store at {path}; load files first with `graphfraud load`")
    if only_files and not files_dir:
        raise UsageError("give the folder for the importer's files (--bulk-files DIR)")
    port = None if only_files else local_port(config)
    if not only_files:
        local_script(config)
        with Neo4jStore(config) as dst:
            _refuse_non_empty(dst, config)
    folder = Path(files_dir) if files_dir else Path(tempfile.mkdtemp(prefix="graphfraud-bulk-"))
    src = SQLiteStore(path, readonly=True)
    try:
        loads = src.finished_loads()
        load_ids = {r["load_id"] for r in loads}
        t0 = time.perf_counter()
        files = write_import_files(src.db, folder, load_ids)
        out = {"from": str(path), "files": str(folder), "nodes": files.nodes, "edges": files.relationships,
               "loads": len(loads), "csv_seconds": round(time.perf_counter() - t0, 3)}
        args_file = folder / "import.args"
        args_file.write_text("\n".join(files.options()) + "\n", encoding="utf-8")
        if only_files:
            out["importer_options"] = files.options()
            return out
        t1 = time.perf_counter()
        _run_importer(config, port, args_file)
        out["import_seconds"] = round(time.perf_counter() - t1, 3)
        out["importer_seconds"] = importer_seconds(folder / "import.log")
        t2 = time.perf_counter()
        with Neo4jStore(config) as dst:
            dst.ensure_schema()
            dst.copy_loads(loads)
            out["rejects"] = copy_rejects(src, dst, load_ids)
            finish_loads(dst, loads)
            out["stats"] = dst.stats()
        out["schema_seconds"] = round(time.perf_counter() - t2, 3)
    finally:
        src.close()
        if not files_dir and not only_files:
            shutil.rmtree(folder, ignore_errors=True)
    out.update({"nodes_added": out["nodes"], "edges_added": out["edges"], "to": shown_uri(config.neo4j_uri),
                "database": config.neo4j_database, "bulk": True})
    return out
