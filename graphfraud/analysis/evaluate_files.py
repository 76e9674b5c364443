"""Files others wrote, read for an evaluation as ``load`` reads them: their tables with the columns
``load`` would map, and account numbers keyed as the store keys them (used by
:mod:`graphfraud.analysis.evaluate_labelled` and :mod:`graphfraud.analysis.evaluate_statements`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

__all__ = ["account_key", "tables_as"]


@lru_cache(maxsize=1 << 16)
def account_key(text) -> str | None:
    """The account a cell names, as the store keys it; None for an empty cell or one ``load`` rejects."""
    from graphfraud.normalize import normalize

    raw = "" if text is None else str(text)
    if not raw.strip():
        return None
    try:
        return normalize("account", raw).value
    except ValueError:   # InvalidValue: a reject at load
        return None


def tables_as(path: Path, kind: str, skip_unknown: bool = False):
    """(table, column of each field) of every table of ``path`` read as a ``kind``; a table whose
    headers are not that kind's is skipped with ``skip_unknown``, else refused."""
    from graphfraud.errors import UnknownKindError
    from graphfraud.loaders.detect import detect, header_score
    from graphfraud.loaders.read import read_tables

    path = Path(path)
    for table in read_tables(path, header_score):
        try:
            mapping = detect(table.headers, kind=kind, source=path.name)
        except UnknownKindError:
            if skip_unknown:
                continue
            raise
        yield table, {f: i for i, f in mapping.columns.items()}
