"""Identifiers and names inside free text, for ``--redact`` (see :mod:`graphfraud.privacy`).

Free text — narratives, transfer descriptions, notes — names people and
carries identifiers in every spelling. :func:`identifiers` finds candidate
e-mail addresses, web addresses (social-network profiles among them), IP
addresses (v4, v6, mapped, with ports) and @handles by their shape and keeps
those the project's own normalisers accept, each with the canonical value the
graph would give it, so a redacted text carries the same pseudonym as the node.

:class:`Names` matches known names whatever their case and accents
("TRAN VAN BAO" is "Trần Văn Bảo") and, with ``guess``, Vietnamese names not
seen elsewhere: a family name followed by one to three capitalised words, with
Vietnamese marks or all in capitals (``LE VAN TAM`` in a bank's description).

>>> [(t, v) for _, _, t, v in identifiers("mail Bao.Tran@Gmail.com, ip ::ffff:113.160.22.33 @baotran99")]
[('email', 'bao.tran@gmail.com'), ('ip', '113.160.22.33'), ('social', 'unknown:baotran99')]
>>> n = Names()
>>> n.add("Trần Văn Bảo", "person-1")
>>> n.replace("CK cho TRAN VAN BAO ngày 5", lambda name: "person-?")
'CK cho person-1 ngày 5'
>>> n.replace("gặp Lê Văn Tám ở Hồ Chí Minh", lambda name: "person-2", guess=True)
'gặp person-2 ở Hồ Chí Minh'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from graphfraud.normalize.base import fold

_CLOSE = r"[^\s<>\"'()\[\]{}|,;]"
_CANDIDATES = re.compile(
    r"(?P<email>[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+)"
    rf"|(?P<url>(?:(?:https?|hxxps?)://|www\.){_CLOSE}+|\b(?:[a-z0-9\-]+\.)+[a-z]{{2,}}/{_CLOSE}*)"
    r"|(?P<ip>(?<![\w.:])(?:(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?"
    r"|(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?)(?![\w.:]))"
    r"|(?P<handle>(?<![\w@.])@[A-Za-z0-9_][A-Za-z0-9_.]{2,63})",
    re.IGNORECASE,
)


def _normal(type_: str, text: str) -> str | None:
    from graphfraud.errors import InvalidValue
    from graphfraud.normalize import normalize

    try:
        return normalize(type_, text).value
    except (InvalidValue, ValueError):
        return None


def identifiers(text: str) -> list[tuple[int, int, str, str]]:
    """``(start, end, type, value)`` of each identifier in ``text`` that a normaliser accepts;
    a web address the normalisers refuse is still a ``url`` (its text as written)."""
    out = []
    for m in _CANDIDATES.finditer(text):
        kind = m.lastgroup
        raw = m.group(0).rstrip(".:")
        end = m.start() + len(raw)
        if kind == "email":
            v = _normal("email", raw)
            found = ("email", v) if v else None
        elif kind == "ip":
            v = _normal("ip", raw)
            found = ("ip", v) if v and any(c.isdigit() for c in raw) else None
        elif kind == "handle":
            v = _normal("social", raw)
            found = ("social", v) if v else None
        else:
            social = _normal("social", raw)
            if social and not social.startswith("unknown:"):
                found = ("social", social)
            else:
                found = ("url", _normal("url", raw) or raw)
        if found:
            out.append((m.start(), end, *found))
    return out


# family names borne by most people in Vietnam: a capitalised word after one of them starts a name
SURNAMES = frozenset(fold(s) for s in (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
    "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Tạ", "Lương", "Cao", "Lâm", "Đoàn", "Vương",
    "Trương", "Tô", "Hà", "Châu", "Quách", "Thái", "Kiều", "Lại", "Tăng", "Triệu", "Chu", "Đào",
    "Hứa", "Khúc", "Mạc", "Phùng", "Tiêu", "Văn", "Lưu", "Từ", "Diệp", "Âu", "Doãn", "Giáp",
))
# places that read like a name: a family name and a capitalised word
PLACES = frozenset(fold(s) for s in (
    "Hồ Chí Minh", "TP Hồ Chí Minh", "Hà Nội", "Hà Nam", "Hà Giang", "Hà Tĩnh", "Hà Đông", "Hạ Long",
    "Cao Bằng", "Cao Lãnh", "Lâm Đồng", "Mai Châu", "Châu Đốc", "Tô Lịch", "Hà Tiên",
))
_WORD = re.compile(r"[^\W\d_]+")
_GAP = re.compile(r"[ \t_]+")
MAX_WORDS = 10  # the longest known name matched (company names run long)


@functools.lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    return fold(word)


class Names:
    """Names to replace in text, matched on their folded form (case and accents ignored)."""

    def __init__(self):
        self._known: dict[str, str] = {}
        self._firsts: set[str] = set()  # the first word of each known name

    def add(self, name: str, token: str) -> None:
        key = fold(name)
        if len(key.split()) >= 2 and len(key) >= 5:
            self._known.setdefault(key, token)
            self._firsts.add(key.split()[0])

    def __len__(self) -> int:
        return len(self._known)

    def replace(self, text: str, token_of: Callable[[str], str], guess: bool = False) -> str:
        """``text`` with known names replaced by their tokens and (``guess``) likely Vietnamese
        names by ``token_of(name)``."""
        if not self._known and not guess:
            return text
        words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
        if len(words) < 2:
            return text
        folded = [_fold_word(w) for _, _, w in words]
        starts = self._firsts | SURNAMES if guess else self._firsts
        out, last, i = [], 0, 0
        while i < len(words) - 1:
            hit = self._match(text, words, folded, i, token_of, guess) if folded[i] in starts else None
            if hit is None:
                i += 1
                continue
            j, token = hit
            out += [text[last:words[i][0]], token]
            last, i = words[j][1], j + 1
        return "".join(out) + text[last:] if out else text

    def _match(self, text, words, folded, i, token_of, guess):
        """(index of the last word, token) of the name starting at word ``i``, if any."""
        run = i
        while run + 1 < len(words) and run - i + 1 < MAX_WORDS and _GAP.fullmatch(
                text[words[run][1]:words[run + 1][0]]):
            run += 1
        for j in range(run, i, -1):
            key = " ".join(folded[i:j + 1])
            if key in self._known:
                return j, self._known[key]
        if not guess or folded[i] not in SURNAMES or not words[i][2][0].isupper():
            return None
        j = i
        while j + 1 <= run and j - i < 3 and words[j + 1][2][0].isupper():
            j += 1
        if j == i or any(" ".join(folded[i:k + 1]) in PLACES for k in range(i + 1, j + 1)):
            return None
        parts = [w for _, _, w in words[i:j + 1]]
        if all(w.isascii() for w in parts) and not all(w.isupper() for w in parts):
            return None  # "Do Not": Vietnamese names carry their marks, or are written in capitals
        if i > 0 and folded[i - 1] in _PLACE_WORDS and words[i - 1][2][0].isupper():
            return None
        return j, token_of(text[words[i][0]:words[j][1]])


_PLACE_WORDS = frozenset(("tp", "thanh", "pho", "tinh", "quan", "huyen", "phuong", "xa", "duong"))
