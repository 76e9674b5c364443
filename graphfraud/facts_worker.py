"""The facts of a large file built in a second process while the loading process writes.

Reading and normalising a chunk (pandas, the normalisers) and writing it (SQLite, or the Neo4j
driver) each keep one core busy. On a machine with two or more cores a large CSV or JSON file
is loaded by two processes: a child reads the file and builds each chunk's
:class:`~graphfraud.facts.FactBatch` while the parent writes the one before. The parent gets
the same batches, in the same order, as ``map(build_facts, chunks)`` in one process, so the
store is the same; only the wall time differs.

The child is forked (POSIX), so nothing is imported again and no script is run twice; where
fork is not available, or the configuration's ``load_worker`` is off (``GRAPHFRAUD_LOAD_WORKER=0``),
the file is read in the loading process as before. The child stops when the parent goes away, even
after kill -9. An error in the child reaches the parent as itself if it is a graphfraud error, else as
:class:`WorkerError` with its text.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
from collections.abc import Iterator
from pathlib import Path

from graphfraud.errors import GraphFraudError, InputError
from graphfraud.facts import FactBatch, build_facts

MIN_BYTES = 16 << 20  # smaller files are read in the loading process: a second one would not pay off
WAIT = 1.0  # seconds between checks that the other process is still there


class WorkerError(InputError):
    """The second process failed while reading the file, with an error that is no graphfraud error
    (its type and text are in the message)."""


def wanted(path: Path, enabled: bool = True) -> bool:
    """Whether ``path`` is worth reading in a second process on this machine (never when not
    ``enabled``: the configuration's ``load_worker``)."""
    if not enabled:
        return False
    if "fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2:
        return False
    try:
        return path.stat().st_size >= MIN_BYTES
    except OSError:
        return False


def batches(path: Path, first, mapping, case_id: str | None, seen=None,
            chunk_rows: int | None = None, cache: dict | None = None) -> Iterator[FactBatch]:
    """FactBatches of every table of ``path``, in file order. ``first`` (its first table, already
    read here) is built here while the child reads on; the child builds the rest. ``seen`` (the file's
    :class:`~graphfraud.duplicates.FileRows`, empty) is copied into the child, which goes through the
    first table too so that its copy knows every row before the ones it builds. ``chunk_rows``: the
    rows of each of its tables (default :data:`graphfraud.loaders.read.CHUNK_ROWS`). ``cache``: the
    normalised cells kept across tables (see :func:`~graphfraud.facts.build_facts`), copied into the child."""
    from graphfraud.loaders import read

    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue(maxsize=1)  # one batch in transit: memory stays near the one-process load
    child = ctx.Process(target=_produce, args=(path, mapping, case_id, chunk_rows or read.CHUNK_ROWS, q, os.getpid(), seen, cache),
                        name="graphfraud-facts", daemon=True)
    child.start()  # now, before the store's writers start any thread
    return _receive(q, child, first, mapping, case_id, seen, cache)


def _receive(q, child, first, mapping, case_id, seen=None, cache=None) -> Iterator[FactBatch]:
    try:
        yield build_facts(first, mapping=mapping, case_id=case_id, seen=seen, cache=cache)
        while True:
            item = _get(q, child)
            if isinstance(item, _Done):
                if seen is not None:   # what the child's rows added (statement orders) counts for the next files
                    seen.groups.clear()
                    seen.groups.update(item.groups)
                return
            if isinstance(item, _Failure):
                item.throw()
            yield item
    finally:
        if child.is_alive():
            child.terminate()
        child.join()
        q.close()
        q.join_thread()


class _Done:
    """The end of the file, with the statement orders the child's copy of ``seen`` holds."""

    def __init__(self, groups: dict):
        self.groups = groups


class _Failure:
    """An error in the child, carried to the parent: a GraphFraudError as itself, anything else
    as its text (it may not survive pickling)."""

    def __init__(self, exc: BaseException):
        self.error = exc if isinstance(exc, GraphFraudError) else None
        self.text = f"{type(exc).__name__}: {exc}"

    def throw(self):
        if self.error is not None:
            raise self.error
        raise WorkerError(f"reading the file failed in the second process: {self.text}")


def _get(q, child):
    while True:
        try:
            return q.get(timeout=WAIT)
        except queue.Empty:
            if not child.is_alive():
                try:  # it may have finished between the two checks
                    return q.get(timeout=WAIT)
                except queue.Empty:
                    raise InputError(f"the process reading the file stopped (exit code {child.exitcode})") \
                        from None


def _put(q, item, parent: int) -> None:
    while True:
        try:
            q.put(item, timeout=WAIT)
            return
        except queue.Full:
            if os.getppid() != parent:  # the loading process is gone: nobody will read this
                os._exit(0)


def _produce(path: Path, mapping, case_id, chunk_rows: int, q, parent: int, seen=None, cache=None) -> None:
    from graphfraud.loaders import read
    from graphfraud.loaders.detect import header_score

    try:
        tables = read.read_tables(path, header_score=header_score, chunk_rows=chunk_rows)
        first = next(tables)  # the parent builds the first table
        if seen is not None:  # this copy of the file's rows must know the first table's rows
            build_facts(first, mapping=mapping, case_id=case_id, seen=seen, cache=cache)
        for table in tables:
            _put(q, build_facts(table, mapping=mapping, case_id=case_id, seen=seen, cache=cache), parent)
        _put(q, _Done(seen.groups if seen is not None else {}), parent)
    except BaseException as exc:  # noqa: BLE001 - every failure is reported to the parent
        _put(q, _Failure(exc), parent)
    q.close()
    q.join_thread()
