"""The ``graphfraud`` command: a thin click face over :mod:`graphfraud.api`.

Each command parses its arguments, calls one library function and prints the
result; a :class:`~graphfraud.errors.GraphFraudError` becomes one line on
stderr and its exit code (1 runtime, 2 usage), never a traceback.
"""

from __future__ import annotations

import sys

import click

from graphfraud import __version__
from graphfraud.cli_context import command_config, command_lang, command_settings, handle_errors
from graphfraud.cli_help import HelpGroup
from graphfraud.cli_options import (
    EVALUATION_OPTIONS,
    EXPORT_SELECTION,
    FORCE,
    FORMAT,
    GLOBAL_OPTIONS,
    KEEP_COLUMN,
    LANG,
    LINK_OPTIONS,
    LOAD_OPTIONS,
    PUSH_OPTIONS,
    REDACT,
    REDACT_KEY,
    TRACE_RULES,
)
from graphfraud.output.error_text import error_line, line


@click.group(cls=HelpGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="graphfraud")
@GLOBAL_OPTIONS
@click.pass_context
def cli(ctx, store, neo4j_uri, neo4j_username, neo4j_database, lang, timings):
    """graphfraud: link analysis for fraud investigations.

    Load case files (bank transfers, call records, logins, KYC registries,
    victim reports, social accounts) into one graph of identifiers, then ask
    who is linked to whom and how. The password for Neo4j is read only from
    NEO4J_PASSWORD or the config file, never from the command line.
    """
    ctx.obj = {"store": store, "neo4j_uri": neo4j_uri, "neo4j_username": neo4j_username,
               "neo4j_database": neo4j_database, "lang": lang, "timings": timings}


@cli.command()
@LOAD_OPTIONS
@FORMAT
@click.pass_context
@handle_errors
def load(ctx, files, kind, maps, profile, case_id, statement_account, timezone, strict, keep_duplicates, fmt):
    """Load case files (CSV, XLSX, JSON) into the store.

    A file that cannot be loaded (missing, unreadable, of unknown kind) does not stop the others: the
    summary lists it as refused with its reason, and the command exits with code 1."""
    from graphfraud import api
    from graphfraud.output.progress import row_progress
    from graphfraud.output.views import load_failure, print_load_report

    config = command_config(ctx)
    with row_progress("progress.loading", command_lang(), config.timings) as progress:
        report = api.load(config, files, kind=kind, maps=maps, profile=profile, case_id=case_id,
                          progress=progress, keep_duplicates=keep_duplicates, statement_account=statement_account,
                          timezone=timezone)
    print_load_report(report, fmt, command_lang())
    failure = load_failure(report, strict)
    if failure:
        click.echo(error_line(failure, command_lang()), err=True)
        sys.exit(1)


@cli.command()
@FORMAT
@click.pass_context
@handle_errors
def stats(ctx, fmt):
    """Count nodes and edges by type."""
    from graphfraud import api
    from graphfraud.output.views import print_stats

    print_stats(api.stats(command_config(ctx)), fmt, command_lang())


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

    print_find(api.find(command_config(ctx), value, hops=hops, limit=limit), fmt, command_lang())


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

    print_path(api.path(command_config(ctx), a, b, max_hops=max_hops), fmt, command_lang())


@cli.command()
@FORMAT
@handle_errors
def fields(fmt):
    """List the source kinds, their fields and the header spellings recognised."""
    from graphfraud import api
    from graphfraud.output.views import print_fields

    print_fields(api.fields(), fmt, command_lang())


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

    config = command_config(ctx)
    with row_progress("progress.demo", command_lang(), config.timings) as progress:
        result = api.demo(config, out_dir, seed=seed, progress=progress, lang=command_lang())
    print_demo(result, fmt, command_lang())


@cli.command()
@click.argument("name", required=False, metavar="NAME|FILE.cypher")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY[:TYPE]=VALUE",
              help="A query parameter (repeatable); TYPE is str (default), int, float, bool or json.")
@click.option("--write", is_flag=True, help="Allow the query to write (queries run read-only by default).")
@FORMAT
@click.pass_context
@handle_errors
def query(ctx, name, params, write, fmt):
    """Run a named Cypher query (see cypher/analyst.cypher) or your own .cypher file on Neo4j.

    Without NAME, list the named queries. Example:
    graphfraud --neo4j bolt://127.0.0.1:7687 query neighbours --param key=phone:+84912345678
    """
    from graphfraud import api
    from graphfraud.output.views import print_queries, print_query
    from graphfraud.queries import parse_param_args

    if not name:
        print_queries(api.queries(), fmt, command_lang())
        return
    print_query(name, api.query(command_config(ctx), name, parse_param_args(params), write=write), fmt,
                command_lang())


@cli.command()
@PUSH_OPTIONS
@FORMAT
@click.pass_context
@handle_errors
def push(ctx, from_store, bulk, bulk_files, fmt):
    """Copy the embedded store into the Neo4j server given by --neo4j / NEO4J_URI (idempotent)."""
    from graphfraud import api
    from graphfraud.output.progress import row_progress
    from graphfraud.output.views import print_push

    config = command_config(ctx, store_wins=False)
    with row_progress("progress.pushing", command_lang(), config.timings) as progress:
        result = api.push(config, from_store or config.store, progress=progress, bulk=bulk, bulk_files=bulk_files)
    print_push(result, fmt, command_lang())


@cli.command()
@click.argument("account")
@TRACE_RULES
@FORMAT
@click.pass_context
@handle_errors
def trace(ctx, account, since, until, max_hops, max_dwell, backward, min_share, fmt):
    """Follow an account's money through time-respecting transfers, with the evidence for every hop."""
    from graphfraud import api
    from graphfraud.output.views import print_trace

    print_trace(api.trace(command_config(ctx), account, since=since, until=until, max_hops=max_hops, max_dwell=max_dwell,
                          backward=backward, min_amount_share=min_share), fmt, command_lang())


@cli.command("link-cases")
@LINK_OPTIONS
@FORMAT
@click.pass_context
@handle_errors
def link_cases(ctx, k, threshold, lookback, min_size, fmt):
    """Group reported cases into campaigns: shared identifiers, scam callers, money flow; related campaigns share
    infrastructure (a cash-out account, devices) without being merged."""
    from graphfraud import api
    from graphfraud.output.progress import progress_display
    from graphfraud.output.views import print_link_cases

    config = command_config(ctx)
    with progress_display(command_lang(), timings=config.timings) as progress:
        found = api.link_cases(config, k=k, threshold=threshold, lookback=lookback, min_size=min_size,
                               progress=progress)
    print_link_cases(found, fmt, command_lang())


@cli.command()
@EVALUATION_OPTIONS
@handle_errors
def evaluate(seeds, sizes, amlsim_dir, no_amlsim, workdir, fmt, grid, tuning_seeds, held_out_seeds, writer,
             labelled):
    """Score the detectors on seeded demo data (ground truth) and on AMLSim (public labels)."""
    from graphfraud import api
    from graphfraud.output.views import print_evaluation

    print_evaluation(api.evaluate(command_settings(), seeds=seeds, sizes=sizes,
                                  amlsim_dir=False if no_amlsim else amlsim_dir,
                                  workdir=workdir, grid=grid, tuning_seeds=tuning_seeds,
                                  held_out_seeds=held_out_seeds, writer=writer, labelled=labelled),
                     fmt, command_lang(), amlsim_wanted=not no_amlsim)


@cli.command()
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["html", "graphml", "gexf", "json", "csv"]))
@click.argument("out", type=click.Path())
@EXPORT_SELECTION
@LANG
@FORCE
@REDACT
@REDACT_KEY
@KEEP_COLUMN
@click.pass_context
@handle_errors
def export(ctx, fmt, out, around, hops, community, case_id, trace, max_nodes, with_scores, lang, force, redact,
           redact_key_file, keep_columns):
    """Export part of the graph: FORMAT is html (offline interactive page), graphml, gexf, json or csv.

    Without --around/--community/--case/--trace the whole graph is exported. CSV writes nodes.csv and
    edges.csv into the folder OUT, or into OUT if it ends in .zip. An OUT whose extension names another
    format (graphml x.html) is refused. Examples:

    \b
    graphfraud export html graph.html --around 0912345678 --hops 2
    graphfraud export graphml case.graphml --case VV-2024-0005
    graphfraud export csv all.zip
    """
    from graphfraud import api
    from graphfraud.output.progress import progress_display
    from graphfraud.output.views import print_exported

    config = command_config(ctx)
    with progress_display(command_lang(), timings=config.timings) as progress:
        done = api.export(config, fmt, out, around=around, hops=hops, community=community, case=case_id,
                          trace=trace, max_nodes=max_nodes, with_scores=with_scores,
                          lang=command_lang(lang), force=force, redact=redact,
                          redact_key_file=redact_key_file, keep_columns=keep_columns, progress=progress)
    print_exported(done, command_lang())


@cli.command()
@click.argument("out", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["html", "md", "json"]), default=None,
              help="html (interactive, printable), md (Markdown) or json (for other systems). Default: the "
                   "format OUT's extension names (.html/.htm, .md, .json), else html; a format the extension "
                   "contradicts is refused.")
@click.option("--k", "k", default=2, show_default=True, help="Hops of evidence used to link cases.")
@click.option("--campaign", type=int, default=None, metavar="N",
              help="Only campaign N: its graph first, then its evidence (folded).")
@click.option("--split/--one-file", "split", default=None,
              help="--split: an index in OUT and one page per campaign in the folder OUT-campaigns beside it "
                   "(the default above 5 campaigns); --one-file: every campaign in OUT.")
@LANG
@FORCE
@REDACT
@REDACT_KEY
@KEEP_COLUMN
@click.pass_context
@handle_errors
def report(ctx, out, fmt, k, campaign, split, lang, force, redact, redact_key_file, keep_columns):
    """The case-linking report: campaigns, their cases, victims, losses, key identifiers and evidence.

    The format follows OUT's name (report.json writes JSON) unless --format says otherwise. Above 5
    campaigns OUT is an index linking one page per campaign (report.html -> report-campaigns/)."""
    from graphfraud import api
    from graphfraud.output.progress import progress_display
    from graphfraud.output.views import print_reported

    config = command_config(ctx)
    with progress_display(command_lang(), timings=config.timings) as progress:
        done = api.report(config, out, fmt=fmt, lang=command_lang(lang), force=force, k=k, redact=redact,
                          redact_key_file=redact_key_file, keep_columns=keep_columns, campaign=campaign, split=split,
                          progress=progress)
    print_reported(done, command_lang())


@cli.command()
@click.option("--algorithm", type=click.Choice(["leiden", "louvain", "components"]), default="leiden",
              show_default=True, help="Community detection method.")
@click.option("--min-size", default=3, show_default=True, help="Leave out clusters smaller than this.")
@click.option("--seed", default=42, show_default=True, help="Seed of the community detection (same seed, same answer).")
@click.option("--on-client", is_flag=True,
              help="Compute on this machine even where Neo4j has the Graph Data Science library.")
@click.option("--with-cases", is_flag=True,
              help="Only clusters touching a reported case, the most money and cases first.")
@click.option("--limit", type=int, default=None,
              help="Show at most this many clusters (table default 20; JSON and CSV list all unless given).")
@FORMAT
@click.pass_context
@handle_errors
def communities(ctx, algorithm, min_size, seed, on_client, with_cases, limit, fmt):
    """Organisation clusters: identifiers tied by money, shared devices/IPs/phones, calls and reports.

    On Neo4j with the Graph Data Science library the server computes them and sends only the
    clusters; without it they are computed here (a note on stderr says so)."""
    from graphfraud import api
    from graphfraud.output.progress import progress_display
    from graphfraud.output.views import print_communities

    config = command_config(ctx)
    with progress_display(command_lang(), timings=config.timings) as progress:
        found = api.communities(config, algorithm=algorithm, min_size=min_size, seed=seed, in_store=not on_client,
                                with_cases=with_cases, progress=progress)
    print_communities(found, fmt, command_lang(), limit=limit, with_cases=with_cases)


@cli.command()
@click.option("--threshold", type=float, default=None,
              help="Flag accounts scoring at least this (0-1; default: the calibrated threshold, see docs/detection.md).")
@click.option("--explain", is_flag=True, help="Show the evidence (file and row) behind each reason.")
@FORMAT
@click.pass_context
@handle_errors
def mules(ctx, threshold, explain, fmt):
    """Accounts scored as money mules, highest first, with the reasons for each score."""
    from graphfraud import api
    from graphfraud.output.progress import progress_display
    from graphfraud.output.views import print_mules

    config = command_config(ctx)
    with progress_display(command_lang(), timings=config.timings) as progress:
        found = api.mules(config, threshold=threshold, explain=explain or fmt != "table", lang=command_lang(),
                          progress=progress)
    print_mules(found, fmt, explain=explain, lang=command_lang())


@cli.command()
@click.option("--top", default=5, show_default=True, help="Candidates listed per organisation cluster.")
@click.option("--seed", default=42, show_default=True, help="Seed of the community detection.")
@FORMAT
@click.pass_context
@handle_errors
def organizers(ctx, top, seed, fmt):
    """Who controls each organisation cluster: cash-out accounts, devices driving mules, scam phones, handles."""
    from graphfraud import api
    from graphfraud.output.progress import progress_display
    from graphfraud.output.views import print_organizers

    config = command_config(ctx)
    with progress_display(command_lang(), timings=config.timings) as progress:
        found = api.organizers(config, top=top, seed=seed, lang=command_lang(), progress=progress)
    print_organizers(found, fmt, command_lang())


@cli.group()
def audit():
    """The append-only, hash-chained audit log of loads, queries and exports."""


@audit.command("verify")
@FORMAT
@click.pass_context
@handle_errors
def audit_verify(ctx, fmt):
    """Check that no entry of the audit log was changed, removed or reordered."""
    from graphfraud import api
    from graphfraud.output.tabular import emit

    r = api.audit_verify(command_config(ctx.find_root()))
    emit(r, fmt, [r], lang=command_lang())
    if not r["ok"]:
        click.echo(line("audit_broken", command_lang(), path=r["path"], line=r["first_bad_line"], reason=r["reason"]),
                   err=True)
        sys.exit(1)


@audit.command("show")
@click.option("--last", default=20, show_default=True, help="How many entries, newest last.")
@FORMAT
@click.pass_context
@handle_errors
def audit_show(ctx, last, fmt):
    """List the last entries of the audit log."""
    from graphfraud import api
    from graphfraud.output.views import print_audit_log

    print_audit_log(api.audit_log(command_config(ctx.find_root()), last=last), fmt, command_lang())


def main() -> None:
    cli(prog_name="graphfraud")


if __name__ == "__main__":
    main()
