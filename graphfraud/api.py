"""The library face of every command: one function per CLI command.

Each takes a :class:`~graphfraud.config.Config`, opens the store it names,
does its work and returns plain data (dicts and lists, JSON-ready). The CLI
only parses arguments, calls one of these and prints the result. Every command
that reads or writes the graph is recorded in the audit log: ``@audited(action)``
(:func:`graphfraud.audit.audited`) stands above each.

>>> from graphfraud.config import load_config
>>> cfg = load_config({"store": ":memory:"}, env={})
>>> stats(cfg)["nodes"]
{}
"""

from __future__ import annotations

from graphfraud.audit import audited
from graphfraud.config import Config
from graphfraud.errors import NotFound, UsageError
from graphfraud.store import open_store


@audited("load")
def load(config: Config, paths, kind=None, maps=(), profile=None, case_id=None, progress=None,
         keep_duplicates: bool = False, statement_account: str | None = None, timezone: str | None = None) -> dict:
    from graphfraud.load import load_files

    if not paths:
        raise UsageError("name at least one file to load")
    with open_store(config) as store:
        return load_files(store, paths, kind=kind, maps=tuple(maps), profile=profile, case_id=case_id,
                          progress=progress, keep_duplicates=keep_duplicates, chunk_rows=config.chunk_rows,
                          load_worker=config.load_worker, statement_account=statement_account,
                          timezone=timezone).as_json()


def _reading(config: Config):
    """The store of ``config`` opened for reading only: an embedded file is then not checked page by
    page as it is before a write (that reads the whole file: seconds at a million transfers)."""
    return open_store(config, readonly=str(config.store) != ":memory:", must_exist=True)


@audited("stats")
def stats(config: Config) -> dict:
    with _reading(config) as store:
        return store.stats()


@audited("find")
def find(config: Config, text: str, hops: int = 1, limit: int = 200) -> dict:
    from graphfraud.analysis.find import find as _find

    if hops < 1:
        raise UsageError("--hops must be at least 1")
    with _reading(config) as store:
        return _find(store, text, hops=hops, limit=limit)


@audited("path")
def path(config: Config, a: str, b: str, max_hops: int = 6) -> dict:
    from graphfraud.analysis.paths import path_json
    from graphfraud.resolve import resolve

    if max_hops < 1:
        raise UsageError("--max-hops must be at least 1")
    with _reading(config) as store:
        starts, ends = resolve(store, a), resolve(store, b)
        best = None
        for s in starts:
            for e in ends:
                p = store.shortest_path(s, e, max_hops)
                if p is not None and (best is None or len(p) < len(best[1])):
                    best = (s, p)
        if best is None:
            raise NotFound(f"no path between {a!r} and {b!r} within {max_hops} hops")
        return {"from": a, "to": b, **path_json(store, best[0], best[1])}


def fields() -> dict:
    from graphfraud.loaders.fields import ALIASES, KINDS

    return {k: {f: list(ALIASES.get(f, ())) for f in fs} for k, fs in KINDS.items()}


def demo(config: Config, out_dir, seed: int = 7, progress=None, lang: str = "en") -> dict:
    """Generate the seeded demo files in ``out_dir``, load them into ``out_dir/graphfraud.db`` (or the
    Neo4j server the config names) and return a summary of what was found. The load is :func:`load`'s,
    so it is in the audit log beside the demo store like a ``load`` command's."""
    from graphfraud.demo.run import demo_summary, prepare_demo
    from graphfraud.progress import stage

    files, manifest, demo_config = prepare_demo(config, out_dir, seed=seed)
    report = load(demo_config, files, progress=progress)
    stage(progress, "demo.summary")
    return demo_summary(demo_config, out_dir, seed, manifest, report, lang=lang)


@audited("query")
def query(config: Config, name_or_file: str, params: dict | None = None, write: bool = False) -> list[dict]:
    """Run a named query of ``cypher/`` or an analyst's ``.cypher`` file on Neo4j; rows as dicts.

    ``FILE.cypher#NAME`` picks one query of a file holding several. Read-only
    unless ``write``: the server refuses a query that would write. Parameters
    not given take the defaults the query declares (``// params: $limit=100``).
    """
    from pathlib import Path

    from graphfraud.errors import QueryError
    from graphfraud.queries import get, load_file

    if not config.uses_neo4j:
        raise UsageError("`query` runs Cypher on a Neo4j server: give --neo4j URI or set NEO4J_URI")
    ref, _, pick = name_or_file.partition("#")
    if ref.endswith(".cypher") or Path(ref).is_file() or "/" in ref or "\\" in ref:
        found = load_file(ref)
        if pick:
            found = [q for q in found if q.name == pick]
            if not found:
                raise QueryError(f"{ref} has no query named {pick!r}")
        elif len(found) > 1:
            raise QueryError(f"{ref} holds {len(found)} queries ({', '.join(q.name for q in found)}); "
                             f"name one as {ref}#NAME")
        q = found[0]
    else:
        q = get(name_or_file)
    if q.placeholders:
        raise QueryError(f"{q.where}: query {q.name!r} is run by graphfraud itself (it has placeholders "
                         f"{', '.join('{' + p + '}' for p in sorted(q.placeholders))}), not from the command line")
    given = dict(params or {})
    unknown = sorted(set(given) - set(q.params))
    if unknown:
        raise UsageError(f"query {q.name!r} takes {', '.join('$' + p for p in q.params) or 'no parameters'}; "
                         f"unknown: {', '.join(unknown)}")
    values = {p: given[p] if p in given else q.defaults[p] for p in q.params if p in given or p in q.defaults}
    missing = [p for p in q.params if p not in values]
    if missing:
        raise UsageError(f"query {q.name!r} needs {', '.join('$' + p for p in missing)}: give --param "
                         + " --param ".join(f"{p}=VALUE" for p in missing))
    with open_store(config) as store:
        return store.run_query(q.text, values, write=write)


def queries() -> list[dict]:
    """The named queries of ``cypher/`` that the `query` command runs: name, parameters, doc."""
    from graphfraud.queries import load_queries

    return [{"name": q.name, "params": ", ".join("$" + p + (f"={q.defaults[p]!r}" if p in q.defaults else "")
                                                 for p in q.params),
             "doc": q.doc, "file": q.where} for q in load_queries().values()
            if not q.placeholders and q.file.endswith(("analyst.cypher", "admin.cypher"))]


@audited("push")
def push(config: Config, from_store_path=None, progress=None, bulk: bool = False, bulk_files=None) -> dict:
    """Copy the embedded store (default ``config.store``) into the Neo4j server the config names.

    ``bulk``: fill an empty database with Neo4j's offline importer (graphfraud/push_bulk.py);
    ``bulk_files``: the folder for the importer's files (kept); with ``bulk`` False, only write them."""
    if bulk or bulk_files:
        from graphfraud.push_bulk import push_bulk

        return push_bulk(config, from_store_path, files_dir=bulk_files, only_files=not bulk)
    from graphfraud.push import push as _push

    return _push(config, from_store_path, progress=progress)


@audited("trace")
def trace(config: Config, account: str, since=None, max_hops: int = 6, max_dwell="72h", backward: bool = False,
          min_amount_share: float = 0.01, until=None, max_routes: int | None = 200) -> dict:
    """Follow an account's money through time-respecting transfers (``backward``: where it came from)."""
    from graphfraud.analysis.trace import trace as _trace

    with open_store(config, readonly=not config.uses_neo4j) as store:
        return _trace(store, account, since=since, max_hops=max_hops, max_dwell=max_dwell, backward=backward,
                      min_amount_share=min_amount_share, until=until, max_routes=max_routes)


@audited("link-cases")
def link_cases(config: Config, k: int = 2, threshold: float | None = None, min_size: int = 2,
               lookback="30d", progress=None) -> list[dict]:
    """Group the reported cases into campaigns (shared identifiers, callers, money flow, devices).
    ``progress`` (see graphfraud.progress) is told how far the work got, as for every long command."""
    from graphfraud.analysis.linking import DEFAULT_THRESHOLD
    from graphfraud.analysis.linking import link_cases as _link

    with open_store(config, readonly=not config.uses_neo4j, progress=progress) as store:
        return _link(store, k=k, threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
                     min_size=min_size, lookback=lookback, progress=progress)


def evaluate(config: Config, seeds=(1, 2, 3), sizes=(None,), amlsim_dir=None, workdir=None, progress=None,
             grid: bool = False, tuning_seeds=None, held_out_seeds=None, writer: str = "as-generated",
             labelled=()) -> dict:
    """Score the detectors on seeded demo data and on AMLSim's labelled data (see analysis.evaluate);
    ``grid=True``: on randomised scenarios, tuning and held-out seeds (see analysis.evaluate_grid),
    each folder rewritten first as ``writer`` would write it (see analysis.evaluate_writers).
    The seeds and ``sizes`` may also be given as comma-separated text (as typed on the command line;
    a size may say ``default``). Without ``amlsim_dir``, the AMLSim folder is the configuration's
    ``amlsim`` if it holds AMLSim outputs. ``labelled``: transfer files whose rows carry a
    laundering or fraud label (IBM AMLworld, SAML-D), scored as AMLSim is."""
    from graphfraud.analysis.evaluate import evaluate as _evaluate

    seeds, sizes, tuning_seeds, held_out_seeds = _number_lists(seeds, sizes, tuning_seeds, held_out_seeds)
    return _evaluate(seeds=seeds, sizes=sizes, amlsim_dir=amlsim_dir, workdir=workdir, progress=progress,
                     grid=grid, tuning_seeds=tuning_seeds, held_out_seeds=held_out_seeds,
                     amlsim_setting=config.amlsim, writer=writer, labelled=tuple(labelled))


def _number_lists(seeds, sizes, tuning_seeds, held_out_seeds) -> tuple:
    """``evaluate``'s seed and size lists, each read from comma-separated text where it is text."""
    def ints(text):
        return [int(x) for x in text.split(",") if x.strip()] if isinstance(text, str) else text

    try:
        if isinstance(sizes, str):
            sizes = [None if x.strip().lower() in ("default", "none", "") else int(x.replace("_", ""))
                     for x in sizes.split(",")]
        return ints(seeds), sizes, ints(tuning_seeds), ints(held_out_seeds)
    except ValueError:
        raise UsageError("--seeds and --sizes take comma-separated integers (sizes may say 'default')") from None


def _command(config: Config, *args) -> str:
    """The command line that reproduces an output (store or Neo4j URI; never a password)."""
    import shlex

    base = ["graphfraud"]
    if config.uses_neo4j:
        base += ["--neo4j", str(config.neo4j_uri)]
    else:
        base += ["--store", str(config.store)]
    return shlex.join(base + [str(a) for a in args])


@audited("export")
def export(config: Config, fmt: str, out, around: str | None = None, hops: int | None = None,
           community: str | None = None, case: str | None = None, trace: str | None = None,
           max_nodes: int | None = None, lang: str = "vi", force: bool = False, redact: bool = False,
           redact_key_file: str | None = None, keep_columns=(), with_scores: bool = False,
           progress=None) -> dict:
    """Write part of the graph (or all of it) as an offline HTML page, GraphML, GEXF, JSON or CSV.

    Selection: ``around`` an identifier (``hops`` away), a ``community`` id, a ``case`` id, the routes
    of a money ``trace`` from an account, or none for the whole graph (HTML capped at 1,000 nodes).
    ``around``, ``case`` and ``trace`` read only that neighbourhood: they show the detectors' scores
    kept for the store's current data, and compute them over the whole graph only ``with_scores``.
    An existing ``out`` is kept unless ``force``. ``redact``: identifiers become keyed pseudonyms and the
    columns graphfraud did not map are left out, except those named in ``keep_columns``.
    """
    from graphfraud.analysis.subgraph import Selection
    from graphfraud.output.exports import export as _export
    from graphfraud.output.formats import export_format
    from graphfraud.output.i18n import check_lang

    lang = check_lang(lang)
    fmt = export_format(fmt, out)
    sel = Selection(around=around, hops=hops, community=community, case=case, trace=trace, max_nodes=max_nodes)
    cmd = _command(config, "export", fmt, out, *sel.cli_args(), *(["--with-scores"] if with_scores else []),
                   *(["--lang", lang] if fmt == "html" else []))
    redactor = _redactor(config, redact, redact_key_file, keep_columns)
    with open_store(config, readonly=not config.uses_neo4j, progress=progress) as store:
        return _export(store, fmt, out, sel, force=force, lang=lang, command=cmd, with_scores=with_scores,
                       progress=progress, redactor=redactor)


@audited("report")
def report(config: Config, out, fmt: str | None = None, lang: str = "vi", force: bool = False, k: int = 2,
           redact: bool = False, redact_key_file: str | None = None, keep_columns=(),
           campaign: int | None = None, split: bool | None = None, progress=None) -> dict:
    """The case-linking report (campaigns, evidence chains, timeline, graph, input hashes) as html, md or json.

    Without ``fmt`` the format is the one ``out``'s extension names (.html/.htm, .md, .json), else html;
    a ``fmt`` that the extension contradicts is refused. ``campaign``: only that campaign's report (its
    number). ``split`` (by default when there are more than five campaigns): an index in ``out`` and one
    page per campaign in the folder beside it (``report.html`` -> ``report-campaigns/``); ``split=False``:
    every campaign in ``out``."""
    from graphfraud.output.formats import report_format
    from graphfraud.output.i18n import check_lang
    from graphfraud.output.report import write_report

    lang = check_lang(lang)
    fmt = report_format(out, fmt)
    cmd = _command(config, "report", out, "--format", fmt, "--lang", lang, *(["--k", k] if k != 2 else []),
                   *(["--campaign", campaign] if campaign is not None else []),
                   *([] if split is None else ["--split" if split else "--one-file"]))
    redactor = _redactor(config, redact, redact_key_file, keep_columns)
    with open_store(config, readonly=not config.uses_neo4j, progress=progress) as store:
        return write_report(store, out, fmt=fmt, lang=lang, force=force, k=k, command=cmd, campaign=campaign,
                            split=split, progress=progress, redactor=redactor)


def _redactor(config: Config, redact: bool, key_file: str | None, keep_columns=()):
    """The ``--redact`` redactor (None without it): what it is handed is written with keyed pseudonyms
    only (and of the columns graphfraud did not map, only ``keep_columns``). Naming a key file redacts
    too; without one the key comes from the configuration (its ``redact_key_file``, else its ``redact_key``)."""
    from graphfraud.privacy import Redactor

    if keep_columns and not (redact or key_file):
        raise UsageError("--keep-column only applies with --redact (without it every column is kept)")
    if not (redact or key_file):
        return None
    return Redactor.from_options(key_file or config.redact_key_file, key=config.redact_key, keep_columns=keep_columns)


@audited("communities")
def communities(config: Config, algorithm: str = "leiden", min_size: int = 3, seed: int = 42,
                in_store: bool = True, with_cases: bool = False, progress=None) -> list[dict]:
    """Organisation clusters of the identifier graph (``leiden``, ``louvain`` or ``components``), largest
    first; ``with_cases``: only those touching a reported case, the most money and cases first.

    On Neo4j with the Graph Data Science library they are computed by the server (unless
    ``in_store`` is False); without it, on this machine, after a one-line notice on stderr."""
    from graphfraud.analysis.communities import communities as _communities
    from graphfraud.analysis.communities import touching_cases

    with open_store(config, readonly=not config.uses_neo4j, progress=progress) as store:
        found = _communities(store, algorithm=algorithm, min_size=min_size, seed=seed, in_store=in_store,
                             notice=_notice, progress=progress)
    return touching_cases(found) if with_cases else found


def _notice(line: str) -> None:
    """One line for the analyst on stderr (stdout carries only the data)."""
    import sys

    print(line, file=sys.stderr)


@audited("mules")
def mules(config: Config, threshold: float | None = None, explain: bool = True, include_all: bool = False,
          lang: str = "en", progress=None) -> list[dict]:
    """Accounts scored as money mules (score >= threshold), highest first, each with its reasons
    (``key``, ``params`` and their ``text`` in ``lang``)."""
    from graphfraud.analysis.mules import mules as _mules
    from graphfraud.analysis.reason_text import localize_items

    with open_store(config, readonly=not config.uses_neo4j, progress=progress) as store:
        return localize_items(_mules(store, threshold=threshold, explain=explain, include_all=include_all,
                                     progress=progress), lang)


@audited("organizers")
def organizers(config: Config, top: int = 5, seed: int = 42, algorithm: str = "leiden",
               lang: str = "en", progress=None) -> list[dict]:
    """The identifiers that control each organisation cluster (cash-out accounts, devices, phones, handles),
    each reason's ``text`` in ``lang``."""
    from graphfraud.analysis.organizers import organizers as _organizers
    from graphfraud.analysis.reason_text import localize_items

    with open_store(config, readonly=not config.uses_neo4j, progress=progress) as store:
        return localize_items(_organizers(store, top=top, seed=seed, algorithm=algorithm, progress=progress), lang)


def audit_verify(config: Config) -> dict:
    """Check the hash chain of this configuration's audit log."""
    from graphfraud import audit, audit_head

    path = audit.log_path(config)
    if path is None:
        raise UsageError("auditing is off (GRAPHFRAUD_AUDIT=0 or audit = false in the config)")
    return audit.verify(path, audit_head.read(config))


def audit_log(config: Config, last: int = 20) -> list[dict]:
    """The last entries of this configuration's audit log."""
    from graphfraud import audit

    path = audit.log_path(config)
    return [] if path is None else audit.entries(path)[-last:]
