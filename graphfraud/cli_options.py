"""The options of the commands, defined once where several share them (output format, language, overwriting,
redaction) or where a command takes a whole set (a trace's rules, an export's selection)."""

from __future__ import annotations

import click

from graphfraud.loaders.fields import KINDS

FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                      show_default=True, help="Output format: a table for people, JSON or CSV for machines.")

# --- outputs: export and report (graphfraud/output/)
REDACT = click.option("--redact", is_flag=True,
                      help="Replace identifiers by keyed pseudonyms (HMAC-SHA256) for sharing.")
REDACT_KEY = click.option("--redact-key-file", type=click.Path(dir_okay=False, exists=True), default=None,
                          help="File holding the pseudonym key (else env GRAPHFRAUD_REDACT_KEY).")
KEEP_COLUMN = click.option("--keep-column", "keep_columns", multiple=True, metavar="NAME",
                           help="With --redact: keep this unmapped source column (repeatable; its text is "
                                "still redacted). The others are left out.")
LANG = click.option("--lang", type=click.Choice(["vi", "en"]), default=None,
                    help="Language of the page or report (default: the global --lang).")
FORCE = click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")


def options(*decorators):
    """Several click options as one decorator, in the order they are listed in ``--help``."""
    def apply(fn):
        for d in reversed(decorators):
            fn = d(fn)
        return fn
    return apply


# --- every command: where the store is, the language, step times (read by graphfraud.cli_context)
GLOBAL_OPTIONS = options(
    click.option("--store", envvar="GRAPHFRAUD_STORE", default=None,
                 help="Embedded store file (default ./graphfraud.db; env GRAPHFRAUD_STORE)."),
    click.option("--neo4j", "neo4j_uri", default=None, metavar="URI",
                 help="Use a Neo4j server instead of the embedded store (env NEO4J_URI)."),
    click.option("--neo4j-user", "neo4j_username", default=None, help="Neo4j user (env NEO4J_USERNAME)."),
    click.option("--neo4j-database", "neo4j_database", default=None, help="Neo4j database (env NEO4J_DATABASE)."),
    click.option("--lang", "lang", type=click.Choice(["vi", "en"]), envvar="GRAPHFRAUD_LANG", default=None,
                 is_eager=True,  # read before --help, which is written in this language
                 help="Language of tables, notes, errors, reasons, reports and pages (env GRAPHFRAUD_LANG; "
                      "default: the locale, Vietnamese unless it names another language)."),
    click.option("--timings", is_flag=True, default=None,
                 help="When the command ends, write on stderr how long each of its steps took "
                      "(env GRAPHFRAUD_TIMINGS)."),
)

# --- load: what the files are and how strictly to take them (graphfraud/load.py)
LOAD_OPTIONS = options(
    click.argument("files", nargs=-1, type=click.Path(dir_okay=False)),
    click.option("--kind", type=click.Choice(list(KINDS)),
                 help="The kind of the files (default: detected from the headers)."),
    click.option("--map", "maps", multiple=True, metavar='"SOURCE COLUMN=field"',
                 help="Map one source column to a field (repeatable); field '-' ignores the column."),
    click.option("--mapping", "profile", type=click.Path(dir_okay=False, exists=True),
                 help="A saved mapping profile (TOML: kind and [columns])."),
    click.option("--case", "case_id", help="Case id for rows that name none."),
    click.option("--account", "statement_account", metavar="ACCOUNT",
                 help="The account of a statement that names none (no account column, no line above the "
                      "table, none in the file name)."),
    click.option("--timezone", "timezone", metavar="ZONE",
                 help="The time zone of the times the files write without one (an IANA name such as UTC or "
                      "Asia/Bangkok, or an offset such as +00:00; default: Vietnam time)."),
    click.option("--strict", is_flag=True, help="Exit non-zero if any value was rejected."),
    click.option("--keep-duplicates", is_flag=True,
                 help="Keep a row identical to an earlier row of its file as a fact of its own "
                      "(default: one fact, counted once, reported)."),
)

# --- push: copying an embedded store into Neo4j (graphfraud/push.py, push_bulk.py)
PUSH_OPTIONS = options(
    click.option("--store", "from_store", default=None, type=click.Path(dir_okay=False),
                 help="The embedded store to copy (default: the global --store, else ./graphfraud.db)."),
    click.option("--bulk", is_flag=True,
                 help="Fill an EMPTY database with Neo4j's offline importer (local scripts/neo4j-local server: "
                      "stopped, imported, started again); much faster than the batched copy."),
    click.option("--bulk-files", default=None, type=click.Path(file_okay=False),
                 help="Folder for the importer's CSV files (kept). Without --bulk: only write them, for "
                      "neo4j-admin database import on another server."),
)

# --- link-cases: how cases are linked into campaigns (graphfraud/analysis/linking.py)
LINK_OPTIONS = options(
    click.option("--k", "k", default=2, show_default=True,
                 help="How many hops evidence may be from what reports state."),
    click.option("--threshold", default=None, type=float, help="Link score needed to link two cases (default 0.5)."),
    click.option("--lookback", default="30d", show_default=True, metavar="D",
                 help="How long before a report date the victim's payments are looked for."),
    click.option("--min-size", default=2, show_default=True, help="List campaigns of at least this many cases."),
)


# --- trace: the rules of following money (graphfraud/analysis/trace.py)
TRACE_RULES = options(
    click.option("--since", default=None, metavar="TIME",
        help="Start with transfers at or after this time (any spelling: 01/03/2024, ISO 8601...)."),
    click.option("--until", default=None, metavar="TIME", help="Start with transfers at or before this time."),
    click.option("--max-hops", default=6, show_default=True, help="Follow at most this many transfers."),
    click.option("--max-dwell", default="72h", show_default=True, metavar="D",
        help="How long money may sit in an account before it moves on (48h, 90m, 2d)."),
    click.option("--backward", is_flag=True, help="Where the money came from instead of where it went."),
    click.option("--min-share", "min_share", default=0.01, show_default=True,
        help="Drop pieces of money smaller than this share of the traced total."),
)

# --- export: which part of the graph (graphfraud/analysis/subgraph.py)
EXPORT_SELECTION = options(
    click.option("--around", metavar="VALUE", help="An identifier (any spelling); export its neighbourhood."),
    click.option("--hops", type=int, default=None, help="How far around --around / --case (default 1 / 2)."),
    click.option("--community", metavar="ID", help="A cluster id from community detection."),
    click.option("--case", "case_id", metavar="ID", help="A case id; export the case and what it names."),
    click.option("--trace", metavar="ACCOUNT", help="An account; export the routes its money took."),
    click.option("--max-nodes", type=int, default=None,
        help="Cap the nodes (HTML default 1000; the rest are shown as '+N more')."),
    click.option("--with-scores", is_flag=True,
        help="With --around/--case/--trace: compute the detectors' scores and clusters over the whole "
             "graph when they are not yet kept for the store's current data (slow on big stores; kept "
             "for later exports)."),
)

# --- evaluate: the data the detectors are scored on (graphfraud/analysis/evaluate.py)
EVALUATION_OPTIONS = options(
    click.option("--seeds", default="1,2,3", show_default=True, help="Demo generator seeds, comma separated."),
    click.option("--sizes", default="default", show_default=True,
        help="Background transfers per demo, comma separated ('default' = the generator's default)."),
    click.option("--amlsim", "amlsim_dir", default=None, type=click.Path(file_okay=False),
        help="Folder of AMLSim outputs (default: env GRAPHFRAUD_AMLSIM or ../shared/datasets/amlsim)."),
    click.option("--no-amlsim", is_flag=True, help="Skip AMLSim."),
    click.option("--workdir", default=None, type=click.Path(file_okay=False),
        help="Keep generated data and stores here (default: a temporary folder)."),
    click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown", "csv"]), default="table",
        show_default=True, help="Output format; markdown prints the tables for the README."),
    click.option("--grid", is_flag=True,
        help="Randomised scenarios: min/median over tuning and held-out seeds (--seeds is ignored)."),
    click.option("--tuning-seeds", default=None, help="Grid tuning seeds, comma separated (default 1..8)."),
    click.option("--held-out-seeds", default=None, help="Grid held-out seeds, comma separated (default 101..112)."),
    click.option("--writer", type=click.Choice(["as-generated", "date-only", "minimal", "transfers-reports", "plain",
                                                "statements"]),
        default="as-generated", show_default=True,
        help="Rewrite each demo case folder as another writer would (dates without times, four-column bank "
             "export, only transfers and reports, all three, or the statements of the accounts the reports lead "
             "to) before loading it."),
    click.option("--labelled", "labelled", multiple=True, type=click.Path(exists=True, dir_okay=False),
        help="A transfers file whose rows carry a laundering label (IBM AMLworld, SAML-D: Is Laundering); "
             "its accounts are scored as AMLSim's. Repeatable."),
)
