"""Positions of a graph's nodes, computed in Python: seeded force-directed ones (igraph) for graphs too
large for physics, and the left-to-right columns of a money flow (:func:`flow_layout`)."""

from __future__ import annotations

import math

PHYSICS_MAX = 300          # above this many drawn nodes: precomputed layout, physics off
LAYOUT_SEED = 7


def layout(n: int, pairs: list[tuple[int, int]], seed: int = LAYOUT_SEED,
           spacing: float = 70.0) -> list[tuple[float, float]]:
    """Seeded Fruchterman–Reingold positions (igraph) in screen pixels.

    Each connected component is laid out on its own and the components are
    packed in rows, largest first, so isolated nodes form a tidy grid instead of
    drifting around the main component.
    """
    if n == 0:
        return []
    from igraph import GraphBase  # igraph's own Graph imports numpy (0.15 s) to check its arguments

    from graphfraud.analysis.igraph_random import seeded

    g = GraphBase(n, sorted({(min(a, b), max(a, b)) for a, b in pairs if a != b}), False)
    members: dict[int, list[int]] = {}
    for node, comp in enumerate(g.connected_components()):
        members.setdefault(comp, []).append(node)
    comps = sorted(members.values(), key=lambda c: (-len(c), c[0]))
    blocks = []
    with seeded(seed):  # igraph's draws from this call's own generator (graphfraud.analysis.igraph_random)
        for comp in comps:
            m = len(comp)
            if m == 1:
                coords = [(0.0, 0.0)]
            elif m == 2:
                coords = [(0.0, 0.0), (1.0, 0.0)]
            else:
                sub = g.induced_subgraph(comp)
                r0 = math.sqrt(m)
                start = [[math.cos(2 * math.pi * i / m) * r0, math.sin(2 * math.pi * i / m) * r0]
                         for i in range(m)]
                # 500 iterations where the browser's physics would otherwise move the nodes; a
                # larger drawing is fixed, and 250 grid iterations settle it at half the cost (each
                # iteration draws two random numbers per node)
                coords = sub.layout_fruchterman_reingold(seed=start, niter=500 if m <= PHYSICS_MAX else 250,
                                                         grid="nogrid" if m <= PHYSICS_MAX else "grid")
            xs, ys = [c[0] for c in coords], [c[1] for c in coords]
            span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
            k = (spacing * (1.6 * math.sqrt(m) if m > 2 else 1)) / span if m > 1 else 0.0
            pts = [((x - min(xs)) * k, (y - min(ys)) * k) for x, y in coords]
            blocks.append((comp, pts, max(p[0] for p in pts), max(p[1] for p in pts)))
    area = sum((w + spacing) * (h + spacing) for _, _, w, h in blocks)
    row_max = max(max(w for _, _, w, _ in blocks) + spacing, math.sqrt(area) * 1.4)
    out: list = [None] * n
    x = y = row_h = 0.0
    for comp, pts, w, h in blocks:
        if x > 0 and x + w > row_max:
            x, y, row_h = 0.0, y + row_h + spacing, 0.0
        for node, (px, py) in zip(comp, pts):
            out[node] = (x + px, y + py)
        x += w + spacing
        row_h = max(row_h, h)
    xs = [p[0] for p in out]
    ys = [p[1] for p in out]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return [(round(px - cx, 1), round(py - cy, 1)) for px, py in out]


FLOW_COLUMN = 260.0        # money-flow layout: pixels between hop columns
FLOW_ROW = 110.0           # and between the accounts of one column


def flow_layout(n: int, arcs: list[tuple[int, int]], roots: list[int] = (), last: list[int] = (),
                column: float = FLOW_COLUMN, row: float = FLOW_ROW) -> tuple[list[tuple[float, float]], set]:
    """Left-to-right positions of a money flow: every arc ``a → b`` goes to a column further right.

    ``arcs`` are the directed money links (node indices), ``roots`` the starting accounts (column 0
    when nothing flows into them), ``last`` the nodes drawn in the rightmost column (cash-out, abroad).
    Cycles are broken at the arcs a depth-first walk from the roots meets going back (returned as the
    set of such ``(a, b)``, drawn right to left); a node's column is its longest path from a root
    over the other arcs. Within a column the nodes are ordered by the mean row of their neighbours
    (two sweeps), ties by index, so the result depends on nothing but the input.
    """
    if n == 0:
        return [], set()
    succ: list[list[int]] = [[] for _ in range(n)]
    for a, b in sorted({(a, b) for a, b in arcs if a != b}):
        succ[a].append(b)
    back = _back_arcs(n, succ, list(roots))
    pred: list[list[int]] = [[] for _ in range(n)]
    for a in range(n):
        for b in succ[a]:
            if (a, b) not in back:
                pred[b].append(a)
    col = _longest_path_columns(n, succ, pred, back)
    if last:
        right = max(col)
        for i in last:
            if not any((i, b) not in back for b in succ[i]):   # only a node money leaves no further
                col[i] = max(col[i], right)
    columns: dict[int, list[int]] = {}
    for i in range(n):
        columns.setdefault(col[i], []).append(i)
    rank = {i: r for c in columns.values() for r, i in enumerate(c)}
    nxt: list[list[int]] = [[] for _ in range(n)]
    for b in range(n):
        for a in pred[b]:
            nxt[a].append(b)
    for neighbours, order in ((pred, sorted(columns)), (nxt, sorted(columns, reverse=True)),
                              (pred, sorted(columns))):
        for c in order:
            members = columns[c]
            key = {i: (sum(rank[j] for j in neighbours[i]) / len(neighbours[i]) if neighbours[i] else rank[i], i)
                   for i in members}
            members.sort(key=lambda i: key[i])
            for r, i in enumerate(members):
                rank[i] = r
    width = max(columns)
    out: list = [None] * n
    for c, members in columns.items():
        for r, i in enumerate(members):
            out[i] = (round((c - width / 2) * column, 1), round((r - (len(members) - 1) / 2) * row, 1))
    return out, back


def _back_arcs(n: int, succ: list[list[int]], roots: list[int]) -> set:
    """The arcs that close a cycle, found by an iterative depth-first walk (roots first, then by index)."""
    state = [0] * n            # 0 unseen, 1 on the walk's path, 2 done
    back: set = set()
    for start in list(dict.fromkeys(roots)) + list(range(n)):
        if state[start]:
            continue
        state[start] = 1
        stack = [(start, iter(succ[start]))]
        while stack:
            node, it = stack[-1]
            for b in it:
                if state[b] == 1:
                    back.add((node, b))
                elif state[b] == 0:
                    state[b] = 1
                    stack.append((b, iter(succ[b])))
                    break
            else:
                state[node] = 2
                stack.pop()
    return back


def _longest_path_columns(n: int, succ: list[list[int]], pred: list[list[int]], back: set) -> list[int]:
    """Each node's column: the length of the longest path reaching it over the arcs that are not back arcs."""
    import heapq

    indeg = [len(p) for p in pred]
    ready = [i for i in range(n) if indeg[i] == 0]
    heapq.heapify(ready)
    col = [0] * n
    while ready:
        a = heapq.heappop(ready)
        for b in succ[a]:
            if (a, b) in back:
                continue
            col[b] = max(col[b], col[a] + 1)
            indeg[b] -= 1
            if indeg[b] == 0:
                heapq.heappush(ready, b)
    return col
