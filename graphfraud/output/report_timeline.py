"""The report's timeline of a campaign, drawn here as inline SVG."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from decimal import Decimal

from graphfraud.analysis.report_campaigns import amount_text, as_decimal
from graphfraud.output.i18n import fmt_date, fmt_int, fmt_money, t
from graphfraud.output.report_text import money_short


def timeline_svg(cases: list[dict], lang: str, width: int = 900, height: int = 230) -> str:
    """Reports over time: one dot per case (area ∝ loss), the cumulative loss as a step line."""
    from graphfraud.output.html import esc

    pts = sorted(((c["report_epoch"], float(as_decimal(c.get("amount_lost"))), c) for c in cases
                  if c.get("report_epoch") is not None), key=lambda x: (x[0], x[2]["id"]))
    if not pts:
        return ""
    left, right, top, bottom = 70, width - 20, 18, height - 46
    t0, t1 = pts[0][0] - 86400, pts[-1][0] + 86400
    span = max(t1 - t0, 1)
    total = sum(p[1] for p in pts) or 1.0
    biggest = max(p[1] for p in pts) or 1.0

    def x(ts):
        return left + (ts - t0) / span * (right - left)

    def y(v):
        return bottom - v / total * (bottom - top)

    out = [(f'<svg class="gf-timeline" viewBox="0 0 {width} {height}" width="100%" role="img" '
           f'aria-label="{esc(t("timeline", lang))}">'),
           (f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" fill="#fafafa" '
           f'stroke="#e5e7eb"/>')]
    _axes(out, x, y, (left, right, bottom), (t0, t1, span), total, lang)
    # cumulative loss (step line)
    cum = 0.0
    path = [f"M{x(t0):.1f},{y(0):.1f}"]
    for ts, amt, _c in pts:
        path.append(f"H{x(ts):.1f}")
        cum += amt
        path.append(f"V{y(cum):.1f}")
    path.append(f"H{x(t1):.1f}")
    out.append(f'<path d="{" ".join(path)}" fill="none" stroke="#b91c1c" stroke-width="2"/>')
    out.append(f'<text x="{left + 6}" y="{top + 14}" text-anchor="start" font-size="11" fill="#b91c1c">'
               f'{esc(t("timeline.cumulative", lang))}: '
               f'{esc(fmt_money(amount_text(Decimal(str(cum))), lang))}</text>')
    # one dot per case, on the cumulative line where it adds its loss
    cum = 0.0
    for ts, amt, c in pts:
        cum += amt
        r = 3 + 9 * math.sqrt(amt / biggest) if biggest else 4
        label = f"{c['id']} — {fmt_date(ts, lang)} — {fmt_money(c.get('amount_lost'), lang)}"
        if c.get("victim_name"):
            label += f" — {c['victim_name']}"
        out.append(f'<circle cx="{x(ts):.1f}" cy="{y(cum):.1f}" r="{r:.1f}" fill="#ef4444" fill-'
                   'opacity="0.55" '
                   f'stroke="#7f1d1d"><title>{esc(label)}</title></circle>')
    out.append(f'<text x="{left}" y="{height - 8}" font-size="11" fill="#4b5563">'
               f'{esc(t("timeline", lang))} ({esc(fmt_int(len(pts), lang))} '
               f'{esc(t("cases", lang).lower())})</text>')
    out.append("</svg>")
    return "".join(out)


def _axes(out: list, x, y, box: tuple, times: tuple, total: float, lang: str) -> None:
    """The timeline's axes, appended to ``out``: money at 0, half and the total; about six dates."""
    from graphfraud.output.html import esc

    left, right, bottom = box
    t0, t1, span = times
    # y axis: 0, half, total
    for frac in (0, 0.5, 1):
        yy = y(total * frac)
        out.append(f'<line x1="{left}" y1="{yy:.1f}" x2="{right}" y2="{yy:.1f}" stroke="#e5e7eb"/>')
        out.append(f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end" font-size="11" fill="#4b5563">'
                   f'{esc(money_short(total * frac, lang))}</text>')
    # x axis ticks: about six dates
    days = max(1, int(span // 86400))
    step = max(1, math.ceil(days / 6))
    d0 = datetime.fromtimestamp(t0, tz=_tz()).replace(hour=0, minute=0, second=0, microsecond=0)
    d0 += timedelta(days=1)
    d = d0
    while d.timestamp() <= t1:
        xx = x(d.timestamp())
        out.append(f'<line x1="{xx:.1f}" y1="{bottom}" x2="{xx:.1f}" y2="{bottom + 5}" stroke="#6b7280"/>')
        out.append(f'<text x="{xx:.1f}" y="{bottom + 18}" text-anchor="middle" font-size="11" fill="#374151">'
                   f'{esc(fmt_date(int(d.timestamp()), lang))}</text>')
        d += timedelta(days=step)


def _tz():
    from graphfraud.normalize.timestamp import LOCAL_TZ

    return LOCAL_TZ
