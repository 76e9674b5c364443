"""Pseudonymisation for sharing: ``--redact`` on exports and reports.

Identifiers are replaced by keyed HMAC-SHA256 pseudonyms: the same value under
the same key always gives the same pseudonym (so a shared graph still links
what the original linked), another key gives unrelated pseudonyms, and without
the key a pseudonym cannot be turned back into the value. The key comes from a
file (``--redact-key-file``) or the environment (``GRAPHFRAUD_REDACT_KEY``);
it is never written into an output.

Redacted: phones, accounts, people (names and national ids), emails, social
accounts, devices and IPs, wherever they appear as entity values or in the
fields that carry them; free text (narratives, descriptions) has every
identifier-like digit run replaced. Kept: case ids, banks, amounts, times,
URLs' domains (they name the scam site, not a person).

>>> r = Redactor(b"first key")
>>> r.value("phone", "+84912345678") == r.value("phone", "+84912345678")
True
>>> r.value("phone", "+84912345678") == Redactor(b"second key").value("phone", "+84912345678")
False
>>> r.value("phone", "+84912345678").startswith("phone-")
True
>>> out = r.text("gọi 0912 345 678, chuyển 1.500.000 đ vào 0011223344")
>>> "0912" in out or "0011223344" in out, "1.500.000" in out
(False, True)
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import hmac
import os
import re
from pathlib import Path

from graphfraud.errors import UsageError

REDACT_TYPES = {"phone", "account", "person", "email", "social", "device", "ip"}
# fields whose value is an identifier of a known type, or a person's name
FIELD_TYPES = {
    "phone": "phone", "victim_phone": "phone", "suspect_phone": "phone", "caller": "phone", "callee": "phone",
    "account": "account", "victim_account": "account", "suspect_account": "account", "from_account": "account",
    "to_account": "account", "email": "email", "suspect_email": "email", "social_account": "social",
    "suspect_social": "social", "device_id": "device", "ip": "ip", "suspect_ip": "ip",
    "national_id": "person", "holder_id": "person", "name": "person", "victim_name": "person",
    "holder_name": "person", "display_name": "person", "victim": "person", "beneficiary name": "person",
    "victims": "person", "holder": "person", "owner": "person",
}
KEEP_FIELDS = {"time", "ts", "date", "report_date", "opened_at", "timestamp", "amount", "amount_lost", "bank",
               "sha256", "case", "case_id", "cases", "group", "type", "kind", "role", "file", "sheet", "columns"}
_NUMERIC_WORDS = ("amount", "loss", "money", "total", "score", "count", "size", "sum", "share", "weight")
TEXT_FIELDS = {"narrative", "description", "text", "note", "title", "label", "route"}
# identifier-like digit runs in free text: 8+ digits, possibly with + and separators, that are
# not a thousands-grouped amount such as 50.000.000
_DIGITS = re.compile(r"\+?\(?\d[\d .\-()]{6,}\d")
_NUMBER_TOKEN = re.compile(r"\+?\d+")
_WORD_TOKEN = re.compile(r"[\w.@+\-:/]+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}:\d{2}")
_AMOUNT = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?")


class Redactor:
    """Replace identifiers by keyed pseudonyms."""

    def __init__(self, key: bytes):
        if not key or len(key) < 8:
            raise UsageError("the redaction key must be at least 8 bytes")
        self._key = key
        self._cache: dict[tuple[str, str], str] = {}
        self._made: set[str] = set()  # pseudonyms handed out: redacting one again keeps it

    @classmethod
    def from_options(cls, key_file: str | None = None, env=None) -> "Redactor":
        env = os.environ if env is None else env
        if key_file:
            try:
                key = Path(key_file).read_bytes().strip()
            except OSError as exc:
                raise UsageError(f"cannot read the redaction key file {key_file}: {exc.strerror}") from None
        elif env.get("GRAPHFRAUD_REDACT_KEY"):
            key = env["GRAPHFRAUD_REDACT_KEY"].encode("utf-8")
        else:
            raise UsageError("--redact needs a key: --redact-key-file FILE or GRAPHFRAUD_REDACT_KEY")
        return cls(key)

    def value(self, type_: str, value: str) -> str:
        if value in self._made:
            return value
        k = (type_, value)
        p = self._cache.get(k)
        if p is None:
            mac = hmac.new(self._key, f"{type_}:{value}".encode("utf-8"), hashlib.sha256).hexdigest()[:16]
            p = self._cache[k] = f"{type_}-{mac}"
            self._made.add(p)
        return p

    def key(self, node_key: str) -> str:
        """A node key ``type:value`` with its value redacted if its type is."""
        t, _, v = node_key.partition(":")
        return f"{t}:{self.value(t, v)}" if t in REDACT_TYPES else node_key

    def text(self, text: str) -> str:
        """Free text with identifier-like digit runs replaced."""
        def sub(m: re.Match) -> str:
            s = m.group(0)
            digits = re.sub(r"\D", "", s)
            if len(digits) < 8 or _AMOUNT.fullmatch(s.strip()) or _DATE.search(s):
                return s
            return "[" + self.value("number", digits) + "]"
        return _DIGITS.sub(sub, text)

    def json(self, obj, field: str | None = None):
        """A JSON-ready structure with identifiers redacted (entities, known fields, free text)."""
        if isinstance(obj, dict):
            t = obj.get("type")
            out = {}
            for k, v in obj.items():
                if k == "value" and isinstance(v, str):
                    out[k] = self.value(t, v) if t in REDACT_TYPES else v
                elif k in ("key", "id", "source", "target", "from", "to") and isinstance(v, str) and ":" in v:
                    out[k] = self.key(v)
                else:
                    out[k] = self.json(v, k)
            return out
        if isinstance(obj, list):
            return [self.json(v, field) for v in obj]
        if isinstance(obj, str):
            f = (field or "").lower()
            if f in KEEP_FIELDS or any(w in f for w in _NUMERIC_WORDS):
                return obj
            if f in FIELD_TYPES:
                return self.value(FIELD_TYPES[f], obj)
            return self.text(obj)
        return obj

    def graph(self, g):
        """A copy of a networkx graph with node ids, values and text attributes redacted."""
        import networkx as nx

        mapping = {n: self.key(n) if isinstance(n, str) else n for n in g.nodes}
        h = nx.relabel_nodes(g, mapping, copy=True)
        for n, data in h.nodes(data=True):
            red = self.json(dict(data))
            if red.get("type") in REDACT_TYPES and "value" in red:
                red["label"] = red["value"]
            data.clear()
            data.update(red)
        h.graph.update(self.json(dict(g.graph)))
        for *_, data in h.edges(data=True):
            red = self.json(dict(data))
            data.clear()
            data.update(red)
        return h

    # -- the last pass over a whole output ------------------------------------------
    def scrub(self, text: str, digit_runs: bool = True) -> str:
        """Replace every value this redactor has pseudonymised (and its usual spellings)
        wherever it still stands in ``text``, then (``digit_runs``) identifier-like digit runs."""
        digits: dict[str, str] = {}
        others: dict[str, str] = {}
        names: dict[str, str] = {}
        for (t, v), p in list(self._cache.items()):
            if t == "number" or len(v) < 4:
                continue
            for form in _spellings(t, v):
                if _NUMBER_TOKEN.fullmatch(form):
                    digits.setdefault(form, p)
                elif _WORD_TOKEN.fullmatch(form):
                    others.setdefault(form, p)
                elif len(form) >= 6:
                    names.setdefault(form, p)  # a name in free text (a payroll memo, a narrative)
        if digits:  # whole digit runs only, so a short value never cuts a longer number
            text = _NUMBER_TOKEN.sub(lambda m: digits.get(m.group(0), m.group(0)), text)
        if others:  # whole tokens (or what follows a "type:" prefix): emails, devices, handles
            def token(m: re.Match) -> str:
                tok = m.group(0)
                hit = others.get(tok)
                if hit is not None:
                    return hit
                i = tok.find(":")
                while i != -1:
                    hit = others.get(tok[i + 1:])
                    if hit is not None:
                        return tok[:i + 1] + hit
                    i = tok.find(":", i + 1)
                return tok
            text = _WORD_TOKEN.sub(token, text)
        for form in sorted(names, key=len, reverse=True):
            if form in text:
                text = text.replace(form, names[form])
        return self.text(text) if digit_runs else text


def _spellings(t: str, v: str) -> list[str]:
    forms = [v]
    if t == "phone" and v.startswith("+84"):
        forms += ["0" + v[3:], v[1:], v[3:]]
    elif t == "phone" and v.startswith("+"):
        forms.append(v[1:])
    import html

    forms += [html.escape(f) for f in forms if html.escape(f) != f]
    return forms


_CURRENT: contextvars.ContextVar["Redactor | None"] = contextvars.ContextVar("graphfraud_redactor", default=None)


def current() -> "Redactor | None":
    """The redactor in force for the outputs being written, if any."""
    return _CURRENT.get()


@contextlib.contextmanager
def redacting(redactor: "Redactor | None"):
    """Every output written inside this block is redacted by ``redactor`` (None: no redaction)."""
    token = _CURRENT.set(redactor)
    try:
        yield redactor
    finally:
        _CURRENT.reset(token)
