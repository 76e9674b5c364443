"""One configuration object holding every setting, resolved once as flags > environment > file > defaults.

:func:`load_config` reads the command-line flags, the environment and the config file once, and
the resulting :class:`Config` is passed down to whatever needs a setting: nothing else in
graphfraud reads the environment (``tests/test_config.py`` checks it).

Environment names follow Neo4j's own tools (``NEO4J_URI``, ``NEO4J_USERNAME``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``); graphfraud's own settings use the
``GRAPHFRAUD_`` prefix. The file is TOML: ``$GRAPHFRAUD_CONFIG``, else
``./graphfraud.toml`` if present::

    store = "cases/graphfraud.db"
    batch_size = 5000
    [neo4j]
    uri = "bolt://127.0.0.1:7687"
    username = "neo4j"
    database = "neo4j"

Every setting: the field, its environment variable, its key in the file (``-``: none), what it
sets and its default.

``store``, ``GRAPHFRAUD_STORE``, ``store``
    the embedded store file (``graphfraud.db``).
``neo4j_uri``, ``NEO4J_URI``, ``[neo4j] uri``
    a Neo4j server to use instead of the file (none).
``neo4j_username``, ``NEO4J_USERNAME``, ``[neo4j] username``
    the server's user (``neo4j``).
``neo4j_password``, ``NEO4J_PASSWORD``, ``[neo4j] password``
    the server's password (none; never printed).
``neo4j_database``, ``NEO4J_DATABASE``, ``[neo4j] database``
    the server's database (``neo4j``).
``batch_size``, ``GRAPHFRAUD_BATCH_SIZE``, ``batch_size``
    rows per batch written to Neo4j (5000).
``neo4j_writers``, ``GRAPHFRAUD_NEO4J_WRITERS``, ``neo4j_writers``
    transactions writing a batch's relationships to Neo4j side by side, 1 to 16 (2).
``chunk_rows``, ``GRAPHFRAUD_CHUNK_ROWS``, ``chunk_rows``
    rows per chunk of a CSV or JSON file read in chunks (200000).
``load_worker``, ``GRAPHFRAUD_LOAD_WORKER``, ``load_worker``
    a large file is read in a second process while the loading one writes; ``0`` turns it off (on).
``audit``, ``GRAPHFRAUD_AUDIT``, ``audit``
    keep the audit log of every command; ``0`` turns it off (on).
``audit_log``, ``GRAPHFRAUD_AUDIT_LOG``, ``audit_log``
    the audit log's file (beside the embedded store; ``./graphfraud-audit.jsonl`` for Neo4j).
``amlsim``, ``GRAPHFRAUD_AMLSIM``, ``amlsim``
    the folder of AMLSim outputs that ``evaluate`` reads when no ``--amlsim`` is given, if it
    holds any (else ``../shared/datasets/amlsim``).
``redact_key``, ``GRAPHFRAUD_REDACT_KEY``, ``-``
    the key of ``--redact`` itself (none; never printed, never read from the file).
``neo4j_local_script``, ``GRAPHFRAUD_NEO4J_LOCAL``, ``neo4j_local_script``
    the ``scripts/neo4j-local`` that ``push --bulk`` runs Neo4j's offline importer through (the
    one beside the package).
``redact_key_file``, ``-``, ``redact_key_file``
    the file holding the key of ``--redact`` when ``--redact-key-file`` is not given (none).
``timings``, ``GRAPHFRAUD_TIMINGS``, ``timings``
    when a command ends, write on stderr how long each of its steps took (off; ``--timings``).
``lang``, ``GRAPHFRAUD_LANG``, ``-``
    the language of tables, notes and errors: ``--lang``, else the variable, else the locale
    (see :func:`default_lang`).

A flag wins over all of them: ``--store``, ``--neo4j``, ``--neo4j-user``, ``--neo4j-database``,
``--lang``, ``--timings`` on the command line, or a key of ``flags`` given to :func:`load_config` by a
program.
A password in the file is allowed but the environment is preferred; it is never
printed (``repr`` masks it, and the redaction key).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import tomllib

from graphfraud.errors import UsageError

DEFAULT_STORE = "graphfraud.db"
DEFAULT_CHUNK_ROWS = 200_000
DEFAULT_NEO4J_WRITERS = 2
MAX_NEO4J_WRITERS = 16
LANGS = ("vi", "en")
FALLBACK_LANG = "vi"  # the language of graphfraud's users, when the locale names none
_SECRETS = ("neo4j_password", "redact_key")


def default_lang(env=None) -> str:
    """The language of a command given no ``--lang``: ``GRAPHFRAUD_LANG``, else the locale
    (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first one set): Vietnamese for ``vi_*``, English for
    another language; with no language in the locale (unset, ``C``, ``POSIX``, ``C.UTF-8``)
    Vietnamese, the language of graphfraud's users.

    >>> default_lang({"LANG": "en_US.UTF-8"}), default_lang({"LANG": "C.UTF-8"})
    ('en', 'vi')
    """
    env = os.environ if env is None else env
    chosen = (env.get("GRAPHFRAUD_LANG") or "").strip().lower()
    if chosen in LANGS:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = (env.get(name) or "").strip()
        if not value:
            continue
        language = re.split(r"[_.@-]", value, maxsplit=1)[0].lower()
        if language in ("", "c", "posix"):
            return FALLBACK_LANG
        return "vi" if language == "vi" else "en"
    return FALLBACK_LANG


@dataclass(frozen=True)
class Config:
    """Every setting of graphfraud (see the module's table)."""

    store: str = DEFAULT_STORE
    neo4j_uri: str | None = None
    neo4j_username: str = "neo4j"
    neo4j_password: str | None = field(default=None, repr=False)
    neo4j_database: str = "neo4j"
    batch_size: int = 5000
    neo4j_writers: int = DEFAULT_NEO4J_WRITERS
    chunk_rows: int = DEFAULT_CHUNK_ROWS
    load_worker: bool = True
    audit: bool = True
    audit_log: str | None = None
    amlsim: str | None = None
    neo4j_local_script: str | None = None
    redact_key: str | None = field(default=None, repr=False)
    redact_key_file: str | None = None
    timings: bool = False
    lang: str = FALLBACK_LANG

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

    def __repr__(self) -> str:  # never show the password or the redaction key
        shown = ", ".join(
            f"{f.name}={'***' if f.name in _SECRETS and getattr(self, f.name) else getattr(self, f.name)!r}"
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
    "neo4j_writers": "GRAPHFRAUD_NEO4J_WRITERS",
    "chunk_rows": "GRAPHFRAUD_CHUNK_ROWS",
    "load_worker": "GRAPHFRAUD_LOAD_WORKER",
    "audit": "GRAPHFRAUD_AUDIT",
    "audit_log": "GRAPHFRAUD_AUDIT_LOG",
    "amlsim": "GRAPHFRAUD_AMLSIM",
    "neo4j_local_script": "GRAPHFRAUD_NEO4J_LOCAL",
    "redact_key": "GRAPHFRAUD_REDACT_KEY",
    "timings": "GRAPHFRAUD_TIMINGS",
}
# the keys of the file's top level (the [neo4j] table holds the connection)
_FILE_KEYS = {"store", "batch_size", "neo4j_writers", "chunk_rows", "load_worker", "audit", "audit_log", "amlsim",
              "neo4j_local_script", "redact_key_file", "timings"}
_NUMBERS = {"batch_size", "neo4j_writers", "chunk_rows"}


def _whole(value, low: int, high: int | None, what: str) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise UsageError(f"{what} must be a whole number, got {value!r}") from None
    if high is not None and not low <= n <= high:
        raise UsageError(f"{what} must be {low} to {high}, got {n}")
    if n < low:
        raise UsageError(f"{what} must be at least {low}")
    return n


def _coerce(name: str, value):
    if name == "batch_size":
        return _whole(value, 1, None, "batch size")
    if name == "chunk_rows":
        return _whole(value, 1, None, "GRAPHFRAUD_CHUNK_ROWS")
    if name == "neo4j_writers":
        return _whole(value, 1, MAX_NEO4J_WRITERS, "GRAPHFRAUD_NEO4J_WRITERS")
    if name in ("audit", "load_worker", "timings"):
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() not in {"0", "false", "no", "off"}
    return value


def _from_file(path: Path) -> dict:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"cannot read config file {path}: {exc}") from None
    out = {k: v for k, v in data.items() if k in _FILE_KEYS}
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
    >>> c = load_config({}, env={"GRAPHFRAUD_CHUNK_ROWS": "5", "GRAPHFRAUD_LOAD_WORKER": "0"})
    >>> c.chunk_rows, c.load_worker
    (5, False)
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
        if env.get(var) and (name not in _NUMBERS or env[var].strip()):  # a blank number: the default
            values[name] = env[var]
    values["lang"] = default_lang(env)
    for name, value in (flags or {}).items():
        if value is not None:
            values[name] = value
    return replace(Config(), **{k: _coerce(k, v) for k, v in values.items()})
