"""The account a statement belongs to, when the file states it above the table.

Banks export one account's statement (sao kê) with a title block and then the rows::

    NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM
    SAO KÊ TÀI KHOẢN / ACCOUNT STATEMENT
    Số tài khoản: 0071001234567        Tên tài khoản: NGUYEN VAN A
    Ngày giao dịch | Số tiền ghi nợ | Số tiền ghi có | Tài khoản đối ứng | ...

The rows never repeat the account, so it is read from the block: a cell ``label: value``, or a label
cell followed by its value, where the label is one of the account (or bank) headers of
:data:`graphfraud.loaders.fields.ALIASES` (``Số tài khoản``, ``STK``, ``Account number``; bilingual
labels such as ``Số tài khoản / Account No.`` too). The value keeps the row it was read from, so
every transfer of the statement cites it.

A statement exported without its block (a table re-typed from a PDF, one file per account) is often
named after its account: ``Vietcombank-0011001932418-20240901-20240910.csv``. When neither a column
nor the block gives the account, the file name's one run of 8 to 19 digits that is not a date is
taken (:func:`stated_in_name`), and a bank name in it gives the bank; every transfer then cites the
file name. A statement whose account is in none of these places is refused with what to do, rather
than loaded with one side of every transfer missing.
"""

from __future__ import annotations

import re

from graphfraud.loaders.fields import ALIASES

from graphfraud.errors import UnknownKindError
from graphfraud.normalize.base import fold

__all__ = ["complete_statement", "stated_above", "stated_in_name", "titled_kinds"]

_LABELS = {
    "account": frozenset(fold(a) for a in (*ALIASES["account"], "account", "tai khoan so", "so tai khoan thanh toan",
                                           "a c no", "a c number", "account no.")),
    "bank": frozenset(fold(a) for a in (*ALIASES["bank"], "bank")),
    "subscriber": frozenset(fold(a) for a in (*ALIASES["subscriber"], "so dien thoai", "sdt", "phone number",
                                              "so thue bao di dong")),
}
# what a kind's rows may take from the title block when no column holds it
_WANTED = {"statements": ("account", "bank", "direction"), "calls": ("subscriber",)}
# a title that says which way every row's money went: "SAO KÊ ... (SỐ TIỀN CHUYỂN VÀO TK)"
_TITLE_WAY = (("in", ("chuyen vao", "tien vao", "ghi co", "tien den", "money in", "credits", "incoming")),
              ("out", ("chuyen ra", "chuyen di", "tien ra", "ghi no", "money out", "debits", "outgoing")))
_PHONE_LIKE = re.compile(r"\+?\d[\d .\-()]{6,}\d")
_SEP = re.compile(r"\s*[:：]\s*")
_ACCOUNT_LIKE = re.compile(r"[A-Za-z]{0,4}\d[\d .\-]{3,}\d")


def _field_of(label: str) -> str | None:
    """The field a title-block label names (any part of a bilingual ``vi / en`` label)."""
    for part in [label, *re.split(r"[/|]", label)]:
        f = fold(part)
        for field, names in _LABELS.items():
            if f in names:
                return field
    return None


def _pairs(cells: list[str]):
    """(label, value) pairs of one title-block row."""
    cells = [c.strip() for c in cells if c and c.strip()]
    for i, c in enumerate(cells):
        parts = _SEP.split(c, maxsplit=1)
        if len(parts) == 2 and parts[1]:
            yield parts[0], parts[1]
        elif i + 1 < len(cells) and (len(parts) == 2 or _field_of(c)):
            yield parts[0], cells[i + 1]


def _value(field: str, value: str) -> str | None:
    if field == "bank":
        return value
    found = (_PHONE_LIKE if field == "subscriber" else _ACCOUNT_LIKE).search(value)
    return found.group(0) if found else None


def stated_above(preamble: list[tuple[int, list[str]]]) -> dict[str, tuple[str, str]]:
    """field -> (value, label citing its row) for the account and bank the title block states
    (the first of each)."""
    out: dict[str, tuple[str, str]] = {}
    for row, cells in preamble:
        for label, raw in _pairs(cells):
            field = _field_of(label)
            value = _value(field, raw) if field else None
            if value and field not in out:
                out[field] = (value, f"{label} (row {row})")
    if "bank" not in out:
        title = _bank_title(preamble)
        if title:
            out["bank"] = title
    way = _title_way(preamble)
    if way:
        out["direction"] = way
    return out


def titled_kinds(preamble: list[tuple[int, list[str]]]) -> frozenset:
    """The kinds the block above a table supports beyond its headers: ``statements`` when the title
    says which way every row's money went (one amount column is then enough)."""
    return frozenset(("statements",)) if _title_way(preamble) else frozenset()


def _title_way(preamble: list[tuple[int, list[str]]]) -> tuple[str, str] | None:
    """``("in", label)`` when the title block says every row is money in ("SỐ TIỀN CHUYỂN VÀO TK"),
    ``("out", …)`` money out; None when it says neither, or both.

    >>> _title_way([(1, ["SAO KÊ TÀI KHOẢN (SỐ TIỀN CHUYỂN VÀO TK)"])])[0]
    'in'
    """
    found = {}
    for row, cells in preamble:
        text = f" {fold(' '.join(c for c in cells if c))} "
        for way, phrases in _TITLE_WAY:
            if any(f" {p} " in text for p in phrases):
                found.setdefault(way, f"{' '.join(c.strip() for c in cells if c and c.strip())} (row {row})")
    return next(iter(found.items())) if len(found) == 1 else None


def _bank_title(preamble: list[tuple[int, list[str]]]) -> tuple[str, str] | None:
    """A title line that is a known bank's name ("NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM")."""
    from graphfraud.errors import InvalidValue
    from graphfraud.normalize import normalize

    for row, cells in preamble:
        filled = [c.strip() for c in cells if c and c.strip()]
        if len(filled) != 1 or _SEP.search(filled[0]):
            continue
        try:
            known = normalize("bank", filled[0]).props.get("known", True)
        except (InvalidValue, ValueError):
            continue
        if known:
            return filled[0], f"{filled[0]} (row {row})"
    return None


_DIGIT_RUN = re.compile(r"(?<!\d)\d{8,19}(?!\d)")
_NAME_PART = re.compile(r"[A-Za-z]+")
NAME_LABEL = "{name} (tên tệp / file name)"
BANK_LABEL = "{name} (ngân hàng trong tên tệp / bank in the file name)"
GIVEN_LABEL = "--account (dòng lệnh / command line)"


def _is_date(run: str) -> bool:
    """An 8-digit run that is a date (``20240901``, ``01092024``), or a 12- or 14-digit date and time."""
    from datetime import datetime

    shapes = {8: ("%Y%m%d", "%d%m%Y"), 12: ("%Y%m%d%H%M", "%d%m%Y%H%M"), 14: ("%Y%m%d%H%M%S", "%d%m%Y%H%M%S")}
    for shape in shapes.get(len(run), ()):
        try:
            if 1970 <= datetime.strptime(run, shape).year <= 2100:
                return True
        except ValueError:
            continue
    return False


def stated_in_name(file_name: str) -> dict[str, tuple[str, str]]:
    """field -> (value, label) for the account and bank a statement's file name states: its one run of
    8 to 19 digits that is not a date, and its one word that is a known bank.

    >>> stated_in_name("Vietcombank-0011001932418-20240901-20240910_parsed_001.csv")["account"][0]
    '0011001932418'
    >>> stated_in_name("Agribank-1500201113838-20240901-20240912.csv")["bank"][0]
    'Agribank'
    >>> stated_in_name("sao_ke_20240901_20240930.xlsx"), stated_in_name("sk_0011001932418_0071001234567.csv")
    ({}, {})
    """
    from graphfraud.errors import InvalidValue
    from graphfraud.normalize import normalize

    stem = file_name.rsplit(".", 1)[0]
    out: dict[str, tuple[str, str]] = {}
    runs = [r for r in _DIGIT_RUN.findall(stem) if not _is_date(r)]
    if len(runs) == 1:
        out["account"] = (runs[0], NAME_LABEL.format(name=file_name))
    banks = set()
    for word in _NAME_PART.findall(stem):
        try:
            if len(word) > 2 and normalize("bank", word).props.get("known", True):
                banks.add(word)
        except (InvalidValue, ValueError):
            continue
    if len(banks) == 1 and "account" in out:
        out["bank"] = (banks.pop(), BANK_LABEL.format(name=file_name))
    return out


def complete_statement(mapping, preamble: list[tuple[int, list[str]]], source: str, file_name: str | None = None,
                       account: str | None = None, sample=None):
    """``mapping`` with what its rows need from the title block when no column holds it: a statement's
    account (and bank; else from the file name ``file_name``; else ``account``, what ``load --account``
    says), a subscriber's number above a list of calls; refused when the statement's account is nowhere
    (a list of calls without its subscriber keeps each row's reject), or when ``account`` is not the
    one the file states. ``sample`` (column index -> some of its cells): an account column none of whose
    cells is the account stated above the table (a ledger code, ``131``) is not the statement's."""
    wanted = _WANTED.get(mapping.kind, ())
    if mapping.kind == "statements" and sample is not None:
        _column_not_the_account(mapping, preamble, sample)
    mapped = set(mapping.columns.values())
    if not wanted or (mapping.kind == "calls" and mapped & {"caller", "callee", "subscriber"}):
        return mapping
    found = {f: v for f, v in stated_above(preamble).items() if f not in mapped and f in wanted}
    if mapping.kind == "statements" and "account" not in mapped and "account" not in found and file_name:
        found.update({f: v for f, v in stated_in_name(file_name).items() if f not in mapped and f not in found})
    if mapping.kind == "statements" and account is not None:
        _given_account(mapping, found, account, source)
    mapping.constants.update(found)
    if mapping.kind == "statements" and "account" not in mapped and "account" not in found:
        raise UnknownKindError(
            f"{source}: a statement's rows need the account they belong to: no column maps to account and "
            "no line above the table names it (\"Số tài khoản: …\" or \"Account number: …\") nor does the "
            "file name; add that line or an account column, or map a column with --map "
            "\"SOURCE COLUMN=account\", or name it with --account")
    return mapping


def _account_value(text: str) -> str | None:
    """An account number as every account is normalised, or None where the text is none."""
    from graphfraud.errors import InvalidValue
    from graphfraud.normalize import normalize

    try:
        return normalize("account", text).value
    except InvalidValue:
        return None


def _column_not_the_account(mapping, preamble: list[tuple[int, list[str]]], sample) -> None:
    """A statement whose title block states its account, and whose column mapped to ``account`` holds
    none of it in its first cells (a company's ledger code ``131``, ``844`` under ``Tài khoản``): the
    rows are the stated account's, and that column is kept as written, with a note."""
    col = next((i for i, f in mapping.columns.items() if f == "account"), None)
    stated = stated_above(preamble).get("account")
    if col is None or stated is None:
        return
    cells = {_account_value(v) for v in sample(col)} - {None}
    if not cells or _account_value(stated[0]) in cells:
        return
    label = mapping.label(col)
    del mapping.columns[col]
    mapping.extra[col] = label
    mapping.notes.append(f"the column {label!r} does not hold the account stated above the table "
                         f"({stated[1]}): its rows are that account's, and the column is kept as written")


def _given_account(mapping, found: dict, account: str, source: str) -> None:
    """``load --account`` (normalised): the statement's account where the file states none; the file is
    refused where it states another (a column of accounts, the title block or the file name)."""
    from graphfraud.errors import InputError

    if "account" in mapping.columns.values():
        column = next(mapping.label(i) for i, f in mapping.columns.items() if f == "account")
        raise InputError(f"{source}: --account is for a statement that states no account, and its column "
                         f"{column!r} states one on every row")
    if "account" in found:
        value, label = found["account"]
        stated = _account_value(value) or value
        if stated != account:
            raise InputError(f"{source}: --account {account} is not the account the file states ({stated}, {label})")
        return
    found["account"] = (account, GIVEN_LABEL)
