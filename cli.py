"""The ``graphfraud`` command: a thin click face over :mod:`graphfraud.api`.

Each command parses its arguments, calls one library function and prints the
result; a :class:`~graphfraud.errors.GraphFraudError` becomes one line on
stderr and its exit code (1 runtime, 2 usage), never a traceback.
"""

from __future__ import annotations

import functools
import sys

import click

from graphfraud import __version__
from graphfraud.errors import GraphFraudError

FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                      show_default=True, help="Output format: a table for people, JSON or CSV for machines.")


def _config(ctx: click.Context):
    from graphfraud.config import load_config

    return load_config(ctx.obj)


def handle_errors(fn):
    """Turn graphfraud errors into one clear line and an exit code."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except GraphFraudError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="graphfraud")
@click.option("--store", envvar="GRAPHFRAUD_STORE", default=None,
              help="Embedded store file (default ./graphfraud.db; env GRAPHFRAUD_STORE).")
@click.option("--neo4j", "neo4j_uri", default=None, metavar="URI",
              help="Use a Neo4j server instead of the embedded store (env NEO4J_URI).")
@click.option("--neo4j-user", "neo4j_username", default=None, help="Neo4j user (env NEO4J_USERNAME).")
@click.option("--neo4j-database", "neo4j_database", default=None, help="Neo4j database (env NEO4J_DATABASE).")
@click.pass_context
def cli(ctx, store, neo4j_uri, neo4j_username, neo4j_database):
    """graphfraud: link analysis for fraud investigations.

    Load case files (bank transfers, call records, logins, KYC registries,
    victim reports, social accounts) into one graph of identifiers, then ask
    who is linked to whom and how. The password for Neo4j is read only from
    NEO4J_PASSWORD or the config file, never from the command line.
    """
    ctx.obj = {"store": store, "neo4j_uri": neo4j_uri, "neo4j_username": neo4j_username,
               "neo4j_database": neo4j_database}


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--kind", type=click.Choice(["transactions", "calls", "logins", "accounts", "reports", "social"]),
              help="The kind of the files (default: detected from the headers).")
@click.option("--map", "maps", multiple=True, metavar='"SOURCE COLUMN=field"',
              help="Map one source column to a field (repeatable); field '-' ignores the column.")
@click.option("--mapping", "profile", type=click.Path(dir_okay=False, exists=True),
              help="A saved mapping profile (TOML: kind and [columns]).")
@click.option("--case", "case_id", help="Case id for rows that name none.")
@click.option("--strict", is_flag=True, help="Exit non-zero if any value was rejected.")
@FORMAT
@click.pass_context
@handle_errors
def load(ctx, files, kind, maps, profile, case_id, strict, fmt):
    """Load case files (CSV, XLSX, JSON) into the store."""
    from graphfraud import api
    from graphfraud.output.progress import row_progress
    from graphfraud.output.views import print_load_report

    with row_progress("Loading") as progress:
        report = api.load(_config(ctx), files, kind=kind, maps=maps, profile=profile, case_id=case_id,
                          progress=progress)
    print_load_report(report, fmt)
    if strict and report["rejects"]:
        click.echo(f"Error: {report['rejects']} value(s) rejected (--strict); see {report['rejects_report']}",
                   err=True)
        sys.exit(1)


@cli.command()
@FORMAT
@click.pass_context
@handle_errors
def stats(ctx, fmt):
    """Count nodes and edges by type."""
    from graphfraud import api
    from graphfraud.output.views import print_stats

    print_stats(api.stats(_config(ctx)), fmt)


@cli.command()
@click.argument("value")
@click.option("--hops", default=1, show_default=True, help="How far to look around the identifier.")
@click.option("--limit", default=200, show_default=True, help="At most this many neighbours per match.")
@FORMAT
@click.pass_context
@handle_errors
def find(ctx, value, hops, limit, fmt):
    """Find an identifier in any spelling and list its neighbours with evidence."""
    from graphfraud import api
    from graphfraud.output.views import print_find

    print_find(api.find(_config(ctx), value, hops=hops, limit=limit), fmt)


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--max-hops", default=6, show_default=True, help="Longest path to look for.")
@FORMAT
@click.pass_context
@handle_errors
def path(ctx, a, b, max_hops, fmt):
    """Shortest link between two identifiers, each hop with the file and row that says so."""
    from graphfraud import api
    from graphfraud.output.views import print_path

    print_path(api.path(_config(ctx), a, b, max_hops=max_hops), fmt)


@cli.command()
@FORMAT
@handle_errors
def fields(fmt):
    """List the source kinds, their fields and the header spellings recognised."""
    from graphfraud import api
    from graphfraud.output.views import print_fields

    print_fields(api.fields(), fmt)


@cli.command()
@click.option("--out", "out_dir", default="graphfraud-demo", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the generated case files and the demo store.")
@click.option("--seed", default=7, show_default=True, help="Seed of the demo data generator.")
@FORMAT
@click.pass_context
@handle_errors
def demo(ctx, out_dir, seed, fmt):
    """Generate demo case files, load them into an embedded store and show what graphfraud finds."""
    from graphfraud import api
    from graphfraud.output.progress import row_progress
    from graphfraud.output.views import print_demo

    with row_progress("Loading demo") as progress:
        result = api.demo(_config(ctx), out_dir, seed=seed, progress=progress)
    print_demo(result, fmt)


def main() -> None:
    cli(prog_name="graphfraud")


if __name__ == "__main__":
    main()
