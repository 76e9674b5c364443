"""Inline SVG drawings: legend symbols and the static drawing of a graph for printing."""

from __future__ import annotations

import math

from graphfraud.output.page_safety import esc


def symbol_svg(shape: str, colour: str, size: int = 14, dashed: bool = False, line: bool = False) -> str:
    """A small inline SVG of a legend symbol (no external references)."""
    c = esc(colour)
    s = size
    h = s / 2
    if line:
        dash = ' stroke-dasharray="3 2"' if dashed else ""
        return (f'<svg class="gf-sym" width="{s + 8}" height="{s}" viewBox="0 0 {s + 8} {s}" aria-'
                'hidden="true">'
                f'<line x1="1" y1="{h}" x2="{s + 7}" y2="{h}" stroke="{c}" stroke-width="2.5"{dash}/></svg>')
    body = _shape_svg(shape, h, h, h - 1, c, "#374151")
    return (f'<svg class="gf-sym" width="{s}" height="{s}" viewBox="0 0 {s} {s}" aria-hidden="true">'
            f'{body}</svg>')


def _shape_svg(shape: str, x: float, y: float, r: float, fill: str, stroke: str, sw: float = 1) -> str:
    a = f'fill="{fill}" stroke="{stroke}" stroke-width="{sw}"'
    if shape in ("dot", "circle", "ellipse"):
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {a}/>'
    if shape in ("square", "box"):
        k = 0.7 if shape == "box" else 1
        return f'<rect x="{x - r:.1f}" y="{y - r * k:.1f}" width="{2 * r:.1f}" height="{2 * r * k:.1f}" {a}/>'
    if shape == "triangle":
        pts = [(x, y - r), (x + r * 0.95, y + r * 0.8), (x - r * 0.95, y + r * 0.8)]
    elif shape == "triangleDown":
        pts = [(x, y + r), (x + r * 0.95, y - r * 0.8), (x - r * 0.95, y - r * 0.8)]
    elif shape == "diamond":
        pts = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    elif shape == "hexagon":
        pts = [(x + r * math.cos(math.pi / 3 * i), y + r * math.sin(math.pi / 3 * i)) for i in range(6)]
    elif shape == "star":
        pts = [(x + (r if i % 2 == 0 else r * 0.45) * math.sin(math.pi / 5 * i),
                y - (r if i % 2 == 0 else r * 0.45) * math.cos(math.pi / 5 * i)) for i in range(10)]
    else:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {a}/>'
    return '<polygon points="' + " ".join(f"{px:.1f},{py:.1f}" for px, py in pts) + f'" {a}/>'


def static_svg(payload: dict, width: int = 1000, height: int = 620, labels_max: int = 120,
               title: str = "") -> str:
    """A static drawing of the graph (same layout) for printing; text escaped, nothing remote."""
    nodes = payload["nodes"]
    if not nodes:
        return ""
    xs = [n["x"] for n in nodes]
    ys = [n["y"] for n in nodes]
    pad = 30
    span_x = max(max(xs) - min(xs), 1)
    span_y = max(max(ys) - min(ys), 1)
    k = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)

    def px(n):
        return pad + (n["x"] - min(xs)) * k + ((width - 2 * pad) - span_x * k) / 2, \
            pad + (n["y"] - min(ys)) * k + ((height - 2 * pad) - span_y * k) / 2

    where = {n["id"]: px(n) for n in nodes}
    out = [(f'<svg class="gf-static" viewBox="0 0 {width} {height}" width="100%" role="img" '
           f'aria-label="{esc(title)}">')]
    for e in payload["edges"]:
        a, b = where.get(e["from"]), where.get(e["to"])
        if a is None or b is None:
            continue
        colour = e.get("color", {}).get("color", "#9ca3af")
        dash = ' stroke-dasharray="4 3"' if e.get("dashes") else ""
        out.append(f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" '
                   f'stroke="{esc(colour)}" '
                   f'stroke-width="{min(float(e.get("width", 1)), 4):.1f}" stroke-opacity="0.7"{dash}/>')
    show_labels = len(nodes) <= labels_max
    if show_labels and payload.get("layout") == "flow":
        out += [_edge_label(e, where) for e in payload["edges"] if e.get("label")]
    for n in nodes:
        x, y = where[n["id"]]
        r = max(3.0, min(14.0, float(n.get("size", 10)) * 0.55))
        col = n.get("color", {})
        focus = bool((n.get("gf") or {}).get("focus"))
        if focus:   # the searched identifier: a ring, as on the screen
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r + 4:.1f}" fill="#fde68a" stroke="#111827" '
                       'stroke-width="2"/>')
        out.append(_shape_svg(n.get("shape", "dot"), x, y, r, esc(col.get("background", "#9ca3af")),
                              esc(col.get("border", "#374151")), 1.2))
        if show_labels:
            weight = ' font-weight="bold"' if focus else ""
            out.append(f'<text x="{x:.1f}" y="{y + r + 9:.1f}" text-anchor="middle" font-size="8"{weight}>'
                       f'{esc(n.get("label", ""))}</text>')
    out.append("</svg>")
    return "".join(out)


def _edge_label(e: dict, where: dict) -> str:
    """A money-flow link's amount and time, at the middle of the link."""
    a, b = where.get(e["from"]), where.get(e["to"])
    if a is None or b is None:
        return ""
    x, y = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    lines = str(e["label"]).split("\n")
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else 8}">{esc(line)}</tspan>'
                    for i, line in enumerate(lines))
    return (f'<text x="{x:.1f}" y="{y - 3:.1f}" text-anchor="middle" font-size="6.5" fill="#7f1d1d" '
            f'stroke="#ffffff" stroke-width="2" paint-order="stroke">{spans}</text>')
