"""Seeded positions of a graph's nodes, computed in Python (igraph) for graphs too large for physics."""

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
    import igraph as ig

    from graphfraud.analysis.igraph_random import seeded

    g = ig.Graph(n=n, edges=sorted(set((min(a, b), max(a, b)) for a, b in pairs if a != b)))
    comps = sorted((sorted(c) for c in g.connected_components()), key=lambda c: (-len(c), c[0]))
    blocks = []
    with seeded(seed):  # igraph's draws from this call's own generator (graphfraud.analysis.igraph_random)
        for comp in comps:
            m = len(comp)
            if m == 1:
                coords = [(0.0, 0.0)]
            elif m == 2:
                coords = [(0.0, 0.0), (1.0, 0.0)]
            else:
                sub = g.subgraph(comp)
                r0 = math.sqrt(m)
                start = [[math.cos(2 * math.pi * i / m) * r0, math.sin(2 * math.pi * i / m) * r0]
                         for i in range(m)]
                coords = sub.layout_fruchterman_reingold(seed=start, niter=500 if m <= 2000 else 250,
                                                         grid="nogrid" if m <= PHYSICS_MAX else "grid").coords
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
