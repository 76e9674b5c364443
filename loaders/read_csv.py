"""The line-counting CSV reader: every line of a file is accounted for.

Each row read keeps the number of the line it starts on; blank rows are skipped. A row is
*rejected* (a reject naming its line, and no cell of it loaded) when the cell a quote opens on
its line does not close within ``MAX_ROW_LINES`` lines or before the end of the file: a stray
quote (``"ck`` in a description) would otherwise swallow every row after it into one cell. The
line after the rejected one is read as the next row, so the rows after a stray quote load, and
the outcome is the same however much text follows the quote.

UTF-8 and cp1258 files are decoded line by line: a line that is valid UTF-8 is read as UTF-8,
any other line as cp1258 (a file whose rows were appended by two programs); a line that is
neither refuses the file, naming the line.
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from graphfraud.errors import EncodingError, InputError

MAX_ROW_LINES = 100  # a quoted cell may hold line breaks; a row spanning more lines is a stray quote
MAX_ROW_CHARS = 4 << 20  # nor may the lines of one row hold more text than this
BYTE_ENCODINGS = ("utf-8", "utf-8-sig", "cp1258")  # decoded line by line

csv.field_size_limit(max(csv.field_size_limit(), 64 << 20))  # one cell of a long line is read, not refused


def physical_lines(path: Path, encoding: str, block: int = 1 << 20) -> Iterator[str]:
    """The lines of the file, each with its line end (\\n, \\r\\n or a lone \\r), as text."""
    if encoding not in BYTE_ENCODINGS:
        with open(path, encoding=encoding, newline="") as fh:
            try:
                yield from fh
            except UnicodeDecodeError as exc:
                raise EncodingError(f"{path.name}: invalid {encoding} text near byte {exc.start}") from None
        return
    n = 0
    for raw in _byte_lines(path, block):
        n += 1
        if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        yield _decode(raw, n, path)


def _byte_lines(path: Path, block: int) -> Iterator[bytes]:
    carry = b""
    with open(path, "rb") as fh:
        while True:
            data = fh.read(block)
            if not data:
                break
            lines = (carry + data).splitlines(keepends=True)
            carry = lines.pop()
            yield from lines
            if carry.endswith(b"\n"):  # whole; a trailing \r or unterminated text may go on in the next block
                yield carry
                carry = b""
    if carry:
        yield from carry.splitlines(keepends=True)


def _decode(raw: bytes, n: int, path: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1258")
    except UnicodeDecodeError:
        raise EncodingError(f"{path.name}: line {n} is neither UTF-8 nor cp1258 text; save the file as UTF-8") \
            from None


class _Runaway(Exception):
    """A row whose quoted cell does not close: raised from the line feed into the csv reader."""


class _Feed:
    """Lines for a csv reader, holding those of the row being read; refuses to give more when the
    row grows past the limits, or ends with the file inside a quoted cell."""

    def __init__(self, lines: Iterator[str]):
        self.src = iter(lines)
        self.again: deque[str] = deque()
        self.held: list[str] = []
        self.chars = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.held and (len(self.held) >= MAX_ROW_LINES or self.chars > MAX_ROW_CHARS):
            raise _Runaway(f"does not close within {MAX_ROW_LINES} lines")
        if self.again:
            line = self.again.popleft()
        else:
            try:
                line = next(self.src)
            except StopIteration:
                if self.held:
                    raise _Runaway("does not close before the end of the file") from None
                raise
        self.held.append(line)
        self.chars += len(line)
        return line

    def row_done(self) -> int:
        n = len(self.held)
        self.held, self.chars = [], 0
        return n

    def drop_first(self) -> None:
        """Give the lines of a rejected row after its first line again: they are read as rows."""
        self.again.extendleft(reversed(self.held[1:]))
        self.held, self.chars = [], 0


def records(lines: Iterator[str], delim: str) -> Iterator[tuple[int, list[str] | None, str]]:
    """(line the row starts on, its cells, "") per row; (line, None, reason) for a rejected row."""
    feed = _Feed(lines)
    line = 0
    while True:
        reader = csv.reader(feed, delimiter=delim)
        try:
            for rec in reader:
                start = line + 1
                line += feed.row_done()
                yield start, rec, ""
            return
        except _Runaway as exc:
            reason = f"unbalanced quote: the cell a quote opens on this line {exc}; the row is not loaded"
        except csv.Error as exc:
            reason = f"not readable as CSV ({exc}); the row is not loaded"
        line += 1
        feed.drop_first()
        yield line, None, reason


def read_tolerant(path: Path, encoding: str, delim: str, skip: int, headers: list[str],
                  done_lines: int = 0, chunk_rows: int = 200_000) -> Iterator:
    """The tables of a CSV whose first ``skip`` rows (blank ones included) are the header and the rows
    above it; the rows up to line ``done_lines`` were read already (by the fast reader)."""
    from graphfraud.loaders.read import Table, _frame

    width = len(headers)
    buf: list[list[str]] = []
    nums: list[int] = []
    ragged: list[tuple[int, str]] = []
    yielded = 0
    for i, (start, rec, reason) in enumerate(records(physical_lines(path, encoding), delim)):
        if i < skip or start <= done_lines:
            continue
        if rec is None:
            ragged.append((start, reason))
            rec = []
        elif not any(c.strip() for c in rec):
            continue
        elif len(rec) > width and any(c.strip() for c in rec[width:]):
            ragged.append((start, f"row has {len(rec)} fields, the header has {width}"))
        buf.append(rec)
        nums.append(start)
        if len(buf) >= chunk_rows:
            yield Table(path, "", headers, _frame(buf, width), nums[0], ragged, rownums=nums)
            yielded += len(buf)
            buf, nums, ragged = [], [], []
    if buf:
        yield Table(path, "", headers, _frame(buf, width), nums[0], ragged, rownums=nums)
    elif not yielded and not done_lines:
        raise InputError(f"{path.name}: no rows below the header (line {skip})")


def head_text(path: Path, encoding: str, size: int = 64 * 1024) -> str:
    """The first lines of the file (about ``size`` characters), decoded as the reader decodes them."""
    parts: list[str] = []
    total = 0
    for line in physical_lines(path, encoding):
        parts.append(line)
        total += len(line)
        if total >= size:
            break
    return "".join(parts)
