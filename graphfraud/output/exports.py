"""Write a part of the graph: HTML, GraphML, GEXF, JSON, CSV.

The part is picked in :mod:`graphfraud.analysis.subgraph` (a
:class:`~graphfraud.analysis.subgraph.Selection`: around an identifier, a
community, a case, a money trace or the whole graph) and annotated with the
detection analyses' results (:mod:`graphfraud.analysis.annotations`); here it is
only written. Machine formats keep values as they are (``+84912345678`` stays a
phone number in JSON and GraphML); only CSV, made for spreadsheets, neutralises
cells a spreadsheet would run as a formula (:func:`graphfraud.textfmt.safe_cell`).

Scores on a neighbourhood (``--around``, ``--case``, ``--trace``): the detectors
score the whole graph, so such an export shows the scores kept for the store's
current content and computes none itself (it reads only the neighbourhood),
unless asked to (``with_scores``, the CLI's ``--with-scores``); the graph then
says which were not shown (``scores_not_shown``) and the page says how to get them.

``--redact`` is applied in :func:`apply_redaction`, the one
place every output's graph passes through before it is written.
"""

from __future__ import annotations

from graphfraud.analysis.annotations import Analyses
from graphfraud.analysis.subgraph import Selection, build_graph, focus_of
from graphfraud.errors import UsageError
from graphfraud.output.safepath import safe_output_path
from graphfraud.output.writers import WRITERS

FORMATS = ("html", "graphml", "gexf", "json", "csv")
DEFAULT_HTML_MAX_NODES = 1000
HTML_PER_LINK = 20   # a page reads at most this many edges of one type between two nodes (all are counted)


def apply_redaction(g, redactor=None):
    """The one place graphs pass through before being written: under ``--redact`` (a
    :class:`~graphfraud.privacy.Redactor`) node ids, values, labels, props and evidence are
    replaced by keyed pseudonyms, so every format (HTML, GraphML, GEXF, JSON, CSV, report)
    gets it at once."""
    return g if redactor is None else redactor.graph(g)


def shown_graph(g, sel: Selection, redactor=None):
    """The graph of ``sel`` as it is written: the selection named as outputs show it (under
    ``--redact`` the pseudonyms of the nodes ``--around`` / ``--trace`` named), then redacted."""
    from graphfraud.output.scrub import shown_selection

    if sel.kind != "all":
        g.graph["selection"] = {**g.graph["selection"], sel.kind: shown_selection(sel, focus_of(g), redactor)}
    return apply_redaction(g, redactor)


def export(store, fmt: str, out, selection: Selection | None = None, force: bool = False, lang: str = "vi",
           scores: bool = True, command: str | None = None, with_scores: bool = False, progress=None,
           redactor=None) -> dict:
    """Write the selected part of the graph to ``out`` in ``fmt``; return a summary (paths, counts).

    ``scores``: annotate with the detection analyses' results; on a neighbourhood only those kept
    for the store's content, unless ``with_scores`` (then computed over the whole graph, and kept).
    ``progress`` (see graphfraud.progress) is told the steps; ``redactor`` (``--redact``, a
    :class:`~graphfraud.privacy.Redactor`) pseudonymises what is written."""
    from graphfraud.progress import stage

    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    sel = selection or Selection()
    directory = fmt == "csv" and not str(out).lower().endswith(".zip")
    target = safe_output_path(out, force=force, directory=directory)  # refuse early, before any work
    an = Analyses(store, enabled=scores, lang=lang, compute=with_scores or not sel.local, progress=progress,
                  resume="export.select")
    stage(progress, "export.select")
    cap, per_link = (DEFAULT_HTML_MAX_NODES, HTML_PER_LINK) if fmt == "html" else (None, None)
    g = shown_graph(build_graph(store, sel, an, max_nodes=cap, per_link=per_link), sel, redactor)
    if fmt == "html":
        from graphfraud.output.html import write_graph_page
        from graphfraud.output.scrub import shown_command

        command = shown_command(command, sel, (g.graph.get("selection") or {}).get(sel.kind))
        stage(progress, "export.write")
        paths = write_graph_page(g, target, force=force, lang=lang, command=command, redactor=redactor)
    else:
        stage(progress, "export.write")
        paths = WRITERS[fmt](g, target, force=force, redactor=redactor)
    return {"format": fmt, "out": [str(p) for p in paths], "selection": sel.as_json(),
            "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
            **({"edges_total": g.graph["edges_total"]} if g.graph.get("edges_total") else {}),
            "nodes_total": g.graph.get("nodes_total"), "omitted_nodes": g.graph.get("omitted_nodes", 0),
            **({"scores_not_shown": an.not_shown} if an.not_shown else {})}
