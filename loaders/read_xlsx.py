"""Read XLSX sheets from the cells they hold, not from the size they claim.

A sheet's ``<dimension ref>`` tag may be stale (written by a program that added rows without
updating it) or hostile (``A1:XFD1048576`` with one cell far away). openpyxl's read-only reader
trusts it: rows and columns beyond a stale tag vanished, and a bomb tag made it hand out a
million rows of 16,384 empty cells. Here the sheet's XML is parsed row by row and only the cells
present are kept, so what is read is bounded by the cells in the file; rows whose cells are all
blank are skipped (as in CSV), the others keep their spreadsheet row numbers.

A date cell that a month-first spreadsheet turned round (``10/09/2024`` stored as 9 October, among
day-first text dates) is read as the dates around it say (:mod:`graphfraud.loaders.turned_dates`).

A formula cell the workbook holds no saved value for (written by a program that does not
calculate, and never opened and saved in a spreadsheet) reads as empty and gives a reject naming
its row and column, so a transfer whose account is such a cell is not lost silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from graphfraud.errors import InputError

MAX_COLUMNS = 16384  # Excel's last column, XFD
MAX_CELLS = 100_000_000  # rows x header width of one sheet, checked before the table is made
NO_SAVED_VALUE = "formula without a saved value (the workbook was never calculated and saved by a spreadsheet)"


class _Formula:
    """A formula cell without a saved value."""

    def __init__(self, text: str):
        self.text = text


def _parser_class():
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class _Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["value"] = _Formula("=" + (element.findtext(FORMULA_TAG) or ""))
            return cell
    return _Parser


def _sheet_cells(wb, ws, dated: set) -> Iterator[tuple[int, dict[int, str], list[tuple[int, str]]]]:
    """(row number, {column: text} of its non-empty cells, [(column, formula)] without saved values);
    the (row number, column) of each cell stored as a date go into ``dated``."""
    from datetime import date

    from graphfraud.loaders.read import _cell_text

    parser_class = _parser_class()
    with ws._get_source() as src:
        parser = parser_class(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                              date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for idx, cells in parser.parse():
            values: dict[int, str] = {}
            formulas: list[tuple[int, str]] = []
            for c in cells:
                col, v = c["column"], c["value"]
                if not 1 <= col <= MAX_COLUMNS:
                    raise InputError(f"cell {c['column']} of row {idx} is beyond the last column of a sheet")
                if isinstance(v, _Formula):
                    formulas.append((col, v.text))
                elif v is not None:
                    text = _cell_text(v)
                    if text:
                        values[col] = text
                        if isinstance(v, date):
                            dated.add((idx, col))
            if formulas or any(t.strip() for t in values.values()):
                yield idx, values, formulas


def _dense(values: dict[int, str], width: int | None = None) -> list[str]:
    width = max(values, default=0) if width is None else width
    return [values.get(c, "") for c in range(1, width + 1)]


def read_xlsx(path: Path, score) -> Iterator:
    """The tables of a workbook, one per sheet with rows."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a corrupt file
        raise InputError(f"{path.name}: not a readable XLSX workbook ({exc.__class__.__name__})") from None
    try:
        for ws in wb.worksheets:
            dated: set = set()
            try:
                rows = list(_sheet_cells(wb, ws, dated))
            except InputError as exc:
                raise InputError(f"{path.name} [sheet {ws.title}]: {exc}") from None
            except Exception as exc:  # noqa: BLE001 - a corrupt sheet: openpyxl and the XML parser raise many types
                raise InputError(f"{path.name} [sheet {ws.title}]: not a readable sheet "
                                 f"({exc.__class__.__name__})") from None
            if rows:
                yield _table(path, ws.title, rows, score, dated)
    finally:
        wb.close()


def _table(path: Path, title: str, rows: list, score, dated: set | frozenset = frozenset()):
    from graphfraud.loaders.read import HEADER_SCAN_ROWS, Table, _frame, _header, _pick_header, two_row_header
    from graphfraud.loaders.turned_dates import turn_back

    head = [_dense(v) for _, v, _ in rows[:HEADER_SCAN_ROWS]]
    h = _pick_header(head, score)
    two = two_row_header(head, h, score)
    header_row = rows[h + (1 if two else 0)][0]
    headers = [_header(c) for c in (two or _dense(rows[h][1]))]
    data = rows[h + (2 if two else 1):]
    # merged header cells: an empty header right of a filled one continues it
    for i in range(1, len(headers)):
        if not headers[i] and headers[i - 1] and any(v.get(i + 1, "").strip() for _, v, _ in data):
            headers[i] = f"{headers[i - 1]} ({i + 1})"
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    ragged = [(n, f"row has {max(v)} cells, the header has {width}")
              for n, v, _ in data if any(c > width and t.strip() for c, t in v.items())]
    cell_rejects = [(n, col - 1 if col <= width else None, text, NO_SAVED_VALUE)
                    for n, _, fs in data for col, text in fs]
    if len(data) * width > MAX_CELLS:
        raise InputError(f"{path.name} [sheet {title}]: {len(data):,} rows under a header {width:,} columns wide "
                         f"would be {len(data) * width:,} cells, more than graphfraud reads from one sheet "
                         f"({MAX_CELLS:,}); delete the empty columns or save the sheet as CSV")
    turned = turn_back(data, dated) if dated else []
    nums = [n for n, _, _ in data]
    frame = _frame([_dense(v, width) for _, v, _ in data], width)
    preamble = [(n, [_header(c) for c in _dense(v)]) for n, v, _ in rows[:h]]
    return Table(path, title, headers, frame, nums[0] if nums else header_row + 1, ragged,
                 rownums=nums, cell_rejects=cell_rejects, preamble=preamble, turned_dates=turned)
