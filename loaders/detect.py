"""Detect a table's kind and map its columns to canonical fields.

Headers are compared after folding accents, case, spacing and punctuation, so
"Số tài khoản", "SO TAI KHOAN" and "so_tai_khoan" are the same header. A header
written as one word in camel case ("TransactionDetails", "TNXDate", "OffsetAccount")
that matches no alias whole is read as its words (:func:`header_words`).
``--map "SOURCE COLUMN=field"`` and mapping profiles override single columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import tomllib
from graphfraud.loaders.concepts import concept_field
from graphfraud.loaders.fields import (
    ALIASES,
    CHECKED_ALIASES,
    IGNORED_HEADERS,
    KIND_SIGNATURES,
    KINDS,
    OTHER_SIDE,
    SIDE_ACCOUNT_AFTER,
    SIDE_ACCOUNT_HEADERS,
    SIGN_HEADERS,
    WEAK_SIGNATURES,
)

from graphfraud.errors import UnknownKindError, UsageError
from graphfraud.normalize.base import fold
from graphfraud.normalize.direction import is_way_column


@dataclass
class Mapping:
    """How one table maps to a kind: column index -> canonical field."""

    kind: str
    columns: dict[int, str]  # column position -> field
    headers: list[str]
    extra: dict[int, str] = field(default_factory=dict)  # unmapped column position -> header (kept as props)
    ignored: list[int] = field(default_factory=list)  # column positions read as nothing
    # field -> (value, label) stated once for every row, above the table (a statement's account)
    constants: dict[str, tuple[str, str]] = field(default_factory=dict)
    # date columns that write the month first (graphfraud.normalize.date_order), read so
    month_first: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the load's note says of the mapping
    timezone: str | None = None  # load --timezone: the zone of the times the file writes without one

    def label(self, i: int) -> str:
        """Column ``i``'s header, with its position when another column has the same header."""
        h = self.headers[i]
        return f"{h} (column {i + 1})" if self.headers.count(h) > 1 else h

    def describe(self) -> dict:
        out = {
            "kind": self.kind,
            "columns": {self.label(i): f for i, f in sorted(self.columns.items())},
            "kept_as_properties": [self.extra[i] for i in sorted(self.extra)],
        }
        if self.ignored:
            out["ignored"] = [self.label(i) for i in self.ignored]
        if self.timezone:
            out["timezone"] = self.timezone
        if self.month_first:
            out["month_first_dates"] = [self.label(i) for i in self.month_first]
        if self.constants:
            out["above_the_table"] = {label: {"field": f, "value": v} for f, (v, label) in self.constants.items()}
        return out


@cache
def _alias_index() -> dict[str, dict[str, str]]:
    """kind -> {folded alias -> field}."""
    out: dict[str, dict[str, str]] = {}
    for kind, fields_ in KINDS.items():
        idx: dict[str, str] = {}
        for f in fields_:
            idx.setdefault(fold(f.replace("_", " ")), f)
            for a in ALIASES.get(f, ()):
                idx.setdefault(fold(a), f)
        # headers of signs only ("+/-"), which folding empties, by their signs: no folded alias looks so
        idx.update({signs: f for signs, f in SIGN_HEADERS.items() if f in fields_})
        out[kind] = idx
    return out


_SIDE_HEADERS = frozenset(fold(h) for h in SIDE_ACCOUNT_HEADERS)
_IGNORED = frozenset(fold(h) for h in IGNORED_HEADERS)


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def header_words(header: str) -> str:
    """A camel-case header split into its words (``TransactionDetails`` -> ``Transaction Details``,
    ``TNXDate`` -> ``TNX Date``); any other header as it is.

    >>> header_words("OffsetAccount"), header_words("DebitAmount"), header_words("Số tài khoản")
    ('Offset Account', 'Debit Amount', 'Số tài khoản')
    """
    return _CAMEL.sub(" ", header) if any(c.islower() for c in header) else header


def _alias_field(idx: dict[str, str], h: str) -> str | None:
    """The field an alias names: the header folded whole, else its camel-case words; a header of signs
    only (``+/-``) by :data:`SIGN_HEADERS`, where the kind has that field."""
    f = idx.get(fold(h)) or idx.get("".join(h.split()))
    if f is None and (words := header_words(h)) != h:
        f = idx.get(fold(words))
    return f


_MANGLED = re.compile(r"^(.+)\.(\d+)$")


def unmangled(headers: list[str]) -> list[str]:
    """The headers as written before pandas saved the file: it renames a repeated header
    ``Account`` to ``Account.1``, ``Account.2``, ... A header ``X.N`` is read as ``X`` only where
    ``X`` is an earlier header of the same row.

    >>> unmangled(["From Bank", "Account", "To Bank", "Account.1", "Version 2.1"])
    ['From Bank', 'Account', 'To Bank', 'Account', 'Version 2.1']
    """
    out = []
    for i, h in enumerate(headers):
        m = _MANGLED.match(h)
        out.append(m.group(1) if m and m.group(1) in headers[:i] else h)
    return out


def _match(kind: str, headers: list[str], sample=None, other_side: bool = False) -> dict[int, str]:
    idx = _alias_index()[kind]
    cols: dict[int, str] = {}
    used: set[str] = set()
    headers = unmangled(headers)
    for i, h in enumerate(headers):
        f = _alias_field(idx, h)
        if f and f not in used:
            cols[i] = f
            used.add(f)
        elif f is None and i and fold(h) in _SIDE_HEADERS:  # "From Bank, Account, To Bank, Account"
            side = SIDE_ACCOUNT_AFTER.get(cols.get(i - 1, ""))
            if side in KINDS[kind] and side not in used:
                cols[i] = side
                used.add(side)
    if other_side:
        _other_side(kind, headers, cols, used)
    if sample is not None:
        _checked_by_values(kind, headers, cols, used, sample)
    for i, h in enumerate(headers):  # a header no alias names whole: the field its words name
        if i not in cols and fold(h) not in _IGNORED:
            f = concept_field(header_words(h), [g for g in KINDS[kind] if g not in used])
            if f:
                cols[i] = f
                used.add(f)
    _second_time(kind, headers, cols, idx)
    return cols


def _named_by(header: str, names: frozenset) -> bool:
    """The header, folded whole or as its camel-case words (``account_to``, ``transferType``), is one of
    ``names`` (folded)."""
    return fold(header) in names or fold(header_words(header)) in names


def _other_side(kind: str, headers: list[str], cols: dict[int, str], used: set[str]) -> None:
    """One side's account named (``account_to``) and one column naming an account with no side
    (``account_id``): that column is the other side's. Tried only when no kind fits the headers
    otherwise (``Tài khoản ghi nợ, Địa chỉ IP, STK`` stays a log-in file)."""
    for side, other in OTHER_SIDE.items():
        if side in used and other not in used and other in KINDS[kind]:
            plain = [i for i, h in enumerate(headers) if i not in cols and fold(h) not in _IGNORED
                     and _named_by(h, _SIDE_HEADERS)]
            if len(plain) == 1:
                cols[plain[0]] = other
                used.add(other)


def _checked_by_values(kind: str, headers: list[str], cols: dict[int, str], used: set[str], sample) -> None:
    """Headers of :data:`~graphfraud.loaders.fields.CHECKED_ALIASES` name their field where the
    column's cells (``sample(i)``: some of them) fit it: ``transferType`` of in/out is a direction."""
    for f, names in _checked_aliases().items():
        if f not in KINDS[kind] or f in used:
            continue
        for i, h in enumerate(headers):
            if i not in cols and _named_by(h, names) and _FITS[f](sample(i)):
                cols[i] = f
                used.add(f)
                break


@cache
def _checked_aliases() -> dict[str, frozenset]:
    return {f: frozenset(fold(a) for a in names) for f, names in CHECKED_ALIASES.items()}


_FITS = {"direction": is_way_column}

_TIME_WORDS = frozenset(("time", "gio", "thoi"))
_DATE_WORDS = frozenset(("date", "ngay", "datetime", "day"))


def _second_time(kind: str, headers: list[str], cols: dict[int, str], idx: dict[str, str]) -> None:
    """A second column that would name the timestamp and names a time, not a date ("Date" | "Time",
    "Ngày" | "Giờ", "Ngày GD" | "Thời gian"), is the time of day of the first: the facts join the two
    (:meth:`graphfraud.facts._Builder._column`). In the other order ("Time" | "Date") the time column
    is the time of day and the date the timestamp. A time-of-day column alone is the timestamp."""
    if "time_of_day" not in KINDS[kind]:
        return
    mapped = set(cols.values())
    if "time_of_day" in mapped and "timestamp" not in mapped:
        cols[next(i for i, f in cols.items() if f == "time_of_day")] = "timestamp"
        return
    if "timestamp" not in mapped or "time_of_day" in mapped:
        return
    ts = next(i for i, f in cols.items() if f == "timestamp")

    def other(these, not_these):
        return next((i for i, h in enumerate(headers) if i not in cols and _names(h, these, not_these) and (
            _alias_field(idx, h) == "timestamp" or concept_field(header_words(h), ["timestamp"]))), None)

    # "Time" | "Date" (SAML-D): the time came first and took the timestamp; the date is the timestamp
    if _names(headers[ts], _TIME_WORDS, _DATE_WORDS) and (day := other(_DATE_WORDS, _TIME_WORDS)) is not None:
        cols[ts], cols[day] = "time_of_day", "timestamp"
    elif (clock := other(_TIME_WORDS, _DATE_WORDS)) is not None:
        cols[clock] = "time_of_day"


def _names(header: str, these: frozenset, not_these: frozenset) -> bool:
    """The header has a word of ``these`` and none of ``not_these`` (a time and no date, say)."""
    words = set(fold(header_words(header)).split())
    return bool(words & these) and not words & not_these


def header_score(cells: list[str]) -> int:
    """How well a candidate header row maps to fields (for finding the header row)."""
    return max((len(_match(k, cells)) for k in KINDS), default=0)


def _signature_ok(kind: str, mapped: set[str], weak: bool = False) -> bool:
    groups = KIND_SIGNATURES[kind] + (WEAK_SIGNATURES.get(kind, ()) if weak else ())
    return any(all(f in mapped for f in group) for group in groups)


def parse_map_options(items: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Parse ``--map "SOURCE COLUMN=field"`` options into {folded source header: field}."""
    out: dict[str, str] = {}
    all_fields = {f for fs in KINDS.values() for f in fs}
    for item in items:
        src, sep, dst = item.rpartition("=")
        src, dst = src.strip(), dst.strip()
        if not sep or not src or not dst:
            raise UsageError(f'--map expects "SOURCE COLUMN=field", got {item!r}')
        if dst not in all_fields and dst != "-":
            raise UsageError(f"--map {item!r}: unknown field {dst!r}; see `graphfraud fields`")
        out[fold(src)] = dst
    return out


def read_profile(path: Path) -> tuple[str | None, dict[str, str]]:
    """A mapping profile (TOML): ``kind = "transactions"`` and a ``[columns]`` table."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"cannot read mapping profile {path}: {exc}") from None
    except (UnicodeDecodeError, RecursionError):
        raise UsageError(f"cannot read mapping profile {path}: not a TOML text file (UTF-8) of kind and "
                         "[columns]") from None
    kind = data.get("kind")
    if kind is not None and (not isinstance(kind, str) or kind not in KINDS):
        raise UsageError(f"{path}: unknown kind {kind!r}; known: {', '.join(KINDS)}")
    cols = data.get("columns", {})
    if not isinstance(cols, dict) or not all(isinstance(v, str) for v in cols.values()):
        raise UsageError(f"{path}: [columns] must be a table of \"source column\" = \"field\" lines")
    return kind, parse_map_options([f"{k}={v}" for k, v in cols.items()])


def write_profile(path: Path, mapping: Mapping) -> None:
    """Save a mapping for reuse with ``--mapping``."""
    lines = [f'kind = "{mapping.kind}"', "", "[columns]"]
    for i, f in sorted(mapping.columns.items()):
        h = mapping.headers[i].replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'"{h}" = "{f}"')
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def detect(headers: list[str], kind: str | None = None, overrides: dict[str, str] | None = None,
           source: str = "file", titled: frozenset = frozenset(), sample=None) -> Mapping:
    """Choose the kind (unless given) and map columns; refuse with a helpful message. ``titled``: the
    kinds whose weak signatures (:data:`graphfraud.loaders.fields.WEAK_SIGNATURES`) the block above
    the table supports (a statement whose title says which way every row's money went). ``sample``:
    column index -> some of its cells (text), for the headers that name a field only where the cells
    fit it (:data:`graphfraud.loaders.fields.CHECKED_ALIASES`); None reads no cells."""
    overrides = overrides or {}
    if kind is not None and kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")

    def mapped_for(k: str, other_side: bool = False) -> dict[int, str]:
        cols = _match(k, headers, sample, other_side)
        for i, h in enumerate(headers):
            f = overrides.get(fold(h))
            if f == "-":
                cols.pop(i, None)
            elif f and f in KINDS[k]:
                for j in [j for j, g in cols.items() if g == f and j != i]:
                    del cols[j]
                cols[i] = f
        return cols

    candidates = [kind] if kind else list(KINDS)
    scored = []
    for k in candidates:
        cols = mapped_for(k)
        ok = _signature_ok(k, set(cols.values()), weak=k == kind or k in titled)
        scored.append((ok, len(cols), -list(KINDS).index(k), k, cols))
    scored.sort(reverse=True)
    if not scored[0][0]:   # no kind fits: a lone account column may be the other side of a transfer
        for k in candidates:
            cols = mapped_for(k, other_side=True)
            if _signature_ok(k, set(cols.values()), weak=k == kind or k in titled):
                scored.insert(0, (True, len(cols), -list(KINDS).index(k), k, cols))
                break
    ok, _, _, best, cols = scored[0]
    if not ok and kind:
        have = set(cols.values())
        need = " or ".join("+".join(g) for g in KIND_SIGNATURES[kind] + WEAK_SIGNATURES.get(kind, ()))
        # the fields missing from the way of naming the kind that the file comes closest to
        missing = min(([f for f in g if f not in have] for g in KIND_SIGNATURES[kind] + WEAK_SIGNATURES.get(kind, ())),
                      key=len)
        raise UnknownKindError(
            f"{source}: a {kind} file needs columns for {need}; no column maps to {', '.join(missing)}. "
            f"Its headers: {headers!r}. Map a column with --map \"SOURCE COLUMN=field\" "
            f"(see `graphfraud fields`).")
    if not ok:
        need = "; ".join(f"{k}: {' or '.join('+'.join(g) for g in KIND_SIGNATURES[k])}" for k in KINDS)
        raise UnknownKindError(
            f"{source}: cannot tell what kind of file this is from its headers {headers!r}. "
            f"Needed columns — {need}. Name the kind with --kind and map columns with "
            f'--map "SOURCE COLUMN=field" (see `graphfraud fields`).'
        )
    ignored = [i for i, h in enumerate(headers) if i not in cols and fold(h) in _IGNORED]
    m = Mapping(best, cols, headers, {}, ignored)
    # a time-of-day column is also kept as written: when its cells are no time of day (a logout time
    # beside a login time) they are not joined to the timestamp, and nothing of them is lost
    m.extra = {i: m.label(i) for i, h in enumerate(headers)
               if (i not in cols or cols[i] == "time_of_day") and h.strip() and i not in ignored}
    return m



def check_map_columns(overrides: dict[str, str], header_rows: list[list[str]], source: str) -> None:
    """Refuse ``--map`` options naming a column that no table of the file has, naming the closest header."""
    import difflib

    have = {fold(h): h for headers in header_rows for h in headers if h.strip()}
    for src, dst in overrides.items():
        if src in have:
            continue
        close = difflib.get_close_matches(src, list(have), n=1, cutoff=0.0)
        hint = f"; the closest header is {have[close[0]]!r}" if close else ""
        raise UsageError(f'{source}: --map "{src}={dst}" names a column this file does not have{hint}. '
                         f"Its headers: {', '.join(repr(h) for h in have.values())}")
