"""The case-linking report: campaigns of linked cases, with the evidence behind every link.

:func:`write_report` gathers the data (:func:`graphfraud.analysis.report_campaigns.gather_report`, the
JSON twin of the report), draws each campaign's graph and writes it as html, md or json. Per campaign:
its cases, victims and total loss, a timeline of the reports (inline SVG drawn by report_timeline), the
key identifiers (scam phones, mule accounts with their reasons, organisers, social accounts, websites),
every link between two cases with the chain of file rows it rests on, and an interactive graph of the
campaign (the same offline vis-network section as ``export html``, with a static drawing for print).
The report ends with the SHA-256 of every input file and the command that reproduces it. Every string
is in :mod:`graphfraud.output.i18n` (vi, en).

What is written (:func:`layout`):

* ``campaign=N``: the report of campaign N alone, in the file named;
* a store with more than :data:`SPLIT_ABOVE` campaigns (or ``split=True``): an index in the file named
  (one row per campaign, linking to its page) and one page per campaign in the folder beside it named
  after the file (``report.html`` -> ``report-campaigns/campaign-1.html``);
* otherwise (or ``split=False``) every campaign in the one file named.

A campaign's own page shows its graph before the evidence and folds every evidence table
(:mod:`~graphfraud.output.report_campaign_html`); the one-file report keeps every section open.
The parts: :mod:`~graphfraud.output.report_text` (shared text), :mod:`~graphfraud.output.report_timeline`,
:mod:`~graphfraud.output.report_html`, :mod:`~graphfraud.output.report_markdown` and
:mod:`~graphfraud.output.report_index`.
"""

from __future__ import annotations

import json
from pathlib import Path

from graphfraud.errors import UsageError
from graphfraud.output.report_html import render_html
from graphfraud.output.report_markdown import md, render_markdown  # noqa: F401 - md: the report's cell text
from graphfraud.output.report_text import money_short  # noqa: F401
from graphfraud.output.report_timeline import timeline_svg  # noqa: F401
from graphfraud.output.safepath import safe_output_path, write_atomic

FORMATS = ("html", "md", "json")
SPLIT_ABOVE = 5           # more campaigns than this: an index and one page per campaign
CAMPAIGN_GRAPH_MAX = 250  # nodes drawn in a campaign's graph (the cases and flagged accounts first)


def render_json(report: dict) -> str:
    return json.dumps(public(report), ensure_ascii=False, indent=1, default=str) + "\n"


def public(report: dict) -> dict:
    """What the JSON twin holds: the report, each campaign's graph as node-link data (networkx)."""
    from graphfraud.output.writers import to_json_data

    out = []
    for c in report["campaigns"]:
        d = {k: v for k, v in c.items() if not k.startswith("_")}
        if c.get("_graph") is not None:
            data = to_json_data(c["_graph"])
            d["graph"] = {**d.get("graph", {}), "nodes_data": data["nodes"], "edges_data": data["edges"]}
        out.append(d)
    return {**report, "campaigns": out}


def layout(campaigns: int, campaign: int | None = None, split: bool | None = None) -> str:
    """``campaign`` (one campaign's report), ``split`` (an index and a page per campaign) or ``one``
    (every campaign in one file): ``split`` unless told, for more than :data:`SPLIT_ABOVE` campaigns."""
    if campaign is not None:
        return "campaign"
    if split is None:
        split = campaigns > SPLIT_ABOVE
    return "split" if split and campaigns else "one"


def pages_folder(target: Path) -> Path:
    """The folder of the campaigns' pages, beside the index: ``out/report.html`` -> ``out/report-campaigns``."""
    return target.with_name(f"{target.stem or target.name}-campaigns")


def write_report(store, out, fmt: str = "html", lang: str = "vi", force: bool = False, k: int = 2,
                 command: str | None = None, campaign: int | None = None, split: bool | None = None,
                 progress=None, redactor=None) -> dict:
    """Build the report and write it to ``out`` (html, md or json); return a summary (see the module's
    notes for ``campaign`` and ``split``). ``progress`` (see graphfraud.progress) is told the steps;
    ``redactor`` (``--redact``, a :class:`~graphfraud.privacy.Redactor`) pseudonymises what is written."""
    from graphfraud.progress import stage

    if fmt not in FORMATS:
        raise UsageError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if campaign is not None and split:
        raise UsageError("--campaign writes one campaign's report, --split every campaign's: give one of them")
    if campaign is not None and int(campaign) < 1:
        raise UsageError("--campaign must be at least 1")
    target = safe_output_path(out, force=force)  # refuse early, before the analyses run
    if split:
        safe_output_path(pages_folder(target), force=force, directory=True)
    rep = _gathered(store, lang, k, command, campaign, graphs=fmt in ("html", "json"), progress=progress,
                    redactor=redactor)
    stage(progress, "report.write")
    how = layout(len(rep["campaigns"]), campaign, split)
    if how == "split":
        return _write_split(rep, target, fmt, lang, force, redactor)
    path = write_atomic(target, _render(rep, fmt, lang, single=how == "campaign"), force=force, redactor=redactor)
    return {"format": fmt, "lang": lang, "out": str(path), **rep["summary"]}


def _gathered(store, lang: str, k: int, command: str | None, campaign: int | None, graphs: bool,
              progress=None, redactor=None) -> dict:
    """The report's data with each campaign's graph (``_graph``), redacted under ``--redact``."""
    from graphfraud.analysis.annotations import Analyses
    from graphfraud.analysis.report_campaigns import gather_report
    from graphfraud.analysis.viewstore import ViewStore

    store = ViewStore.wrap(store)  # hundreds of traces: answered from the graph in memory
    an = Analyses(store, lang=lang, progress=progress)
    rep = gather_report(store, an, lang=lang, k=k, command=command, campaign=campaign, progress=progress)
    for c in rep["campaigns"]:
        _add_graph(store, c, an, graphs, redactor)
    if redactor is not None:  # --redact: the report's own data, before it is rendered
        rep = redactor.json(rep)
    return rep


def _add_graph(store, c: dict, an, graphs: bool, redactor=None) -> None:
    """The campaign's graph (its nodes as gathered, at most CAMPAIGN_GRAPH_MAX) as ``_graph``, with its
    size as ``graph``; the gathered node list is dropped."""
    from graphfraud.analysis.subgraph import graph_of
    from graphfraud.output.exports import apply_redaction

    nodes, focus = c.pop("_nodes"), c.pop("_focus")
    if not graphs:
        return
    g = apply_redaction(graph_of(store, nodes, an, focus=focus, max_nodes=CAMPAIGN_GRAPH_MAX,
                                 selection={"kind": "campaign", "campaign": c["group"]}), redactor)
    c["graph"] = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
                  "omitted_nodes": g.graph.get("omitted_nodes", 0)}
    c["_graph"] = g


def _render(rep: dict, fmt: str, lang: str, single: bool = False, index: str | None = None) -> str:
    """The report as text: every campaign as one document, or (``single``) one campaign's own page,
    ``index`` naming the index it belongs to (a relative link)."""
    from graphfraud.output.report_campaign_html import render_campaign_html

    if fmt == "json":
        return render_json(rep)
    if fmt == "md":
        return render_markdown(rep, lang, index=index)
    return render_campaign_html(rep, lang, index=index) if single else render_html(rep, lang)


def _write_split(rep: dict, target: Path, fmt: str, lang: str, force: bool, redactor=None) -> dict:
    """The index in ``target`` and one page per campaign in the folder beside it."""
    from graphfraud.analysis.report_campaigns import one_campaign
    from graphfraud.output.report_index import render_index

    folder = pages_folder(target)
    safe_output_path(folder, force=force, directory=True)
    links = {}
    for c in rep["campaigns"]:
        name = f"campaign-{int(c['group'])}.{fmt}"
        text = _render(one_campaign(rep, c), fmt, lang, single=True, index=f"../{target.name}")
        write_atomic(folder / name, text, force=force, redactor=redactor)
        links[int(c["group"])] = f"{folder.name}/{name}"
    path = write_atomic(target, render_index(rep, links, fmt, lang), force=force, redactor=redactor)
    return {"format": fmt, "lang": lang, "out": str(path), "pages": str(folder), "pages_written": len(links),
            **rep["summary"]}
