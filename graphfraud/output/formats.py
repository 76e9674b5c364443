"""The format of an output file, from ``--format`` and the extension of its name.

A report named ``r.json`` is written as JSON without ``--format``; a name whose extension belongs to
another format than the one asked for (``export graphml x.html``, ``report r.json --format md``) is
refused rather than written in a format its name contradicts. Names without an extension, or with one
no format claims (``.txt``, ``.xml``), take the format asked for (the report's default: HTML).

>>> report_format("r.md", None), report_format("r", None), report_format("R.HTM", "html")
('md', 'html', 'html')
>>> export_format("graphml", "x.html")
Traceback (most recent call last):
...
graphfraud.errors.UsageError: export graphml x.html: the name ends in .html, the extension of html; name the file .graphml or export html
"""

from __future__ import annotations

from pathlib import Path

from graphfraud.errors import UsageError

REPORT_EXTENSIONS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json"}
EXPORT_EXTENSIONS = {".html": "html", ".htm": "html", ".graphml": "graphml", ".gexf": "gexf", ".json": "json",
                     ".zip": "csv", ".csv": "csv"}
_EXPECTED = {"html": ".html", "md": ".md", "json": ".json", "graphml": ".graphml", "gexf": ".gexf",
             "csv": ".zip (or a folder)"}


def _implied(out, table: dict) -> tuple[str, str | None]:
    ext = Path(str(out)).suffix.lower()
    return ext, table.get(ext)


def report_format(out, fmt: str | None, default: str = "html") -> str:
    """The report's format: ``fmt`` when given (refused if OUT's extension names another), else the one
    OUT's extension names (.html/.htm, .md, .json), else ``default``."""
    ext, implied = _implied(out, REPORT_EXTENSIONS)
    if fmt is None:
        return implied or default
    if implied and implied != fmt:
        raise UsageError(f"--format {fmt} contradicts the name {out}: {ext} is the extension of {implied}; "
                         f"drop --format or name the file {_EXPECTED[fmt]}")
    return fmt


def export_format(fmt: str, out) -> str:
    """``fmt`` (export's first argument), refused when OUT's extension belongs to another format."""
    ext, implied = _implied(out, EXPORT_EXTENSIONS)
    if implied and implied != fmt:
        raise UsageError(f"export {fmt} {out}: the name ends in {ext}, the extension of {implied}; "
                         f"name the file {_EXPECTED[fmt]} or export {implied}")
    return fmt
