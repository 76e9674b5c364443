"""Turn what an analyst types into the graph's identifiers.

``resolve(store, "0912 345 678")`` tries every identifier type the text could
be (phone, account, IP, email, URL, social account, device, case in any letter
case, national id) and returns the nodes that exist, so any spelling finds the
same node; a name finds the nodes of that name without accents or case. A typed
form ``type:value`` (``phone:+84912345678``) names one type.
"""

from __future__ import annotations

from graphfraud.errors import InvalidValue, NotFound, UsageError
from graphfraud.model import NODE_TYPES

# the order in which an ambiguous text is tried (and results listed)
TRY_ORDER = ("phone", "account", "ip", "email", "url", "social", "device", "case", "person")
_NORMALIZER_FOR = {"person": "national_id"}


def candidates(text: str) -> list[tuple[str, str]]:
    """Every (type, canonical value) the text could stand for."""
    from graphfraud.normalize import NORMALIZERS
    from graphfraud.normalize.base import clean_text

    raw = clean_text(text)
    if raw is None:
        raise UsageError("an empty identifier was given")
    prefix, sep, rest = raw.partition(":")
    if sep and prefix.lower() in NODE_TYPES and rest.strip():
        types = [prefix.lower()]
        raw = rest.strip()
    else:
        types = list(TRY_ORDER)
    out: list[tuple[str, str]] = []
    for t in types:
        if t == "case":   # case ids in any letter case: as typed, then upper and lower case
            spaced = " ".join(raw.split())
            out.extend(("case", v) for v in (spaced, spaced.upper(), spaced.lower()))
            continue
        if t == "person":
            out.append(("person", raw))
        fn = NORMALIZERS.get(_NORMALIZER_FOR.get(t, t))
        if fn is None:
            continue
        try:
            out.append((t, fn(raw).value))
        except (InvalidValue, ValueError):
            continue
    if raw and "social" in types and ":" in raw:
        out.append(("social", raw.lower()))
    out.extend(_same_handle(out))
    seen, uniq = set(), []
    for c in out:
        if c not in seen:
            seen.add(c)
            uniq.append(c)
    return uniq


def _same_handle(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A handle of unknown platform (a bare ``@handle`` in a file) may be the account of any platform,
    and a platform's account may have been written as a bare ``@handle``: both are candidates."""
    from graphfraud.normalize.social import PLATFORMS, UNKNOWN_PLATFORM

    more = []
    for t, v in found:
        if t != "social":
            continue
        name, _, handle = v.partition(":")
        if name == UNKNOWN_PLATFORM:
            more.extend(("social", f"{p}:{handle}") for p in PLATFORMS)
        elif handle and "/" not in handle and not handle.startswith("+"):
            more.append(("social", f"{UNKNOWN_PLATFORM}:{handle}"))
    return more


def resolve(store, text: str) -> list[tuple[str, str]]:
    """The existing nodes the text stands for; raises NotFound if none. A text that is no identifier
    but looks like a name finds the people, accounts, cases and social accounts of that name, however
    it is accented or cased (``ho quang khanh``: see :mod:`graphfraud.analysis.name_search`)."""
    from graphfraud.analysis.name_search import by_name, looks_like_name

    cands = candidates(text)
    found = store.nodes(cands)
    hits = [c for c in cands if c in found]
    if not hits and looks_like_name(text):
        hits = by_name(store, text)
    if not hits:
        tried = ", ".join(f"{t} {v}" for t, v in cands) or "nothing"
        raise NotFound(f"{text!r} is not in the graph (looked for: {tried})")
    return hits

