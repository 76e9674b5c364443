"""Load case files into a store: read → detect → normalise → facts → store.

Loads are idempotent: a file already loaded (same SHA-256 and sheet) is
skipped and reported "already loaded"; facts already in the store from
another file are not duplicated (their provenance gains the new file). The
embedded store writes each file in one transaction, so an interrupted load leaves
nothing half-written; Neo4j writes it in idempotent batches and a re-run converges
(see :mod:`graphfraud.store.base`). Values that cannot be normalised go to the
rejects report and the rest of the row still loads.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import itertools
import os
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from graphfraud import facts_worker, person_links
from graphfraud.duplicates import FileRows
from graphfraud.errors import InputError, InvalidValue, StoreError, UnknownKindError, UsageError
from graphfraud.facts import build_facts
from graphfraud.handle_links import HandleCollector, link_batch
from graphfraud.loaders.detect import check_map_columns, detect, header_score, parse_map_options, read_profile
from graphfraud.loaders.estimate import estimated_rows
from graphfraud.loaders.read import read_tables, sha256_file
from graphfraud.loaders.statement import complete_statement, titled_kinds
from graphfraud.progress import stage
from graphfraud.store.base import LoadRecord
from graphfraud.textfmt import FORMULA_START, safe_cell  # noqa: F401 - FORMULA_START: part of load's interface


@dataclass
class SheetReport:
    sheet: str
    kind: str | None
    mapping: dict
    rows: int = 0
    nodes_added: int = 0
    edges_added: int = 0
    edges_seen: int = 0
    rejects: int = 0
    duplicates: int = 0  # rows repeating an earlier row of the file (one fact unless kept)
    dated_by_day: int = 0  # rows whose time is a date without a time of day (time_precision: day)
    serial_dates: int = 0  # timestamp cells that are a spreadsheet's serial date numbers, read as dates
    scientific_amounts: int = 0  # rows whose amount is written in scientific notation (1.0E7), read as written
    turned_dates: str = ""  # the date cells a spreadsheet had turned round, read the other way (a note)
    mapping_notes: str = ""  # how columns were read beyond their headers (dates written month first...)
    status: str = "loaded"  # loaded | already loaded | skipped | refused
    note: str = ""


@dataclass
class FileReport:
    path: str
    sha256: str
    sheets: list[SheetReport] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"file": self.path, "sha256": self.sha256, "sheets": [s.__dict__ for s in self.sheets]}


@dataclass
class LoadReport:
    files: list[FileReport] = field(default_factory=list)
    rejects_path: str | None = None

    @property
    def total_rejects(self) -> int:
        return sum(s.rejects for f in self.files for s in f.sheets)

    @property
    def total_rows(self) -> int:
        return sum(s.rows for f in self.files for s in f.sheets)

    @property
    def refused(self) -> list[dict]:
        """The files that could not be loaded at all, each with its reason."""
        return [{"file": f.path, "reason": s.note} for f in self.files for s in f.sheets if s.status == "refused"]

    def as_json(self) -> dict:
        return {"files": [f.as_json() for f in self.files], "rows": self.total_rows,
                "rejects": self.total_rejects, "rejects_report": self.rejects_path, "refused": self.refused}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def load_files(store, paths, kind: str | None = None, maps: tuple[str, ...] = (), profile: str | None = None,
               case_id: str | None = None, progress=None, keep_duplicates: bool = False,
               chunk_rows: int | None = None, load_worker: bool = True,
               statement_account: str | None = None, timezone: str | None = None) -> LoadReport:
    """Load files into ``store``; return what happened to each file and sheet.

    Of several files, one that cannot be read or understood (missing, unknown kind, corrupt) does not
    stop the others: it is reported with status ``refused`` and its reason (``LoadReport.refused``)
    and leaves nothing in the store. A single file that cannot be loaded raises its error.

    A row identical to an earlier row of its file is one fact (counted once, reported in the sheet's
    ``duplicates``); ``keep_duplicates`` makes each such transfer or call a fact of its own.

    ``chunk_rows`` (rows per table of a CSV read in chunks; default
    :data:`graphfraud.loaders.read.CHUNK_ROWS`) and ``load_worker`` (a large file may be read in a
    second process) are the configuration's settings of the same names. ``statement_account``: the
    account of a statement that states none (see :func:`graphfraud.loaders.statement.complete_statement`).
    ``timezone``: the zone of the times the files write without one (default Vietnam time; see
    :mod:`graphfraud.normalize.timezone`)."""
    overrides: dict[str, str] = {}
    if profile:
        pkind, pcols = read_profile(Path(profile))
        kind = kind or pkind
        overrides.update(pcols)
    given = parse_map_options(maps)
    overrides.update(given)
    report = LoadReport()
    paths = list(paths)
    reading = _Reading(chunk_rows, load_worker, statement_account=_account_given(statement_account),
                       timezone=_zone_given(timezone))
    for p in paths:
        try:
            rep = _load_one(store, Path(p), kind, overrides, case_id, progress, given, keep_duplicates, reading)
        except InputError as exc:
            if len(paths) == 1:
                raise
            rep = _refused(Path(p), exc)
        report.files.append(rep)
    report.rejects_path = write_rejects_report(store)
    store.refresh_snapshot(progress)  # the next whole-graph command maps the graph, not builds it
    return report


def _account_given(text: str | None) -> str | None:
    """``load --account``, normalised as every account is; a UsageError where it is no account number."""
    if text is None:
        return None
    from graphfraud.normalize import normalize

    try:
        return normalize("account", text).value
    except InvalidValue as exc:
        raise UsageError(f"--account {text!r} is not an account number: {exc}") from None


def _zone_given(text: str | None) -> str | None:
    """``load --timezone`` as given, once checked; a UsageError where it names no time zone."""
    if text is None:
        return None
    from graphfraud.normalize.timezone import zone

    try:
        zone(text)
    except InvalidValue as exc:
        raise UsageError(f"--timezone: {exc.reason}") from None
    return text.strip()


def _refused(path: Path, exc: InputError) -> FileReport:
    """The report of a file that could not be loaded: one row, status ``refused``, the reason."""
    try:
        sha = sha256_file(path)
    except OSError:
        sha = ""
    return FileReport(str(path), sha, [SheetReport("", None, {}, status="refused", note=str(exc))])


@dataclass(frozen=True)
class _Reading:
    """How files are read: rows per chunk (None: the reader's default), whether a large file may be
    read in a second process, and the order of each statement transfer among those of one account's
    statement with the same accounts, day and amount, over every file of the load (a statement split
    into several files keeps counting: see :mod:`graphfraud.facts_statements`)."""

    chunk_rows: int | None = None
    worker: bool = True
    statement_orders: dict = field(default_factory=dict)
    statement_account: str | None = None   # load --account: a statement's account where it states none
    timezone: str | None = None   # load --timezone: the zone of times written without one


def _load_one(store, path: Path, kind, overrides, case_id, progress, given=None,
              keep_duplicates: bool = False, reading: _Reading | None = None) -> FileReport:
    reading = reading or _Reading()
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        sha = sha256_file(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror})") from None
    rep = FileReport(str(path), sha)
    tables = read_tables(path, header_score=header_score, chunk_rows=reading.chunk_rows)
    first = next(tables, None)
    if first is None:
        raise InputError(f"{path.name}: no rows found")
    streamed = False
    if first.sheet or path.suffix.lower() in {".xlsx", ".xlsm", ".xls"}:
        groups = [(t, [t]) for t in itertools.chain([first], tables)]  # one table per sheet
    else:
        groups = [(first, itertools.chain([first], tables))]  # one CSV/JSON streamed in chunks
        streamed = facts_worker.wanted(path, reading.worker)
    if given:  # a --map naming no column of this file would be silently ignored: refuse it
        check_map_columns(given, [head.headers for head, _ in groups], path.name)
    pending: list = []  # (LoadRecord, batch generator, SheetReport)
    for head, chunks in groups:
        sheet_name = head.sheet
        sr = SheetReport(sheet_name, None, {})
        rep.sheets.append(sr)
        if store.is_loaded(sha, sheet_name):
            sr.status, sr.note = "already loaded", "this file was loaded before; nothing changed"
            continue
        source = f"{path.name}" + (f" [sheet {sheet_name}]" if sheet_name else "")
        if not head.headers or not any(h.strip() for h in head.headers):
            sr.status, sr.note = "skipped", "empty sheet"
            continue
        try:
            preamble, cells = getattr(head, "preamble", []), _cells(head)
            mapping = complete_statement(detect(head.headers, kind, overrides, source=source,
                                                titled=titled_kinds(preamble), sample=cells),
                                         preamble, source, path.name, reading.statement_account,
                                         sample=None if "account" in overrides.values() else cells)
        except UnknownKindError:
            if len(groups) > 1:
                sr.status, sr.note = "skipped", f"kind not detected from headers {head.headers!r}"
                continue
            raise
        sr.kind = mapping.kind
        mapping.month_first = _month_first(head, mapping)
        mapping.timezone = reading.timezone
        sr.mapping_notes = "; ".join(filter(None, [*mapping.notes, _month_first_note(mapping),
                                                   mapping.timezone and _zone_note(mapping.timezone)]))
        sr.mapping = mapping.describe()
        sr.turned_dates = _turned_note(getattr(head, "turned_dates", []), head.headers)
        rec = LoadRecord(uuid.uuid4().hex[:16], sha, str(path), path.stat().st_size, mapping.kind,
                         sheet_name, sr.mapping, case_id, _now())

        seen = FileRows(keep_duplicates, reading.statement_orders)
        cache: dict = {}  # normalised cells, shared by the chunks of the sheet
        if streamed:  # a large CSV/JSON: a second process reads and normalises while this one writes
            tables.close()
            batches = facts_worker.batches(path, head, mapping, case_id, seen, reading.chunk_rows, cache)
        else:
            batches = map(functools.partial(build_facts, mapping=mapping, case_id=case_id, seen=seen,
                                            cache=cache), chunks)
        pending.append((rec, _tally(batches, sr, store, rec), sr))
    if not any(s.status == "loaded" for s in rep.sheets) and all(s.status == "skipped" for s in rep.sheets):
        raise UnknownKindError(f"{path.name}: no sheet has headers graphfraud can map; "
                               + "; ".join(f"{s.sheet}: {s.note}" for s in rep.sheets))
    if pending:
        if progress is not None:
            stage(progress, "load.file", total=estimated_rows(path), unit="rows", detail=path.name)
        counts = store.write_file([(rec, gen) for rec, gen, _ in pending], progress=progress)
        for (_, _, sr), c in zip(pending, counts):
            if c.already_loaded:
                sr.status = "already loaded"
                sr.note = "loaded by another load running at the same time; nothing changed"
                continue
            sr.rows, sr.nodes_added, sr.edges_added = c.rows, c.nodes_added, c.edges_added
            sr.edges_seen, sr.rejects = c.edges_seen, c.rejects
            if c.rows and not c.nodes_added and not c.edges_added and c.edges_seen:
                sr.status = "already loaded"
                sr.note = "every fact in it was already in the store (from another file)"
            sr.note = "; ".join(filter(None, [
                sr.note, sr.duplicates and _duplicates_note(sr.duplicates, keep_duplicates),
                sr.dated_by_day and _day_note(sr.dated_by_day), sr.serial_dates and _serial_note(sr.serial_dates),
                sr.scientific_amounts and _scientific_note(sr.scientific_amounts), sr.turned_dates,
                sr.mapping_notes]))
    return rep


_DATE_FIELDS = frozenset({"timestamp", "report_date", "opened_at"})


def _month_first(head, mapping) -> list[int]:
    """The date columns of the sheet whose first rows show that they write the month first
    (:func:`graphfraud.normalize.date_order.month_first_column`): every chunk reads them so."""
    from graphfraud.normalize.date_order import month_first_column

    return sorted(i for i, f in mapping.columns.items() if f in _DATE_FIELDS and i < head.rows.shape[1]
                  and month_first_column(head.rows.iloc[:, i].unique().tolist()))


def _month_first_note(mapping) -> str:
    if not mapping.month_first:
        return ""
    cols = ", ".join(mapping.label(i) for i in mapping.month_first)
    return f"the dates of {cols} are written month first (6/27/2023): read so"


def _zone_note(name: str) -> str:
    return f"times written without a time zone are read as {name} (--timezone)"


def _cells(head, rows: int = 200):
    """Column index -> the text of its first ``rows`` cells (blank cells left out): what
    :func:`~graphfraud.loaders.detect.detect` reads of a column whose header alone does not settle it."""
    def sample(i: int) -> list[str]:
        if i >= head.rows.shape[1]:
            return []
        return [v for v in head.rows.iloc[:rows, i].tolist() if isinstance(v, str) and v.strip()]
    return sample


def _tally(batches, sr: SheetReport, store, rec: LoadRecord):
    """The batches, as they pass, adding up the rows that repeat earlier ones; then the links of the
    sheet's bare @handles to platform accounts with the same handle (see graphfraud.handle_links)
    and of its people to the same people of the store (see graphfraud.person_links)."""
    handles = HandleCollector()
    people = person_links.PersonCollector(rec.path, rec.sheet)
    for batch in batches:
        sr.duplicates += batch.duplicates
        sr.dated_by_day += batch.dated_by_day
        sr.serial_dates += batch.serial_dates
        sr.scientific_amounts += batch.scientific_amounts
        handles.add(batch)
        people.add(batch)
        yield batch
    for links in (link_batch(store, handles), person_links.link_batch(store, people)):
        if links is not None:
            yield links


def _duplicates_note(n: int, kept: bool) -> str:
    rows = "1 row repeats" if n == 1 else f"{n} rows repeat"
    if kept:
        return f"{rows} an earlier row of the file: each kept as its own fact (--keep-duplicates)"
    return f"{rows} an earlier row of the file: counted once (--keep-duplicates keeps each)"


def _day_note(n: int) -> str:
    rows = "1 row gives" if n == 1 else f"{n} rows give"
    return f"{rows} a date without a time of day: kept at 00:00 with time_precision day"


def _serial_note(n: int) -> str:
    what = "1 time cell is" if n == 1 else f"{n} time cells are"
    return f"{what} a spreadsheet's serial date number (45545 is 10/09/2024): read as that date"


def _scientific_note(n: int) -> str:
    rows = "1 amount is" if n == 1 else f"{n} amounts are"
    return (f"{rows} written in scientific notation (1.0E7): read as written and marked amount_notation "
            "scientific (a spreadsheet may have rounded its digits)")


def _turned_note(turned: list, headers: list[str]) -> str:
    """The date cells a spreadsheet had turned round (see graphfraud.loaders.turned_dates), the first
    three by row: ``row (column: as stored → as read)``, then ``…`` if there are more."""
    if not turned:
        return ""
    cells = ", ".join(f"{r} ({headers[c] if c is not None and c < len(headers) else '?'}: {stored[:10]} → {read[:10]})"
                      for r, c, stored, read in turned[:3])
    more = ", …" if len(turned) > 3 else ""
    what = "1 date cell" if len(turned) == 1 else f"{len(turned)} date cells"
    return (f"{what} that a spreadsheet had turned round (day and month) read as the dates written around "
            f"them, rows {cells}{more}")


def write_rejects_report(store) -> str | None:
    """Write every reject of the store to a CSV beside it (file, sheet, row, column, value, reason):
    at :meth:`~graphfraud.store.base.Store.rejects_report_path`, none for a store with no file.

    The rows go to a new file of an unpredictable name in the same folder (created exclusively,
    never through a link planted there), renamed over the report when complete: a link standing
    at the report's name is replaced, its target never written."""
    out = store.rejects_report_path()
    if out is None:
        return None
    rows = store.rejects()
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + out.name + ".", suffix=".tmp", dir=out.parent)
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["file", "sheet", "row", "column", "value", "reason", "load_id"])
            for r in rows:
                w.writerow([safe_cell(r[k]) for k in ("file", "sheet", "row", "column", "value", "reason",
                                                      "load_id")])
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as an ordinary new file would have
        os.replace(tmp, out)
    except OSError as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise StoreError(f"the load is stored, but the rejects report {out} could not be written: "
                         f"{exc.strerror}") from None
    return str(out)
