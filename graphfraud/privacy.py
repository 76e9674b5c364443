"""Pseudonymisation for sharing: ``--redact`` on exports and reports.

Identifiers are replaced by keyed HMAC-SHA256 pseudonyms: the same value under
the same key always gives the same pseudonym (so a shared graph still links
what the original linked), another key gives unrelated pseudonyms, and without
the key a pseudonym cannot be turned back into the value. The key comes from a
file (``--redact-key-file``, or ``redact_key_file`` in the config file) or the
environment (``GRAPHFRAUD_REDACT_KEY``), both read by :mod:`graphfraud.config`;
it is never written into an output.

Redacted: phones, accounts, people (names and national ids), emails, social
accounts, devices and IPs, wherever they appear as entity values or in the
fields that carry them; in free text (narratives, descriptions) the
identifiers the normalisers recognise (e-mail, web and IP addresses, handles;
see :mod:`graphfraud.privacy_text`) take the same pseudonym as their node,
known names are found whatever their case and accents, likely Vietnamese names
are guessed, and every other identifier-like digit run is replaced. Source file
names become ``file-…`` pseudonyms (they often name a person or a phone). The
columns graphfraud did not map (``props["extra"]``) are left out unless named
with ``--keep-column``. Kept: case ids, banks, amounts, times, the domain of a
web address (it names the scam site, not a person; its path does not stay).
Last, :meth:`Redactor.scrub` passes over each whole written file and replaces
any pseudonymised value still standing in it, in any of its spellings.

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
>>> r.text("Lê Văn Tám gửi tam.le@gmail.com") == r.text("LE VAN TAM gửi Tam.Le@Gmail.com")
True
"""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path

from graphfraud.errors import UsageError
from graphfraud.normalize.base import fold
from graphfraud.privacy_text import Names, identifiers

REDACT_TYPES = {"phone", "account", "person", "email", "social", "device", "ip"}
PSEUDONYM = re.compile(r"\b(?:phone|account|person|email|social|device|ip|url|number|file|query)-[0-9a-f]{16}\b")
# fields whose value is an identifier of a known type, or a person's name
FIELD_TYPES = {
    "phone": "phone", "victim_phone": "phone", "suspect_phone": "phone", "caller": "phone", "callee": "phone",
    "account": "account", "victim_account": "account", "suspect_account": "account", "from_account": "account",
    "to_account": "account", "email": "email", "suspect_email": "email", "social_account": "social",
    "suspect_social": "social", "device_id": "device", "ip": "ip", "suspect_ip": "ip",
    "national_id": "person", "holder_id": "person", "name": "person", "victim_name": "person",
    "holder_name": "person", "display_name": "person", "victim": "person", "beneficiary name": "person",
    "victims": "person", "holder": "person", "owner": "person", "counterparty_name": "person",
    "counterparty_account": "account", "subscriber": "phone", "other_party": "phone",
}
KEEP_FIELDS = {"time", "ts", "date", "report_date", "opened_at", "timestamp", "amount", "amount_lost", "bank",
               "sha256", "case", "case_id", "cases", "group", "type", "kind", "role", "sheet", "columns"}
FILE_FIELDS = {"file", "path", "source_file"}  # names of the files the rows came from
_NUMERIC_WORDS = ("amount", "loss", "money", "total", "score", "count", "size", "sum", "share", "weight", "balance")
TEXT_FIELDS = {"narrative", "description", "text", "note", "title", "label", "route"}
# identifier-like digit runs in free text: 8+ digits, possibly with + and separators, that are
# not a thousands-grouped amount such as 50.000.000
_DIGITS = re.compile(r"\+?\(?\d[\d .\-()]{6,}\d")
_NUMBER_TOKEN = re.compile(r"\+?\d+")
_WORD_TOKEN = re.compile(r"[\w.@+\-:/]+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}:\d{2}")
_AMOUNT = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?")
_PSEUDO_SPLIT = re.compile(f"({PSEUDONYM.pattern})")


class Redactor:
    """Replace identifiers by keyed pseudonyms.

    ``keep_columns``: the columns graphfraud did not map that may stay in the output
    (``--keep-column NAME``; matched whatever the case and accents); every other one is left out.
    """

    def __init__(self, key: bytes, keep_columns=()):
        if not key or len(key) < 8:
            raise UsageError("the redaction key must be at least 8 bytes")
        self._key = key
        self._cache: dict[tuple[str, str], str] = {}
        self._made: set[str] = set()  # pseudonyms handed out: redacting one again keeps it
        self._names = Names()
        self._digits: dict[str, str] = {}  # digit runs of known phones and accounts -> pseudonym
        self.keep_columns = {fold(c) for c in keep_columns if fold(c)}

    @classmethod
    def from_options(cls, key_file: str | None = None, key: str | None = None, keep_columns=()) -> "Redactor":
        """The redactor of a command: its key read from ``key_file`` (``--redact-key-file``, or the
        configuration's ``redact_key_file``), else ``key`` itself (the configuration's ``redact_key``,
        ``GRAPHFRAUD_REDACT_KEY``)."""
        if key_file:
            try:
                secret = Path(key_file).read_bytes().strip()
            except OSError as exc:
                raise UsageError(f"cannot read the redaction key file {key_file}: {exc.strerror}") from None
        elif key:
            secret = key.encode("utf-8")
        else:
            raise UsageError("--redact needs a key: --redact-key-file FILE or GRAPHFRAUD_REDACT_KEY")
        return cls(secret, keep_columns)

    def _mac(self, text: str) -> str:
        return hmac.new(self._key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:16]

    def value(self, type_: str, value: str) -> str:
        if value in self._made:
            return value
        k = (type_, value)
        p = self._cache.get(k)
        if p is None:
            name = type_ == "person" and any(c.isalpha() for c in value)
            basis = fold(value) if name else value  # a name: one pseudonym whatever its case and accents
            p = self._cache[k] = f"{type_}-{self._mac(f'{type_}:{basis}')}"
            self._made.add(p)
            if name:
                self._names.add(value, p)
            elif type_ in ("phone", "account"):
                for form in _spellings(type_, value):
                    if form.isdigit():
                        self._digits.setdefault(form.lstrip("0") if type_ == "phone" else form, p)
        return p

    def key(self, node_key: str) -> str:
        """A node key ``type:value`` with its value redacted if its type is."""
        t, _, v = node_key.partition(":")
        return f"{t}:{self.value(t, v)}" if t in REDACT_TYPES else node_key

    def file(self, path: str) -> str:
        """The pseudonym of a source file's name (its extension kept); the folders are dropped."""
        base = str(path).replace("\\", "/").rsplit("/", 1)[-1]
        if base in self._made or not base:
            return base
        k = ("file", base)
        if k not in self._cache:
            stem, dot, ext = base.rpartition(".")
            ext = f".{ext.lower()}" if dot and stem and ext.isalnum() and len(ext) <= 5 else ""
            p = self._cache[k] = f"file-{self._mac('file:' + base)}{ext}"
            self._made.add(p)
        return self._cache[k]

    def url(self, raw: str, value: str) -> str:
        """A web address found in text: its domain stays, the rest becomes a pseudonym."""
        from urllib.parse import urlsplit

        domain = value if "/" not in value else (urlsplit(raw if "//" in raw else "//" + raw).hostname or "")
        bare = re.sub(r"^[a-z]+://|^www\.", "", raw, flags=re.IGNORECASE).rstrip("/").lower()
        if domain and bare in (domain, "www." + domain):
            return raw
        return f"{domain or 'url'}/{self.value('url', raw)}"

    def text(self, text: str) -> str:
        """Free text with the identifiers the normalisers find, identifier-like digit runs and
        names (known ones in any case and accents, likely Vietnamese ones) replaced."""
        text = _outside_pseudonyms(text, self._identifiers)
        text = _outside_pseudonyms(text, self._digit_runs)
        if text == text.lower():
            return text  # no capital letter: no name to guess (known ones are replaced in the last pass)
        return _outside_pseudonyms(text, lambda s: self._names.replace(s, self._name_token, guess=True))

    def _name_token(self, name: str) -> str:
        return self.value("person", name)

    def _identifiers(self, text: str) -> str:
        out, last = [], 0
        for start, end, t, v in identifiers(text):
            out += [text[last:start], self.url(text[start:end], v) if t == "url" else self.value(t, v)]
            last = end
        return "".join(out) + text[last:] if out else text

    def _digit_runs(self, text: str) -> str:
        def sub(m: re.Match) -> str:
            s = m.group(0)
            digits = re.sub(r"\D", "", s)
            if len(digits) < 8 or _AMOUNT.fullmatch(s.strip()) or _DATE.search(s):
                return s
            known = self._digits.get(digits) or self._digits.get(digits.lstrip("0"))
            if known:
                return known  # a known phone or account: its own pseudonym
            return "[" + self.value("number", digits) + "]"
        return _DIGITS.sub(sub, text)

    def json(self, obj, field: str | None = None):
        """A JSON-ready structure with identifiers redacted (entities, known fields, free text);
        the unmapped columns (``extra``) are left out unless kept."""
        if isinstance(obj, dict):
            t = obj.get("type")
            out = {}
            for k, v in obj.items():
                if k == "value" and isinstance(v, str):
                    out[k] = self.value(t, v) if t in REDACT_TYPES else v
                elif k in ("key", "id", "source", "target", "from", "to") and isinstance(v, str) and ":" in v:
                    out[k] = self.key(v)
                elif k == "extra" and isinstance(v, dict):
                    kept = {c: x for c, x in v.items() if fold(str(c)) in self.keep_columns}
                    if kept:
                        out[k] = {c: self.json(x, c) for c, x in kept.items()}
                else:
                    out[k] = self.json(v, k)
            return out
        if isinstance(obj, list):
            return [self.json(v, field) for v in obj]
        if isinstance(obj, str):
            f = (field or "").lower()
            if f in FILE_FIELDS:
                return self.file(obj)
            if f in KEEP_FIELDS or any(w in f for w in _NUMERIC_WORDS):
                return obj
            if f in FIELD_TYPES:
                return self.value(FIELD_TYPES[f], obj)
            return self.text(obj)
        return obj

    def graph(self, g):
        """A copy of a networkx graph with node ids, values and text attributes redacted."""
        import networkx as nx

        self.learn_names(g)
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

    def learn_names(self, g) -> None:
        """Pseudonymise the graph's identifiers and every name its nodes and edges give in a field
        naming a person first, so that free text anywhere in it (a narrative, a transfer's
        description) finds them."""
        items = [d for _, d in g.nodes(data=True)] + [d for *_, d in g.edges(data=True)]
        for d in items:
            if d.get("type") in REDACT_TYPES and isinstance(d.get("value"), str):
                self.value(d["type"], d["value"])  # its spellings in text then take its pseudonym
            for k, v in (d.get("props") or {}).items() if isinstance(d.get("props"), dict) else ():
                if isinstance(v, str) and FIELD_TYPES.get(str(k).lower()) == "person":
                    self.value("person", v)

    # -- the last pass over a whole output ------------------------------------------
    def scrub(self, text: str, digit_runs: bool = True) -> str:
        """Replace every value this redactor has pseudonymised (and its usual spellings; names in
        any case and accents) wherever it still stands in ``text``, then (``digit_runs``)
        identifier-like digit runs."""
        digits: dict[str, str] = {}
        others: dict[str, str] = {}
        long_forms: dict[str, str] = {}
        for (t, v), p in list(self._cache.items()):
            if t == "number" or len(v) < 4:
                continue
            for form in _spellings(t, v):
                if _NUMBER_TOKEN.fullmatch(form):
                    digits.setdefault(form, p)
                elif _WORD_TOKEN.fullmatch(form):
                    others.setdefault(form.lower() if t in _CASELESS else form, p)
                elif len(form) >= 6:
                    long_forms.setdefault(form, p)  # a file name, a name with spaces
        for form in sorted(long_forms, key=len, reverse=True):
            if form in text:
                text = text.replace(form, long_forms[form])
        if digits:  # whole digit runs only, so a short value never cuts a longer number
            text = _NUMBER_TOKEN.sub(lambda m: digits.get(m.group(0), m.group(0)), text)
        if others:  # whole tokens (or what follows a "type:" prefix): emails, devices, handles
            text = _WORD_TOKEN.sub(lambda m: _known_token(m.group(0), others), text)
        text = self._names.replace(text, self._name_token)
        return self.text(text) if digit_runs else text


_CASELESS = {"email", "social", "url"}


def _known_token(tok: str, others: dict) -> str:
    for form in (tok, tok.lower()):
        hit = others.get(form)
        if hit is not None:
            return hit
    i = tok.find(":")
    while i != -1:
        rest = tok[i + 1:]
        hit = others.get(rest) or others.get(rest.lower())
        if hit is not None:
            return tok[:i + 1] + hit
        i = tok.find(":", i + 1)
    return tok


def _outside_pseudonyms(text: str, fn) -> str:
    """``fn`` applied to the parts of ``text`` that are not pseudonyms already."""
    parts = _PSEUDO_SPLIT.split(text)
    return "".join(p if i % 2 else (fn(p) if p else p) for i, p in enumerate(parts))


def _spellings(t: str, v: str) -> list[str]:
    forms = [v]
    if t == "phone" and v.startswith("+84"):
        forms += ["0" + v[3:], v[1:], v[3:]]
    elif t == "phone" and v.startswith("+"):
        forms.append(v[1:])
    import html

    forms += [html.escape(f) for f in forms if html.escape(f) != f]
    return forms
