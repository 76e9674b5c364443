"""The one exception tree of graphfraud.

Every error a user can cause derives from :class:`GraphFraudError`; the CLI turns
it into one clear line and an exit code (``exit_code``), never a traceback.

    GraphFraudError
    ├── UsageError            bad arguments or options (exit 2)
    ├── InputError            a file that cannot be read or understood
    │   ├── UnknownKindError  the kind of a file could not be detected
    │   └── EncodingError     the text encoding could not be detected
    ├── InvalidValue          one value that cannot be normalised (becomes a reject)
    ├── StoreError            the store cannot be opened or written
    ├── BackendError          a Neo4j server problem (connection, auth, database)
    ├── NotInStore            the store cannot compute this itself (the caller computes it)
    ├── QueryError            a named query is missing or malformed
    ├── NotFound              an identifier or object is not in the graph
    └── OutputError           an output path is refused or cannot be written
"""

from __future__ import annotations


class GraphFraudError(Exception):
    """Base of every error graphfraud raises on purpose."""

    exit_code = 1


class UsageError(GraphFraudError):
    """Bad command-line usage: wrong option values or combinations."""

    exit_code = 2


class InputError(GraphFraudError):
    """An input file cannot be read or understood."""


class UnknownKindError(InputError):
    """The source kind of a file could not be detected from its headers."""


class EncodingError(InputError):
    """The text encoding of a file could not be detected."""


class InvalidValue(GraphFraudError, ValueError):
    """A single value cannot be normalised; ``reason`` says why.

    Loaders turn it into a reject (file, row, column, value, reason) and keep
    the rest of the row.
    """

    def __init__(self, reason: str, value: object = None):
        super().__init__(reason)
        self.reason = reason
        self.value = value


class StoreError(GraphFraudError):
    """The store cannot be opened, read or written."""


class BackendError(GraphFraudError):
    """A graph database server cannot be reached or refused the request."""


class NotInStore(GraphFraudError):
    """The store cannot compute this itself (the embedded store computes nothing in place; Neo4j
    without the Graph Data Science library cannot run community detection): the caller computes
    it from the store's graph instead. ``notice`` is one line telling why, for stderr, or None
    when there is nothing to tell (the embedded store's graph is read locally anyway)."""

    def __init__(self, reason: str, notice: str | None = None):
        super().__init__(reason)
        self.notice = notice


class QueryError(GraphFraudError):
    """A named query is unknown, malformed, or its parameters do not match."""


class NotFound(GraphFraudError):
    """An identifier or object is not in the graph."""


class OutputError(GraphFraudError):
    """An output path is refused (outside the folder, exists without --force) or unwritable."""
