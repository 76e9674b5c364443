"""Where a fact was read, written for people: ``file [sheet], row N`` (``dòng N`` in Vietnamese).

The one way every output names its evidence: the CLI's tables, the CSV and GraphML exports, the
HTML page's details panel and the report.

>>> where({"file": "sao_ke.csv", "row": 12}, "vi")
'sao_ke.csv, dòng 12'
>>> where_all([{"file": "a.xlsx", "sheet": "T3", "row": 2}, {"file": "b.csv", "row": 9}], "en")
'a.xlsx [T3], row 2; b.csv, row 9'
>>> where_all([{"file": "a.csv", "row": n} for n in range(1, 6)], "en", limit=2)
'a.csv, row 1; a.csv, row 2 …'
"""

from __future__ import annotations

from graphfraud.output.i18n import t

__all__ = ["where", "where_all"]


def where(e: dict | None, lang: str) -> str:
    """One piece of evidence: its file, sheet and row; empty when it names no file."""
    if not e or not e.get("file"):
        return ""
    sheet = f" [{e['sheet']}]" if e.get("sheet") else ""
    return f"{e['file']}{sheet}, {t('row', lang)} {e.get('row')}"


def where_all(evidence, lang: str, limit: int | None = None) -> str:
    """Several pieces of evidence, ``; ``-separated; past ``limit`` an ellipsis says there are more."""
    items = [w for w in (where(e, lang) for e in evidence or []) if w]
    if limit is not None and len(items) > limit:
        return "; ".join(items[:limit]) + " …"
    return "; ".join(items)
