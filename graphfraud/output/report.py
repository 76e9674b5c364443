"""The case-linking report: campaigns of linked cases, with the evidence behind every link.

``build_report(store, lang)`` gathers the data (the JSON twin of the report);
``render_html`` / ``render_markdown`` / ``render_json`` write it for people and
other systems. Per campaign (from :func:`graphfraud.analysis.linking.link_cases`):
its cases, victims and total loss, a timeline of the reports (inline SVG drawn
by report_timeline), the key identifiers (scam phones, mule accounts with their reasons,
organisers, social accounts, websites), every link between two cases with the
chain of file rows it rests on, and an interactive graph of the campaign (the
same offline vis-network section as ``export html``, with a static drawing for
print). The report ends with the SHA-256 of every input file and the command
that reproduces it. Every string is in :mod:`graphfraud.output.i18n` (vi, en).

The parts: :mod:`~graphfraud.output.report_data` (the data), :mod:`~graphfraud.output.report_text`
(shared text), :mod:`~graphfraud.output.report_timeline`, :mod:`~graphfraud.output.report_html`
and :mod:`~graphfraud.output.report_markdown`; this module writes the report.
"""

from __future__ import annotations

import json

from graphfraud.output.report_data import build_report, public
from graphfraud.output.report_html import render_html
from graphfraud.output.report_markdown import md, render_markdown  # noqa: F401 - md: the report's cell text
from graphfraud.output.report_text import money_short  # noqa: F401
from graphfraud.output.report_timeline import timeline_svg  # noqa: F401

FORMATS = ("html", "md", "json")


def render_json(report: dict) -> str:
    return json.dumps(public(report), ensure_ascii=False, indent=1, default=str) + "\n"


def write_report(store, out, fmt: str = "html", lang: str = "vi", force: bool = False, k: int = 2,
                 command: str | None = None, progress=None) -> dict:
    """Build the report and write it to ``out`` (html, md or json); return a summary. ``progress``
    (see graphfraud.progress) is told the steps."""
    from graphfraud.errors import UsageError
    from graphfraud.output.safepath import safe_output_path, write_atomic
    from graphfraud.progress import stage

    if fmt not in FORMATS:
        raise UsageError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    target = safe_output_path(out, force=force)  # refuse early, before the analyses run
    rep = build_report(store, lang=lang, k=k, command=command, graphs=fmt in ("html", "json"), progress=progress)
    stage(progress, "report.write")
    from graphfraud.privacy import current

    if current() is not None:  # --redact: the report's own data, before it is rendered
        rep = current().json(rep)
    if fmt == "html":
        text = render_html(rep, lang)
    elif fmt == "md":
        text = render_markdown(rep, lang)
    else:
        text = render_json(rep)
    path = write_atomic(target, text, force=force)
    return {"format": fmt, "lang": lang, "out": str(path), **rep["summary"]}
