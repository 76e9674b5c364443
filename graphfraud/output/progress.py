"""A row-count progress bar on stderr (only when stderr is a terminal)."""

from __future__ import annotations

import contextlib
import sys


@contextlib.contextmanager
def row_progress(label: str):
    """Yield a callback ``advance(rows)``; shows a live counter on a terminal, nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), TextColumn("{task.completed:,} rows"),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda n: bar.advance(task, n)
