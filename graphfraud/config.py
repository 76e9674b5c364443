"""One configuration object, resolved as flags > environment > file > defaults.

Environment names follow Neo4j's own tools (``NEO4J_URI``, ``NEO4J_USERNAME``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``); graphfraud's own settings use the
``GRAPHFRAUD_`` prefix. The file is TOML: ``$GRAPHFRAUD_CONFIG``, else
``./graphfraud.toml`` if present::

    store = "cases/graphfraud.db"
    [neo4j]
    uri = "bolt://127.0.0.1:7687"
    username = "neo4j"
    database = "neo4j"

A password in the file is allowed but the environment is preferred; it is never
printed (``repr`` masks it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import tomllib

from graphfraud.errors import UsageError

DEFAULT_STORE = "graphfraud.db"


@dataclass(frozen=True)
class Config:
    store: str = DEFAULT_STORE
    neo4j_uri: str | None = None
    neo4j_username: str = "neo4j"
    neo4j_password: str | None = field(default=None, repr=False)
    neo4j_database: str = "neo4j"
    batch_size: int = 5000
    audit: bool = True

    @property
    def uses_neo4j(self) -> bool:
        return bool(self.neo4j_uri)

    def describe_store(self) -> str:
        """Which store this names, for people: the file, or the server's URI (never a password).

        >>> Config(store="case.db").describe_store()
        'case.db (embedded)'
        >>> Config(neo4j_uri="bolt://neo4j:s3cret@10.0.0.5:7687").describe_store()
        'Neo4j bolt://10.0.0.5:7687, database neo4j'
        """
        if not self.uses_neo4j:
            return f"{self.store} (embedded)"
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(self.neo4j_uri)
        host = parts.netloc.rsplit("@", 1)[-1]
        return f"Neo4j {urlunsplit((parts.scheme, host, parts.path, '', ''))}, database {self.neo4j_database}"

    def __repr__(self) -> str:  # never show the password
        shown = ", ".join(
            f"{f.name}={'***' if f.name == 'neo4j_password' and getattr(self, f.name) else getattr(self, f.name)!r}"
            for f in fields(self)
        )
        return f"Config({shown})"


_ENV = {
    "store": "GRAPHFRAUD_STORE",
    "neo4j_uri": "NEO4J_URI",
    "neo4j_username": "NEO4J_USERNAME",
    "neo4j_password": "NEO4J_PASSWORD",
    "neo4j_database": "NEO4J_DATABASE",
    "batch_size": "GRAPHFRAUD_BATCH_SIZE",
    "audit": "GRAPHFRAUD_AUDIT",
}


def _coerce(name: str, value):
    if name == "batch_size":
        try:
            n = int(value)
        except (TypeError, ValueError):
            raise UsageError(f"batch size must be a whole number, got {value!r}") from None
        if n < 1:
            raise UsageError("batch size must be at least 1")
        return n
    if name == "audit":
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() not in {"0", "false", "no", "off"}
    return value


def _from_file(path: Path) -> dict:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"cannot read config file {path}: {exc}") from None
    out = {k: v for k, v in data.items() if k in {"store", "batch_size", "audit"}}
    neo = data.get("neo4j", {})
    for key in ("uri", "username", "password", "database"):
        if key in neo:
            out[f"neo4j_{key}"] = neo[key]
    return out


def load_config(flags: dict | None = None, env: dict | None = None, cwd: Path | None = None) -> Config:
    """Resolve the configuration: flags > environment > file > defaults.

    A flag given as an empty string clears the setting (the CLI passes ``neo4j_uri=""`` when
    ``--store`` is on the command line: an explicit embedded store wins over ``NEO4J_URI``).

    >>> load_config({"store": "x.db"}, env={}).store
    'x.db'
    >>> load_config({}, env={"NEO4J_URI": "bolt://h:7687"}).uses_neo4j
    True
    """
    env = os.environ if env is None else env
    cwd = cwd or Path.cwd()
    values: dict = {}
    cfg_path = env.get("GRAPHFRAUD_CONFIG")
    if cfg_path:
        values.update(_from_file(Path(cfg_path)))
    elif (cwd / "graphfraud.toml").is_file():
        values.update(_from_file(cwd / "graphfraud.toml"))
    for name, var in _ENV.items():
        if env.get(var):
            values[name] = env[var]
    for name, value in (flags or {}).items():
        if value is not None:
            values[name] = value
    return replace(Config(), **{k: _coerce(k, v) for k, v in values.items()})
