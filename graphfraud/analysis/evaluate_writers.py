"""The grid's case folders as other people write them: fewer columns, dates without times, fewer files.

The demo generator writes every column a detector can use. A bank, a police unit or
another simulator often gives less: a statement with the date of each transfer but not
its time, an export of four columns (date, sender, receiver, amount) with English
headers, or only the transfers and the victims' reports. ``evaluate --grid --writer W``
(:func:`rewrite`) rewrites each generated folder so before it is loaded; the ground
truth is unchanged, so the same measures say how much each loss of detail costs.

* ``as-generated``: the folder as generated;
* ``date-only``: the bank files give each transfer's date, not its time (the CSV
  export and the XLSX statement); call records and log-ins keep theirs;
* ``minimal``: the bank's CSV export holds four columns with English headers
  (``Date, Sender account, Receiver account, Amount``): no transaction id, banks,
  channel, IP, device or description;
* ``transfers-reports``: only the bank files and the victims' reports are loaded (no
  call records, log-ins, KYC or social accounts);
* ``plain``: all three at once;
* ``statements``: instead of the banks' whole exports, the statements of the accounts a police
  unit would ask for, round after round, starting from the accounts the reports name
  (:mod:`graphfraud.analysis.evaluate_statements`).

>>> sorted(WRITERS)
['as-generated', 'date-only', 'minimal', 'plain', 'statements', 'transfers-reports']
"""

from __future__ import annotations

import csv
from pathlib import Path

from graphfraud.errors import InvalidValue, UsageError
from graphfraud.normalize.timestamp import LOCAL_TZ, parse_timestamp

WRITERS = {
    "as-generated": (),
    "date-only": ("date-only",),
    "minimal": ("minimal",),
    "transfers-reports": ("transfers-reports",),
    "plain": ("date-only", "minimal", "transfers-reports"),
    "statements": ("statements",),
}
BANK_KINDS = ("transactions",)
KEPT_WITH_TRANSFERS = ("transactions", "reports")
CSV_TIME, XLSX_TIME = "Thời gian", "Transaction Date"
MINIMAL = (("Thời gian", "Date"), ("Tài khoản ghi nợ", "Sender account"), ("Tài khoản ghi có", "Receiver account"),
           ("Số tiền", "Amount"))


def rewrite(files: dict[str, tuple[Path, ...]], writer: str) -> list[Path]:
    """Rewrite the generated files (kind -> paths, as :class:`~graphfraud.demo.layout.Manifest` holds
    them) in place as ``writer`` would have written them; return the files to load, in kind order."""
    if writer not in WRITERS:
        raise UsageError(f"unknown writer {writer!r}: choose one of {', '.join(WRITERS)}")
    steps = WRITERS[writer]
    if "statements" in steps:
        from graphfraud.analysis.evaluate_statements import statements_of_requests

        bank = [p for kind in BANK_KINDS for p in files.get(kind, ())]
        written = statements_of_requests(bank, list(files.get("reports", ())), bank[0].parent) if bank else []
        return written + [p for kind in files if kind not in BANK_KINDS for p in files[kind]]
    for kind in BANK_KINDS:
        for path in files.get(kind, ()):
            if path.suffix == ".csv" and ("date-only" in steps or "minimal" in steps):
                _rewrite_csv(path, "date-only" in steps, "minimal" in steps)
            elif path.suffix == ".xlsx" and "date-only" in steps:
                _dates_only_xlsx(path)
    kinds = KEPT_WITH_TRANSFERS if "transfers-reports" in steps else tuple(files)
    return [p for kind in files if kind in kinds for p in files[kind]]


def _day(text: str) -> str:
    """The Vietnam date of a timestamp as ``dd/mm/yyyy`` (``2024-03-01T03:00:05Z`` -> ``01/03/2024``);
    a text that is no timestamp (a planted bad value) is kept as written.

    >>> _day("01/03/2024 10:00:05"), _day("2024-03-01T20:00:05Z"), _day("1709251200"), _day("n/a")
    ('01/03/2024', '02/03/2024', '01/03/2024', 'n/a')
    """
    try:
        return parse_timestamp(text).astimezone(LOCAL_TZ).strftime("%d/%m/%Y")
    except InvalidValue:
        return text


def _rewrite_csv(path: Path, dates_only: bool, minimal: bool) -> None:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        return
    head, body = rows[0], rows[1:]
    at = {h: i for i, h in enumerate(head)}
    if dates_only and CSV_TIME in at:
        for r in body:
            r[at[CSV_TIME]] = _day(r[at[CSV_TIME]])
    if minimal:
        keep = [(at[h], new) for h, new in MINIMAL if h in at]
        head = [new for _, new in keep]
        body = [[r[i] for i, _ in keep] for r in body]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(head)
        w.writerows(body)


def _dates_only_xlsx(path: Path) -> None:
    from datetime import datetime

    import openpyxl

    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        head = [c.value for c in next(ws.iter_rows(max_row=1))]
        if XLSX_TIME not in head:
            continue
        col = head.index(XLSX_TIME) + 1
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            if isinstance(cell.value, datetime):
                cell.value = cell.value.strftime("%d/%m/%Y")
            elif isinstance(cell.value, str):
                cell.value = _day(cell.value)
    wb.save(path)
