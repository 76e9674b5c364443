"""Errors of the Neo4j driver and server, as one clear line that never shows the password."""

from __future__ import annotations

import re

from graphfraud.errors import BackendError, QueryError, StoreError


def shown_uri(uri: str) -> str:
    """The URI without any user:password part."""
    return re.sub(r"//[^/@]*@", "//", uri or "")


def driver_error(store, exc: BaseException, doing: str = "",
                 query: bool = False) -> BackendError | StoreError | QueryError:
    """One clear line for a driver or server error; never the password.

    Connection, login and database problems are BackendError; a statement that
    failed while ``doing`` something (writing a batch) is a StoreError saying
    what; with ``query`` (an analyst's query) a refused statement is a QueryError.
    """
    from neo4j.exceptions import (
        AuthError,
        ClientError,
        ConfigurationError,
        DriverError,
        Neo4jError,
        ServiceUnavailable,
        SessionExpired,
    )

    where = f"Neo4j at {shown_uri(store.uri)}"
    code = getattr(exc, "code", None) or ""
    if isinstance(exc, AuthError) or code.startswith("Neo.ClientError.Security.Unauthorized"):
        hint = " (NEO4J_PASSWORD is not set)" if store._password is None else ""
        msg = f"{where} refused user {store.user!r}: wrong user name or password{hint}"
    elif code == "Neo.ClientError.Security.AuthenticationRateLimit":
        msg = f"{where} refused user {store.user!r}: too many failed logins; wait a while and try again"
    elif code.startswith("Neo.ClientError.Security"):
        msg = f"{where}: user {store.user!r} is not allowed to do this: {_first_line(exc)}"
    elif code == "Neo.ClientError.Database.DatabaseNotFound":
        msg = f"{where} has no database {store.database!r} (set NEO4J_DATABASE or --neo4j-database)"
    elif isinstance(exc, (ServiceUnavailable, SessionExpired)):
        msg = f"cannot reach {where}: is the server running and the address right? ({_reason(exc)})"
    elif isinstance(exc, ConfigurationError):
        msg = f"invalid Neo4j settings for {shown_uri(store.uri)!r}: {_first_line(exc)}"
    elif query and (code == "Neo.ClientError.Statement.AccessMode"
                    or "read access mode" in str(exc).lower()):
        return QueryError(store._scrub("the query writes to the graph, and queries run read-only; "
                                      "add --write to allow writes"))
    elif query and isinstance(exc, ClientError) and code.startswith("Neo.ClientError.Statement"):
        return QueryError(store._scrub(f"{where} refused the query: {_first_line(exc)}"))
    elif isinstance(exc, Neo4jError):
        msg = (f"{where} failed{' ' + doing if doing else ''}: {_first_line(exc)} "
               f"({code or type(exc).__name__})")
        if doing:
            return StoreError(store._scrub(msg))
    elif isinstance(exc, DriverError):
        msg = f"{where}: driver error{' ' + doing if doing else ''}: {_first_line(exc)}"
    else:
        msg = f"{where}: {type(exc).__name__}: {_first_line(exc)}"
    return BackendError(store._scrub(msg))


def _first_line(exc: BaseException) -> str:
    msg = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return str(msg).strip().splitlines()[0] if str(msg).strip() else type(exc).__name__


def _texts(exc: BaseException, depth: int = 0) -> list[str]:
    """The messages of an error, its causes and (for exception groups) its members."""
    if exc is None or depth > 6:
        return []
    out = [str(exc)]
    for sub in getattr(exc, "exceptions", ()) or ():
        out += _texts(sub, depth + 1)
    for nxt in (exc.__cause__, exc.__context__):
        if nxt is not None and nxt is not exc:
            out += _texts(nxt, depth + 1)
    return out


def _reason(exc: BaseException) -> str:
    """Why a connection failed, in a few words."""
    text = " ".join(_texts(exc))
    low = text.lower()
    if "connection refused" in low:
        return "connection refused"
    if "ssl" in low or "encrypt" in low or "certificate" in low:
        return ("TLS failed: use bolt:// or neo4j:// for a server without TLS, neo4j+s:// for one with it, "
                "neo4j+ssc:// for a self-signed certificate")
    if "name or service not known" in low or "nodename nor servname" in low or "getaddrinfo" in low \
            or "no address associated" in low or "temporary failure in name resolution" in low:
        return "unknown host name"
    if "timed out" in low or "timeout" in low:
        return "connection timed out"
    m = re.search(r"\(reason ([^)]+)\)", text)
    if m:
        return m.group(1).strip()
    return _first_line(exc)

