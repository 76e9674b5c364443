"""A row-count progress bar on stderr (only when stderr is a terminal)."""

from __future__ import annotations

import contextlib
import sys


@contextlib.contextmanager
def row_progress(label: str, lang: str = "en"):
    """Yield a callback ``advance(rows)``; shows a live counter on a terminal, nothing otherwise.
    ``label`` is a key of :mod:`graphfraud.output.cli_text` (or plain text), written in ``lang``."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from graphfraud.output.cli_text import STRINGS, tr

    text = tr(label, lang) if label in STRINGS else label
    rows = tr("progress.rows", lang)
    with Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"),
                  TextColumn("{task.completed:,} " + rows.replace("[", r"\[")),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(text, total=None)
        yield lambda n: bar.advance(task, n)
