"""The connection to a Neo4j server: the driver, sessions, managed transactions with retries,
and the named queries of ``cypher/*.cypher`` rendered and checked before they run."""

from __future__ import annotations

import functools
import logging
import time
from contextlib import contextmanager

from graphfraud.errors import BackendError, QueryError, StoreError
from graphfraud.store.neo4j.driver_errors import _first_line, driver_error, shown_uri

# The driver logs to "neo4j"; without a handler of its own Python would print its
# warnings to stderr. graphfraud reports errors itself, as one line.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
WRITE_RETRIES = 3  # extra attempts of one batch after the connection was lost
CONSTRAINT_FAILED = "Neo.ClientError.Schema.ConstraintValidationFailed"


@functools.lru_cache(maxsize=None)
def _text(name: str, label: str | None = None, rel: str | None = None, max_hops: int | None = None) -> str:
    from graphfraud.queries import get

    return get(name).render(label=label, rel=rel, max_hops=max_hops)


def _params(name: str, given: dict) -> dict:
    from graphfraud.queries import get

    want = set(get(name).params)
    if set(given) != want:
        raise QueryError(f"{get(name).where}: query {name!r} takes {sorted(want)}, was given {sorted(given)}")
    return given


class Neo4jConnection:
    """The driver and its sessions; what every part of :class:`~graphfraud.store.neo4j.Neo4jStore` runs on."""

    def __init__(self, config):
        from neo4j import GraphDatabase
        from neo4j.exceptions import ConfigurationError

        self.config = config
        self.uri = config.neo4j_uri
        self.user = config.neo4j_username or "neo4j"
        self.database = config.neo4j_database or "neo4j"
        self.batch_size = max(1, int(config.batch_size))
        self.writers = config.neo4j_writers  # relationship transactions side by side (GRAPHFRAUD_NEO4J_WRITERS)
        self._password = config.neo4j_password
        self._schema_ready = False
        self._open_read = None   # the read transaction of a `reading()` block
        self._loads_seen: dict = {}   # load id -> its file (None: unfinished), read in that block
        self._unique_ids: set[str] = set()  # relationship types whose `id` a constraint keeps unique
        auth = (self.user, self._password) if self._password is not None else None
        scheme = (self.uri or "").partition("://")[0].lower() if "://" in (self.uri or "") else ""
        if scheme not in URI_SCHEMES:
            raise BackendError(self._scrub(
                f"invalid Neo4j URI {shown_uri(self.uri)!r}: use bolt://HOST:7687, neo4j://HOST:7687, "
                "or neo4j+s://... (Aura and other TLS servers)"))
        try:
            self.driver = GraphDatabase.driver(
                self.uri, auth=auth, connection_timeout=15.0, connection_acquisition_timeout=60.0,
                max_transaction_retry_time=30.0, notifications_min_severity="OFF",
                user_agent="graphfraud")
        except (ConfigurationError, ValueError, ImportError) as exc:
            raise BackendError(self._scrub(
                f"invalid Neo4j URI {shown_uri(self.uri)!r}: {_first_line(exc)} (use bolt://HOST:7687, "
                "neo4j://HOST:7687, or neo4j+s://... for Aura)")) from None
        try:  # one auto-commit statement: fails at once (no retries) if the server is not there
            from neo4j.exceptions import DriverError, Neo4jError

            try:
                with self._session(False) as s:
                    s.run("RETURN 1").consume()
            except (Neo4jError, DriverError) as exc:
                raise self._error(exc) from None
        except BaseException:
            self.driver.close()
            self.driver = None
            raise

    # -- plumbing --------------------------------------------------------------------
    def close(self) -> None:
        driver = getattr(self, "driver", None)
        if driver is not None:
            driver.close()
            self.driver = None

    def __repr__(self) -> str:
        return f"Neo4jStore({shown_uri(self.uri)!r}, database={self.database!r})"

    def _scrub(self, text: str) -> str:
        pw = self._password
        if pw and len(pw) >= 1:
            text = text.replace(pw, "***")
        return text

    def _error(self, exc: BaseException, doing: str = "",
               query: bool = False) -> BackendError | StoreError | QueryError:
        """One clear line for a driver or server error; never the password (see
        :func:`~graphfraud.store.neo4j.driver_errors.driver_error`)."""
        return driver_error(self, exc, doing, query)

    def _session(self, write: bool):
        from neo4j import READ_ACCESS, WRITE_ACCESS

        if self.driver is None:
            raise StoreError("the Neo4j store is closed")
        return self.driver.session(database=self.database,
                                   default_access_mode=WRITE_ACCESS if write else READ_ACCESS)

    def _read_tx(self, work):
        from neo4j.exceptions import DriverError, Neo4jError

        try:
            if self._open_read is not None:
                return work(self._open_read)
            with self._session(False) as s:
                return s.execute_read(work)
        except (Neo4jError, DriverError) as exc:
            raise self._error(exc) from None

    @contextmanager
    def reading(self):
        """Every read inside runs in one read transaction (see :meth:`Store.reading`): a round trip
        a query instead of a transaction's begin, run and commit each."""
        from neo4j.exceptions import DriverError, Neo4jError

        if self._open_read is not None:
            yield
            return
        try:
            session = self._session(False)
            tx = session.begin_transaction()
        except (Neo4jError, DriverError) as exc:
            raise self._error(exc) from None
        self._open_read, self._loads_seen = tx, {}
        try:
            yield
        finally:
            self._open_read, self._loads_seen = None, {}
            try:
                tx.close()
                session.close()
            except (Neo4jError, DriverError):
                pass   # a read transaction has nothing to keep: what was read was read

    def _write_tx(self, work, doing: str = "", fallback=None):
        """Run ``work(tx)`` in a managed write transaction; retry a lost connection a few times.

        With ``fallback``: if a uniqueness constraint refuses ``work`` (another writer created
        one of the same nodes or facts after ``work`` looked), that transaction is rolled back
        and ``fallback(tx)`` runs instead, in a new one.
        """
        from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

        attempt = 0
        while True:
            try:
                with self._session(True) as s:
                    return s.execute_write(work)
            except (ServiceUnavailable, SessionExpired) as exc:
                attempt += 1
                if attempt > WRITE_RETRIES:
                    raise self._error(exc, doing) from None
                time.sleep(min(8.0, 0.5 * 2 ** attempt))
            except (Neo4jError, DriverError) as exc:
                if fallback is not None and getattr(exc, "code", None) == CONSTRAINT_FAILED:
                    return self._write_tx(fallback, doing)
                raise self._error(exc, doing) from None

    def _read(self, name: str, render: dict | None = None, **params) -> list:
        text = _text(name, **(render or {}))
        params = _params(name, params)
        return self._read_tx(lambda tx: list(tx.run(text, params)))

    @staticmethod
    def _run(tx, name: str, render: dict | None = None, **params):
        return tx.run(_text(name, **(render or {})), _params(name, params))
