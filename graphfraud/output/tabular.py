"""Listing output as a table drawn with box characters (for people), JSON or CSV (for machines).

stdout carries only the data; progress and notes go to stderr. CSV cells that
a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import io
import json
import sys

from graphfraud.output.controls import printable
from graphfraud.textfmt import safe_cell

FORMATS = ("table", "json", "csv")


def to_json(data) -> str:
    """Indented JSON (UTF-8 text, keys in their order; values it cannot encode are written as text)."""
    try:
        import orjson

        return orjson.dumps(data, default=str, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode()
    except (ImportError, TypeError):  # orjson refuses e.g. integers past 64 bits; json does not
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, default=str)


def _flat(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)
    return str(v)


def to_csv(rows: list[dict], columns: list[str] | None = None) -> str:
    columns = columns or _columns(rows)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([safe_cell(_flat(r.get(c))) for c in columns])
    return buf.getvalue()


def _columns(rows: list[dict]) -> list[str]:
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    return cols


def _cell(value, column: str, lang: str, money: tuple, times: tuple) -> str:
    """A table cell for people: amounts as ``1.785.900.000 ₫`` / ``1,785,900,000 VND``, times in the
    language's order (``dd/mm/yyyy HH:MM`` in Vietnamese)."""
    if value not in (None, "") and column in money:
        from graphfraud.textfmt import fmt_money

        return fmt_money(value, lang)
    if value not in (None, "") and column in times:
        from graphfraud.output.i18n import fmt_time

        return fmt_time(value, lang)
    return _flat(value)


def print_table(rows: list[dict], columns: list[str] | None = None, title: str | None = None, file=None,
                lang: str = "en", money: tuple = (), times: tuple = ()) -> None:
    """A table for people; headers in ``lang``; the ``money`` and ``times`` columns written for people.
    As wide as the terminal (160 columns when the output is not one); control characters shown, not run."""
    import shutil

    from graphfraud.output.cli_text import header
    from graphfraud.output.text_table import render

    out = file or sys.stdout
    columns = columns or _columns(rows)
    width = shutil.get_terminal_size((160, 24)).columns if out.isatty() else 160
    if title:
        print(printable(title), file=out)
    if not columns:   # an empty listing that names no column
        return
    print(render([printable(header(c, lang)) for c in columns],
                 [[printable(_cell(r.get(c), c, lang, money, times)) for c in columns] for r in rows],
                 right={j for j, c in enumerate(columns) if c in money}, width=width), file=out)


def emit(data, fmt: str, rows: list[dict] | None = None, columns: list[str] | None = None,
         title: str | None = None, lang: str = "en", money: tuple = (), times: tuple = ()) -> None:
    """Print ``data`` as JSON, or ``rows`` (a flat view of it) as a table (for people, in ``lang``) or
    CSV (machine values and English column names, whatever the language)."""
    if fmt == "json":
        sys.stdout.write(to_json(data) + "\n")
    elif fmt == "csv":
        sys.stdout.write(to_csv(rows if rows is not None else data, columns))
    else:
        print_table(rows if rows is not None else data, columns, title, lang=lang, money=money, times=times)
