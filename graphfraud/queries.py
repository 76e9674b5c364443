"""Named Cypher queries: every statement the Neo4j backend runs, kept in ``cypher/*.cypher``.

A query file holds several queries, each headed by comment lines in the style of
aiosql::

    // name: node_props
    // doc: Props (JSON text) of the nodes that exist among the given keys.
    // params: $keys
    UNWIND $keys AS k
    MATCH (n:Entity {key: k})
    RETURN n.key AS key, n.props AS props

``// doc:`` may continue on following ``//`` lines; ``// params:`` lists every
``$parameter`` the text uses (``none`` or nothing for none). On load each query
is checked: a ``$parameter`` used but not declared, or declared but not used, is
a :class:`~graphfraud.errors.QueryError` naming the file and line.

Values are always ``$parameters``. What Cypher cannot take as a parameter is a
placeholder in braces, filled by :meth:`Query.render` and only ever from the
model's allow-list, never from data:

``{label}``     one node label of :data:`graphfraud.model.NEO4J_LABELS`
``{rel}``       one relationship type of :data:`graphfraud.model.NEO4J_RELS`
``{rels}``      every model relationship type, joined with ``|``
``{max_hops}``  a whole number (the bound of a variable-length pattern)

The repository's ``cypher/`` folder is the package ``graphfraud.cypher`` (see
``graphfraud/__init__.py``), so the files are read with :mod:`importlib.resources`
from a source checkout and an installed wheel alike.

>>> q = parse_text('''// name: one
... // doc: Says one.
... // params: $x
... RETURN $x AS one''', "t.cypher")[0]
>>> q.name, q.params, q.doc
('one', ('x',), 'Says one.')
>>> parse_text("// name: bad\\n// params: $x\\nRETURN $y", "t.cypher")
Traceback (most recent call last):
...
graphfraud.errors.QueryError: t.cypher:3: query 'bad' uses $y but does not declare it in '// params:'
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from graphfraud.errors import QueryError
from graphfraud.model import NEO4J_LABELS, NEO4J_RELS

PACKAGE = "graphfraud.cypher"
PLACEHOLDERS = ("label", "rel", "rels", "max_hops")

_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PARAM_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_HEADER_RE = re.compile(r"^\s*//\s*(name|doc|params)\s*:\s*(.*)$")


@dataclass(frozen=True)
class Query:
    """One named query: its text, declared parameters and where it was written."""

    name: str
    text: str
    params: tuple[str, ...] = ()
    doc: str = ""
    file: str = ""
    line: int = 0  # line of the ``// name:`` header (1-based)
    placeholders: frozenset = field(default_factory=frozenset)
    defaults: dict = field(default_factory=dict, compare=False)  # declared ``$name=value`` defaults

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def render(self, label: str | None = None, rel: str | None = None, max_hops: int | None = None) -> str:
        """The Cypher text with its placeholders filled from the model's allow-list.

        ``label`` is a node type (``"phone"``) or its label (``"Phone"``); ``rel``
        an edge type (``"transfer"``) or its relationship type (``"TRANSFER"``).
        Anything else is refused: placeholders never carry data.
        """
        values: dict[str, str] = {}
        if "label" in self.placeholders:
            values["label"] = _model_name(label, NEO4J_LABELS, "node label", self)
        if "rel" in self.placeholders:
            values["rel"] = _model_name(rel, NEO4J_RELS, "relationship type", self)
        if "rels" in self.placeholders:
            values["rels"] = "|".join(NEO4J_RELS.values())
        if "max_hops" in self.placeholders:
            if isinstance(max_hops, bool) or not isinstance(max_hops, int) or not 1 <= max_hops <= 100:
                raise QueryError(f"{self.where}: query {self.name!r} needs max_hops as a whole number 1..100")
            values["max_hops"] = str(max_hops)
        if not values:
            return self.text
        return _PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), self.text)


def _model_name(value: str | None, names: dict[str, str], what: str, q: Query) -> str:
    """A node label or relationship type of the model, given by graphfraud's name (``transfer``) or
    Neo4j's (``TRANSFER``)."""
    if value in names:
        return names[value]
    if value in names.values():
        return value  # type: ignore[return-value]
    raise QueryError(f"{q.where}: query {q.name!r}: {value!r} is not a {what} of the model")


# -- scanning Cypher text --------------------------------------------------------------
def _code_only(text: str) -> str:
    """The text with string literals, quoted names and comments blanked (same length, same lines)."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "'\"`":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" and c != "`" else 1
            end = min(j + 1, n)
            for k in range(i, end):
                if out[k] != "\n":
                    out[k] = " "
            i = end
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            for k in range(i, j):
                out[k] = " "
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                if out[k] != "\n":
                    out[k] = " "
            i = j
        else:
            i += 1
    return "".join(out)


def _first_uses(pattern: re.Pattern, text: str) -> dict[str, int]:
    """The names ``pattern`` finds in the Cypher code (comments and strings left out), each with the
    (0-based) line of its first use."""
    code = _code_only(text)
    found: dict[str, int] = {}
    for m in pattern.finditer(code):
        found.setdefault(m.group(1), code.count("\n", 0, m.start()))
    return found


def used_params(text: str) -> dict[str, int]:
    """``$parameter`` names the Cypher text uses, each with the (0-based) line of its first use."""
    return _first_uses(_PARAM_RE, text)


def used_placeholders(text: str) -> dict[str, int]:
    """``{placeholder}`` names the Cypher text uses, each with the (0-based) line of its first use."""
    return _first_uses(_PLACEHOLDER_RE, text)


# -- parsing files ---------------------------------------------------------------------
def parse_text(text: str, filename: str, allow_headerless: bool = False,
               require_params: bool = False) -> list[Query]:
    """Parse a query file; check every query's declared against used parameters.

    With ``allow_headerless`` a file without any ``// name:`` header is one query
    named after the file, whose parameters are those it uses. With
    ``require_params`` (the package's own files) every query must have a
    ``// params:`` line; otherwise a query without one takes the parameters it uses.
    """
    lines = text.splitlines()
    starts = [i for i, ln in enumerate(lines) if (m := _HEADER_RE.match(ln)) and m.group(1) == "name"]
    if not starts:
        body = text.strip().rstrip(";").strip()
        if not allow_headerless or not body:
            raise QueryError(f"{filename}:1: no query found (each query starts with a '// name: NAME' line)")
        name = re.sub(r"\W", "_", Path(filename).stem) or "query"
        first = next(i for i, ln in enumerate(lines) if ln.strip())
        return [_check(name, "", None, None, lines[first:], first, filename, first)]
    pre = [ln for ln in lines[:starts[0]] if ln.strip() and not ln.strip().startswith("//")]
    if pre:
        raise QueryError(f"{filename}:1: Cypher text before the first '// name:' header")
    out: list[Query] = []
    seen: dict[str, int] = {}
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        block = lines[start:end]
        name = _HEADER_RE.match(block[0]).group(2).strip()  # type: ignore[union-attr]
        if not _NAME_RE.match(name):
            raise QueryError(f"{filename}:{start + 1}: bad query name {name!r} (letters, digits, _)")
        if name in seen:
            raise QueryError(f"{filename}:{start + 1}: query {name!r} is defined twice "
                             f"(first on line {seen[name]})")
        seen[name] = start + 1
        doc: list[str] = []
        params_decl: str | None = None
        params_line: int | None = None
        i = 1
        in_doc = False
        while i < len(block):
            ln = block[i]
            m = _HEADER_RE.match(ln)
            if m:
                if m.group(1) == "doc":
                    doc.append(m.group(2).strip())
                    in_doc = True
                elif m.group(1) == "params":
                    if params_decl is not None:
                        raise QueryError(f"{filename}:{start + i + 1}: query {name!r} has two "
                                         "'// params:' lines")
                    params_decl, params_line, in_doc = m.group(2), start + i, False
                else:  # pragma: no cover - a name line starts a new block
                    break
            elif ln.strip().startswith("//") and in_doc:
                doc.append(ln.strip()[2:].strip())
            elif ln.strip().startswith("//") or not ln.strip():
                in_doc = in_doc and ln.strip().startswith("//")
            else:
                break
            i += 1
        body = block[i:]
        if require_params and params_decl is None:
            raise QueryError(f"{filename}:{start + 1}: query {name!r} has no '// params:' line "
                             "(write '// params: none' if it takes none)")
        out.append(_check(name, " ".join(d for d in doc if d), params_decl, params_line, body, start + i,
                          filename, start))
    return out


def _check(name, doc, params_decl, params_line, body_lines, body_start, filename, header_line) -> Query:
    # trailing comment-only lines and blank lines belong to nobody; a final ';' is optional
    while body_lines and (not body_lines[-1].strip() or body_lines[-1].strip().startswith("//")):
        body_lines = body_lines[:-1]
    text = "\n".join(body_lines).strip()
    if text.endswith(";"):
        text = text[:-1].rstrip()
    if not text:
        raise QueryError(f"{filename}:{header_line + 1}: query {name!r} has no Cypher text")
    lead = len(body_lines) - len("\n".join(body_lines).lstrip("\n").split("\n"))
    first_line = body_start + lead  # 0-based line of the text's first line
    code = _code_only(text)
    if re.search(r";\s*\S", code):
        raise QueryError(f"{filename}:{first_line + 1}: query {name!r} holds more than one statement")
    used = used_params(text)
    for ph, ln in used_placeholders(text).items():
        if ph not in PLACEHOLDERS:
            raise QueryError(f"{filename}:{first_line + ln + 1}: query {name!r} has an unknown placeholder "
                             f"{{{ph}}} (known: {', '.join('{' + p + '}' for p in PLACEHOLDERS)})")
    if params_decl is None:
        declared = tuple(sorted(used, key=used.get))  # no '// params:' line: params = those used
        defaults = {}
    else:
        declared, defaults = _parse_params(params_decl, filename, params_line, name)
        for p, ln in used.items():
            if p not in declared:
                raise QueryError(f"{filename}:{first_line + ln + 1}: query {name!r} uses ${p} but does not "
                                 f"declare it in '// params:'")
        for p in declared:
            if p not in used:
                raise QueryError(f"{filename}:{params_line + 1}: query {name!r} declares ${p} "
                                 "but does not use it")
    return Query(name=name, text=text, params=declared, doc=doc, file=filename, line=header_line + 1,
                 placeholders=frozenset(used_placeholders(text)), defaults=defaults)


def _parse_params(decl: str, filename: str, line: int, name: str) -> tuple[tuple[str, ...], dict]:
    """``$a, $b=10, $c="text"`` -> (("a", "b", "c"), {"b": 10, "c": "text"}); defaults are JSON scalars."""
    decl = decl.strip()
    if decl.lower() in {"", "none", "-"}:
        return (), {}
    out: list[str] = []
    defaults: dict = {}
    for tok in _split_decl(decl):
        m = re.fullmatch(r"\$([A-Za-z_][A-Za-z0-9_]*)\s*(?:=\s*(.+))?", tok)
        if not m:
            raise QueryError(f"{filename}:{line + 1}: query {name!r}: bad parameter {tok!r} in '// params:' "
                             "(write them as $name or $name=default, separated by commas)")
        if m.group(1) in out:
            raise QueryError(f"{filename}:{line + 1}: query {name!r} declares ${m.group(1)} twice")
        out.append(m.group(1))
        if m.group(2) is not None:
            try:
                value = json.loads(m.group(2))
            except ValueError:
                value = None
            scalar = isinstance(value, (str, int, float, bool)) or m.group(2).strip() == "null"
            if not scalar:
                raise QueryError(f"{filename}:{line + 1}: query {name!r}: the default of ${m.group(1)} "
                                 "must be a number, true, false, null or a \"quoted\" string")
            defaults[m.group(1)] = value
    return tuple(out), defaults


def _split_decl(decl: str) -> list[str]:
    """Split a params declaration on commas outside double quotes."""
    parts, cur, quoted = [], [], False
    for ch in decl:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur).strip())
    return [p for tok in parts for p in ([tok] if "=" in tok else tok.split()) if p]


# -- the package's queries -------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def load_queries() -> dict[str, Query]:
    """Every named query of ``cypher/*.cypher``, checked; names are unique across files."""
    out: dict[str, Query] = {}
    try:
        root = resources.files(PACKAGE)
        entries = sorted((e for e in root.iterdir() if e.name.endswith(".cypher")), key=lambda e: e.name)
    except (ModuleNotFoundError, FileNotFoundError) as exc:  # pragma: no cover - broken install
        raise QueryError(f"the query files (package {PACKAGE}) are missing: {exc}") from None
    for entry in entries:
        for q in parse_text(entry.read_text(encoding="utf-8"), f"cypher/{entry.name}", require_params=True):
            if q.name in out:
                raise QueryError(f"{q.where}: query {q.name!r} is also defined at {out[q.name].where}")
            out[q.name] = q
    return out


def get(name: str) -> Query:
    """The named query ``name``; QueryError if there is none."""
    qs = load_queries()
    if name not in qs:
        raise QueryError(f"no query named {name!r}; known: {', '.join(sorted(qs))}")
    return qs[name]


def load_file(path: str | Path) -> list[Query]:
    """The queries of an analyst's own file (same header format; a file without headers is one query)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise QueryError(f"cannot read the query file {p}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise QueryError(f"the query file {p} is not UTF-8 text") from None
    return parse_text(text, str(p), allow_headerless=True)


# -- parameters given on the command line ----------------------------------------------
_PARAM_ARG_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?::(str|int|float|bool|json))?=(.*)$", re.S)


def parse_param_args(items) -> dict:
    """``["name=An", "limit:int=5", "min:float=1.5", "ids:json=[1,2]", "x:bool=true"]`` -> typed values.

    >>> parse_param_args(["key=phone:+84912345678", "limit:int=5", "ids:json=[1, 2]"])
    {'key': 'phone:+84912345678', 'limit': 5, 'ids': [1, 2]}
    """
    from graphfraud.errors import UsageError

    out: dict = {}
    for item in items or ():
        m = _PARAM_ARG_RE.match(item)
        if not m:
            raise UsageError(f"bad --param {item!r}: write KEY=VALUE, or KEY:int=, KEY:float=, KEY:bool=, "
                             "KEY:json= for typed values")
        key, typ, raw = m.group(1), m.group(2) or "str", m.group(3)
        try:
            if typ == "str":
                value = raw
            elif typ == "int":
                value = int(raw.strip())
            elif typ == "float":
                value = float(raw.strip())
            elif typ == "bool":
                low = raw.strip().lower()
                if low not in {"true", "false", "1", "0", "yes", "no"}:
                    raise ValueError(raw)
                value = low in {"true", "1", "yes"}
            else:
                value = json.loads(raw)
        except ValueError:
            raise UsageError(f"bad --param {item!r}: {raw!r} is not a valid {typ}") from None
        if key in out:
            raise UsageError(f"--param {key} is given twice")
        out[key] = value
    return out
