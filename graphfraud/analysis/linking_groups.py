"""Campaigns from linked pairs of cases, where one case alone never merges two campaigns.

The linked pairs form a graph of cases. Its connected components are split at
*bridge* cases: a case ``x`` is a bridge when removing it leaves at least two
groups of two cases or more that no other link joins (``x`` is an articulation
point of the graph with two or more sides of at least :data:`MIN_SIDE` cases).
A victim scammed twice, by two groups (a "recovery" scam aimed at a past
victim), pays both groups' mules: that one case is linked to both, and nothing
else is. Bridges are found one at a time (the one whose removal leaves the
largest smaller side first, then the lowest case id), removed, and the search
runs again until none is left. The groups are then the connected components of
the cases that are not bridges; every bridge is listed in each group it is
linked to, and marked as a bridge when that is more than one.

Two groups are therefore merged only when at least two *independent* links join
them: two different cases each linked to both, or links between two different
pairs of cases (a shared device between two cases and a shared cash-out account
between two others): no single case can be removed to separate them. Several
pieces of evidence between the same two cases are one link. Independence is
counted over any path: a ring of groups, each joined to the next by one case,
is one campaign.
"""

from __future__ import annotations

from collections import defaultdict

MIN_SIDE = 2      # a side of a bridge is a campaign of its own when it has this many cases


def _adjacency(ids, strong) -> dict[str, set]:
    adj: dict[str, set] = {c: set() for c in ids}
    for a, b in strong:
        adj[a].add(b)
        adj[b].add(a)
    return adj


def _components(nodes, adj, without=frozenset()) -> list[list[str]]:
    """Connected components of ``adj`` restricted to ``nodes`` minus ``without``, each sorted."""
    seen, out = set(without), []
    for start in sorted(nodes):
        if start in seen:
            continue
        seen.add(start)
        comp, stack = [], [start]
        while stack:
            x = stack.pop()
            comp.append(x)
            for y in adj[x]:
                if y not in seen and y in nodes:
                    seen.add(y)
                    stack.append(y)
        out.append(sorted(comp))
    return out


def _separated_sides(comp: list[str], adj) -> dict[str, list[int]]:
    """Articulation points of ``comp`` -> sizes of the parts their removal leaves (one DFS, Tarjan)."""
    if len(comp) < 3:
        return {}
    inside = set(comp)
    root = comp[0]
    order, low, size = {root: 0}, {root: 0}, {root: 1}
    sides: dict[str, list[int]] = defaultdict(list)
    stack = [(root, None, iter(sorted(adj[root] & inside)))]
    while stack:
        x, parent, it = stack[-1]
        y = next(it, None)
        if y is None:
            stack.pop()
            if parent is not None:
                low[parent] = min(low[parent], low[x])
                size[parent] += size[x]
                if low[x] >= order[parent]:     # x's subtree hangs on parent alone
                    sides[parent].append(size[x])
            continue
        if y == parent:
            continue
        if y in order:
            low[x] = min(low[x], order[y])
            continue
        order[y] = low[y] = len(order)
        size[y] = 1
        stack.append((y, x, iter(sorted(adj[y] & inside))))
    out = {}
    for x, parts in sides.items():
        rest = len(comp) - 1 - sum(parts)
        parts = parts + [rest] if rest > 0 else parts
        if len(parts) >= 2:
            out[x] = sorted(parts, reverse=True)
    return out


def _next_bridge(nodes: set, adj) -> str | None:
    """The next bridge to take out: most even split first, then the lowest case id; None if none."""
    best = None
    for comp in _components(nodes, adj):
        for x, sides in sorted(_separated_sides(comp, adj).items()):
            big = [n for n in sides if n >= MIN_SIDE]
            if len(big) < 2:
                continue
            key = (-big[1], -big[0], x)
            if best is None or key < best[0]:
                best = (key, x)
    return None if best is None else best[1]


def group_cases(ids, strong) -> tuple[list[list[str]], set[str]]:
    """(groups of case ids, bridge cases): groups sorted by size then first case, cases sorted.

    A bridge appears in every group it is linked to; a bridge linked to no group that is
    left (every neighbour a bridge too) is a group of its own.
    """
    adj = _adjacency(ids, strong)
    nodes = set(ids)
    taken: list[str] = []
    while True:
        x = _next_bridge(nodes, adj)
        if x is None:
            break
        taken.append(x)
        nodes.discard(x)
    groups = _components(nodes, adj)
    where = {c: i for i, g in enumerate(groups) for c in g}
    extra: dict[int, list] = defaultdict(list)
    bridges = set()
    for x in taken:
        linked = sorted({where[y] for y in adj[x] if y in where})
        if not linked:
            groups.append([x])
            continue
        for gi in linked:
            extra[gi].append(x)
        if len(linked) > 1:
            bridges.add(x)
    groups = [sorted(g + extra.get(i, [])) for i, g in enumerate(groups)]
    return sorted(groups, key=lambda g: (-len(g), g)), bridges
