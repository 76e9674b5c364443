"""Read old Excel workbooks (``.xls``, BIFF), as many banks still export statements.

Each sheet becomes the same table as an XLSX sheet (:func:`graphfraud.loaders.read_xlsx._table`):
cells as text, row numbers as a spreadsheet shows them, the header found among the first rows.
Date cells become ``yyyy-mm-dd hh:mm:ss`` text, whole numbers lose their ``.0``, an error cell
(``#N/A``) reads as empty and gives a reject naming its row and column. A file named ``.xls`` that
is a web page (several banks' "Excel" exports are HTML tables) or not a workbook at all is refused
saying so.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from graphfraud.errors import InputError

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the signature every BIFF workbook starts with
ERROR_CELL = "error value in the workbook (#N/A, #DIV/0!...): the cell reads as empty"


def _check(path: Path) -> None:
    with open(path, "rb") as f:
        head = f.read(512)
    if head.startswith(OLE2):
        return
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<", b"<!doctype")) or b"<table" in head.lower() or b"<html" in head.lower():
        raise InputError(f"{path.name}: this .xls file is a web page (HTML) saved under an Excel name; open it in "
                         "a spreadsheet and save it as .xlsx or CSV")
    if head.startswith(b"PK\x03\x04"):
        raise InputError(f"{path.name}: this .xls file is an XLSX workbook; rename it to .xlsx")
    raise InputError(f"{path.name}: not a readable .xls workbook")


def _cells(sheet, datemode: int, dated: set):
    """(row number, {column: text}, [(column, error text)]) of each row holding something; the
    (row number, column) of each cell stored as a date go into ``dated``."""
    import xlrd
    from graphfraud.loaders.read import _cell_text

    for r in range(sheet.nrows):
        values: dict[int, str] = {}
        errors: list[tuple[int, str]] = []
        for c, cell in enumerate(sheet.row(r), start=1):
            if cell.ctype == xlrd.XL_CELL_DATE:
                try:
                    text = _cell_text(xlrd.xldate_as_datetime(cell.value, datemode))
                    dated.add((r + 1, c))
                except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                    text = _cell_text(cell.value)
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                errors.append((c, xlrd.error_text_from_code.get(cell.value, "#ERROR")))
                continue
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                text = _cell_text(bool(cell.value))
            else:
                text = _cell_text(cell.value)
            if text and text.strip():
                values[c] = text
        if values or errors:
            yield r + 1, values, errors


def read_xls(path: Path, score) -> Iterator:
    """The tables of an old Excel workbook, one per sheet with rows."""
    import xlrd
    from graphfraud.loaders.read_xlsx import _table

    _check(path)
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as exc:  # noqa: BLE001 - xlrd raises many types for a corrupt file
        raise InputError(f"{path.name}: not a readable .xls workbook ({exc.__class__.__name__})") from None
    try:
        for i in range(book.nsheets):
            sheet = book.sheet_by_index(i)
            dated: set = set()
            rows = list(_cells(sheet, book.datemode, dated))
            if rows:
                table = _table(path, sheet.name, [(n, v, []) for n, v, _ in rows], score, dated)
                table.cell_rejects.extend((n, c - 1 if c <= len(table.headers) else None, text, ERROR_CELL)
                                          for n, _, errs in rows for c, text in errs if n > _header_row(table))
                yield table
            book.unload_sheet(i)
    finally:
        book.release_resources()


def _header_row(table) -> int:
    """The row number of the table's header: the row before its first data row."""
    return (table.rownums[0] if table.rownums else table.first_row) - 1
