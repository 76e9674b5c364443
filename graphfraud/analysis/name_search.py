"""Find identifiers by the name of a person, however it is typed.

``by_name(store, "ho quang khanh")`` returns the nodes whose name is that one with accents, case and
punctuation folded (:func:`graphfraud.normalize.base.fold`): people by their name, accounts by their
holder's name, reported cases by their victim's name, social accounts by their display name; a
person also by every spelling kept as its alias (graphfraud/person_links.py). A name that matches
no one whole is looked for as consecutive words of a name (``quang khanh``).
"""

from __future__ import annotations

from graphfraud.normalize.base import fold

__all__ = ["NAME_PROPS", "by_name", "looks_like_name"]

# node type -> the properties holding a name, in the order results are listed
NAME_PROPS: dict[str, tuple[str, ...]] = {
    "person": ("name",),
    "account": ("holder_name",),
    "case": ("victim_name",),
    "social": ("display_name",),
}
MAX_HITS = 50


def looks_like_name(text: str) -> bool:
    """Letters (at least two words or one non-ASCII letter) and no digits: worth a look by name."""
    t = " ".join(str(text).split())
    return (bool(t) and not any(c.isdigit() for c in t) and any(c.isalpha() for c in t)
            and (" " in t or not t.isascii()))


def by_name(store, text: str, view=None) -> list[tuple[str, str]]:
    """The (type, value) of every node named ``text`` (see the module's notes); [] when none."""
    from graphfraud.analysis.graphview import GraphView

    key = fold(str(text))
    if not key:
        return []
    gv = view if view is not None else GraphView.from_store(store)
    whole: list[tuple[str, str]] = []
    part: list[tuple[str, str]] = []
    padded = f" {key} "
    for ntype, props in NAME_PROPS.items():
        for i in gv.nodes_of_type(ntype).tolist():
            p = gv.props_of(int(i)) or {}
            names = [fold(str(p[k])) for k in props if p.get(k)]
            if ntype == "person" and isinstance(p.get("aliases"), dict):
                names += [fold(str(a)) for a in p["aliases"]]
            if key in names:
                whole.append((ntype, str(gv.values[int(i)])))
            elif any(padded in f" {n} " for n in names):
                part.append((ntype, str(gv.values[int(i)])))
    return (whole or part)[:MAX_HITS]
