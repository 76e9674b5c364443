"""The words a page's search box matches a node on, so that any spelling an officer types finds it.

A phone is found as ``+84 361 760 419``, ``84361760419``, ``0361760419`` or ``0361 760 419``: its
keys hold the international digits and the local form (``0`` + national number). Names (of people,
account holders, victims, display names) are folded (accents, case and punctuation dropped, đ → d);
a person is also found by every spelling kept as its alias (graphfraud/person_links.py). Case ids
and the other values are kept whole, lower-cased. The page folds what is typed the same way and,
for a number, drops its spaces, dots and dashes (graphfraud/output/assets/graph.js).
"""

from __future__ import annotations

from graphfraud.normalize.base import fold

__all__ = ["search_keys"]

NAME_FIELDS = ("name", "holder_name", "victim_name", "display_name")


def _phone_keys(value: str) -> list[str]:
    digits = "".join(c for c in value if c.isdigit())
    keys = [digits] if digits else []
    if value.startswith("+84") and len(digits) > 2:
        keys.append("0" + digits[2:])
    elif value.startswith("0") and digits:
        keys.append("84" + digits[1:])
    return keys


def search_keys(ntype: str, value: str, props: dict | None = None) -> list[str]:
    """The search keys of one node (unique, in a stable order)."""
    props = props or {}
    keys = [str(value).lower()]
    if ntype == "phone":
        keys += _phone_keys(str(value))
    elif ntype == "social" and ":+" in str(value):   # a handle that is a phone number (zalo:+84...)
        keys += _phone_keys(str(value).split(":", 1)[1])
    for f in NAME_FIELDS:
        if props.get(f):
            keys.append(fold(str(props[f])))
    if ntype == "person" and isinstance(props.get("aliases"), dict):   # every spelling of the name
        keys += [fold(str(a)) for a in props["aliases"]]
    if props.get("national_id"):
        keys.append(str(props["national_id"]))
    return list(dict.fromkeys(k for k in keys if k))
