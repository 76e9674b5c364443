"""What every command of the ``graphfraud`` command line needs: its configuration (and the line
on stderr naming the store), its language, and graphfraud errors turned into one line and an exit code."""

from __future__ import annotations

import functools
import sqlite3
import sys

import click

from graphfraud.config import default_lang
from graphfraud.errors import GraphFraudError
from graphfraud.output.error_text import error_line, line, store_line


def command_config(ctx: click.Context, store_wins: bool = True):
    """The configuration of this command; says on stderr which store it uses. An explicit ``--store``
    wins over NEO4J_URI from the environment or file (``store_wins``; ``push`` reads the embedded
    store it names and writes to the server)."""
    from graphfraud.config import load_config

    flags = dict(ctx.find_root().obj or {})
    source = ctx.find_root().get_parameter_source("store")
    if store_wins and source == click.core.ParameterSource.COMMANDLINE and not flags.get("neo4j_uri"):
        flags["neo4j_uri"] = ""
    flags["lang"] = command_lang()
    config = load_config(flags)
    click.echo(store_line(config.describe_store(), command_lang()), err=True)
    return config


def command_settings():
    """The configuration of a command that opens no store (``evaluate``), without the store line."""
    from graphfraud.config import load_config

    ctx = click.get_current_context()
    flags = {k: v for k, v in (ctx.find_root().obj or {}).items() if k != "store"}
    flags["lang"] = command_lang()
    return load_config(flags)


def command_lang(override: str | None = None) -> str:
    """The language of this command: its own ``--lang``, else the global one (``--lang``,
    GRAPHFRAUD_LANG, the locale; see graphfraud.config.default_lang)."""
    if override:
        return override
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx is not None else None
    if root is None or not isinstance(root.obj, dict):
        return default_lang()
    if not root.obj.get("lang"):  # read once per command
        root.obj["lang"] = default_lang()
    return root.obj["lang"]


def handle_errors(fn):
    """Turn graphfraud errors into one clear line and an exit code."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except GraphFraudError as exc:
            click.echo(error_line(str(exc), command_lang()), err=True)
            sys.exit(exc.exit_code)
        except sqlite3.DatabaseError as exc:  # a damaged store file met while reading it
            click.echo(f"Error: cannot read the store: {exc}; load the files into a new store, or restore "
                       "a copy", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo(line("interrupted", command_lang()), err=True)
            sys.exit(130)
    return wrapper
