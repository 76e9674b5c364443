"""A table for people, drawn with box characters: columns as wide as their longest cell, narrowed to
the screen's width by folding the widest cells onto more lines.

Written here rather than with a general layout library: a 200-row neighbourhood took a third of a
second to lay out that way, longer than finding it. Widths count what a terminal shows: combining
accents (Vietnamese written decomposed) take no column, East Asian wide characters two.

>>> print(render(["account", "amount"], [["0912345678", "1.500.000 ₫"], ["VCB", "50.000 ₫"]], right={1}))
┏━━━━━━━━━━━━┳━━━━━━━━━━━━━┓
┃ account    ┃      amount ┃
┡━━━━━━━━━━━━╇━━━━━━━━━━━━━┩
│ 0912345678 │ 1.500.000 ₫ │
│ VCB        │    50.000 ₫ │
└────────────┴─────────────┘
>>> print(render(["note"], [["một hai ba bốn năm"]], width=12))
┏━━━━━━━━━━┓
┃ note     ┃
┡━━━━━━━━━━┩
│ một hai  │
│ ba bốn   │
│ năm      │
└──────────┘
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["cell_width", "fold", "render"]

MIN_COLUMN = 4   # a column is never folded narrower than this (or its longest word, if shorter)
PAD = 3          # "│ " before each cell and one space after it


@lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Columns ``text`` takes on a terminal.

    >>> cell_width("Số tiền"), cell_width("So\\u0301 tie\\u0302\\u0300n"), cell_width("中国银行")
    (7, 7, 8)
    """
    if text.isascii():
        return len(text)
    return sum(_char_width(c) for c in text)


def _cut(word: str, width: int) -> list[str]:
    """A word longer than ``width``, in pieces of at most ``width`` columns."""
    out, piece, used = [], "", 0
    for ch in word:
        w = _char_width(ch)
        if used + w > width and piece:
            out.append(piece)
            piece, used = "", 0
        piece += ch
        used += w
    return out + [piece]


def fold(text: str, width: int) -> list[str]:
    """``text`` on lines of at most ``width`` columns, broken at spaces where it can be.

    >>> fold("sao_ke.csv dòng 12", 10)
    ['sao_ke.csv', 'dòng 12']
    >>> fold("0912345678901", 5)
    ['09123', '45678', '901']
    """
    lines: list[str] = []
    for part in text.split("\n"):
        line, used = "", 0
        for word in part.split(" "):
            w = cell_width(word)
            if line and used + 1 + w <= width:
                line, used = f"{line} {word}", used + 1 + w
                continue
            if line or used:
                lines.append(line)
            pieces = _cut(word, width) if w > width else [word]
            lines.extend(pieces[:-1])
            line, used = pieces[-1], cell_width(pieces[-1])
        lines.append(line)
    return lines


def _widths(natural: list[int], floor: list[int], width: int) -> list[int]:
    """Column widths that fit ``width`` columns in all (borders included): the widest column gives
    way first, one column at a time, never below its floor."""
    widths = list(natural)
    room = width - (PAD * len(widths) + 1)
    while sum(widths) > room:
        k = max(range(len(widths)), key=lambda i: (widths[i] - floor[i] > 0, widths[i]))
        if widths[k] <= floor[k]:
            break   # nothing left to fold: the table is wider than the screen
        next_widest = max([w for i, w in enumerate(widths) if i != k] or [0])
        widths[k] -= min(widths[k] - floor[k], sum(widths) - room, max(1, widths[k] - next_widest))
    return widths


def _line(left: str, fill: str, mid: str, right: str, widths: list[int]) -> str:
    return left + mid.join(fill * (w + 2) for w in widths) + right


def _row(cells: list[list[str]], widths: list[int], right: set, bar: str) -> list[str]:
    out = []
    for k in range(max((len(c) for c in cells), default=1)):
        parts = []
        for j, (c, w) in enumerate(zip(cells, widths)):
            text = c[k] if k < len(c) else ""
            gap = " " * max(0, w - cell_width(text))
            parts.append(f" {gap}{text} " if j in right else f" {text}{gap} ")
        out.append(bar + bar.join(parts) + bar)
    return out


def render(headers: list[str], rows: list[list[str]], right: set | frozenset = frozenset(), width: int = 160) -> str:
    """The table of ``headers`` and ``rows`` (cells as text) in at most ``width`` columns where the
    cells can be folded to fit; the columns of ``right`` (by position) are right-aligned. No columns
    (an empty listing that names none): no table, the empty text."""
    if not headers:
        return ""
    natural = [max([cell_width(h)] + [cell_width(line) for r in rows for line in r[j].split("\n")])
               for j, h in enumerate(headers)]
    floor = [min(n, max(MIN_COLUMN, max(cell_width(w) for w in h.split(" ")))) for n, h in zip(natural, headers)]
    widths = _widths(natural, floor, width)
    out = [_line("┏", "━", "┳", "┓", widths)]
    out += _row([fold(h, w) for h, w in zip(headers, widths)], widths, right, "┃")
    out.append(_line("┡", "━", "╇", "┩", widths))
    for r in rows:
        out += _row([fold(c, w) for c, w in zip(r, widths)], widths, right, "│")
    out.append(_line("└", "─", "┴", "┘", widths))
    return "\n".join(out)
