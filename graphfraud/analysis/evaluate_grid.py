"""The evaluation grid: the detectors on randomised demo scenarios, tuning vs held-out seeds.

Every seed draws its own scenario (:meth:`graphfraud.demo.scenario.Scenario.draw`: mule
tiers, cash-out endings, rented accounts, partial reporting, repeat victims, sister groups,
look-alike parameters, duplicate rows, transfer-only folders) and is generated, loaded and
scored like the classic demo (:func:`graphfraud.analysis.evaluate.evaluate_demo`).

Thresholds and weights may be chosen by looking at the **tuning seeds** only
(:data:`TUNING_SEEDS`); the numbers to report are those of the **held-out seeds**
(:data:`HELD_OUT_SEEDS`), which nobody looks at while tuning. The summary gives, per
measure, the minimum and the median over each split, overall and by report-rate band
(share of victims who filed a report: at least 35 % vs lower; transfer-only folders count
as 0 %).

Measures per seed (besides the classic demo row): mule precision / recall / F1 over all
mule tiers, ROC AUC of the mule score (all accounts ranked), look-alike accounts flagged,
community ARI, pairwise precision / recall / F1 of linked cases (a case whose money reached
two organisations belongs to both campaigns: the true pairs are those of every campaign),
trace recall, and the share of cash-out accounts among the top 3×K organiser candidates and
among all organiser rows.
"""

from __future__ import annotations

TUNING_SEEDS = tuple(range(1, 9))
HELD_OUT_SEEDS = tuple(range(101, 113))
LOOKALIKE_KEYS = ("merchants", "merchant_settlement", "payroll", "hubs", "family_forwarders",
                  "legit_foreign_login_accounts")
MEASURES = (("mule_precision", "mule P"), ("mule_recall", "mule R"), ("mule_f1", "mule F1"),
            ("mule_auc", "mule AUC"), ("lookalikes_flagged", "look-alikes flagged"),
            ("community_ari", "community ARI"), ("link_precision", "link P"), ("link_recall", "link R"),
            ("link_f1", "link F1"), ("trace_recall", "trace recall"),
            ("organizer_cashout_coverage", "cash-out in top 3K"),
            ("organizer_cashout_recall_all", "cash-out in all organiser rows"))
BANDS = (("all", None), ("reports >= 35%", True), ("reports < 35%", False))


def scenario_measures(store, view, gt: dict, flagged: set, organizer_rows: list[dict]) -> dict:
    """The grid's extra measures for one loaded scenario folder."""
    from graphfraud.analysis.eval_metrics import roc_auc
    from graphfraud.analysis.mules import mules
    from graphfraud.demo.scenario import LOW_REPORT_RATE

    look = {a for k in LOOKALIKE_KEYS for a in gt.get(k, [])}
    scored = mules(store, explain=False, include_all=True, view=view)
    scores = {m["value"]: m["score"] for m in scored if m.get("type", "account") == "account"}
    cash = {("account", a) for a in gt["cashout"]}
    found = {(o["type"], o["value"]) for o in organizer_rows}
    sc = gt.get("scenario", {})
    share = gt.get("reported_share", 1.0)
    return {
        "scenario": sc, "reported_share": share, "high_report_band": share >= LOW_REPORT_RATE,
        "tiers": sc.get("tiers"), "transfer_only": gt.get("transfer_only", False),
        "flagged_workers": len(flagged & set(gt.get("legit_foreign_login_accounts", []))),
        "lookalikes_flagged": len(flagged & look), "lookalike_accounts": len(look),
        "mule_auc": roc_auc(scores, set(gt["mules"])),
        "organizer_rows": len(organizer_rows),
        "organizer_cashout_recall_all": len(found & cash) / len(cash) if cash else None,
    }


def run_grid(tuning_seeds=None, held_out_seeds=None, size=None, workdir=None, progress=None,
             writer: str = "as-generated") -> dict:
    """Generate, load and score one randomised scenario per seed, each folder rewritten as ``writer``
    would write it (:mod:`graphfraud.analysis.evaluate_writers`); return rows and summary."""
    from graphfraud.analysis.evaluate import evaluate_demo
    from graphfraud.demo.scenario import Scenario
    from graphfraud.errors import UsageError

    tuning = tuple(int(s) for s in (TUNING_SEEDS if tuning_seeds is None else tuning_seeds))
    held = tuple(int(s) for s in (HELD_OUT_SEEDS if held_out_seeds is None else held_out_seeds))
    if set(tuning) & set(held):
        both = sorted(set(tuning) & set(held))
        raise UsageError(f"seeds in both the tuning and the held-out lists: {both}")
    if not tuning and not held:
        raise UsageError("give at least one tuning or held-out seed")
    rows = []
    for split, seeds in (("tuning", tuning), ("held-out", held)):
        for seed in seeds:
            sc = Scenario.draw(seed)
            try:
                row = evaluate_demo(seed, size, workdir, progress, scenario=sc, writer=writer)
            except Exception as e:      # one broken scenario must not hide the others
                row = {"dataset": "scenario", "seed": seed, "error": f"{type(e).__name__}: {e}",
                       "seconds": {}}
            row.update({"split": split, "scenario_text": sc.describe()})
            rows.append(row)
    return {"grid": rows, "grid_summary": summarise(rows), "tuning_seeds": list(tuning),
            "held_out_seeds": list(held), "size": size, "writer": writer}


def summarise(rows: list[dict]) -> list[dict]:
    """Min and median of every measure per split and report-rate band."""
    from graphfraud.analysis.eval_metrics import min_median

    out = []
    for split in ("held-out", "tuning"):
        for band, high in BANDS:
            sel = [r for r in rows if r.get("split") == split and "error" not in r
                   and (high is None or r.get("high_report_band") == high)]
            if not sel and high is not None:
                continue
            entry = {"split": split, "band": band, "seeds": [r["seed"] for r in sel]}
            for key, _ in MEASURES:
                lo, med, n = min_median(r.get(key) for r in sel)
                entry[key] = {"min": lo, "median": med, "n": n}
            out.append(entry)
    return out


COUNTS = {"lookalikes_flagged"}


def _f(x, digits: int = 3, key: str = "") -> str:
    if x is None:
        return "–"
    if key in COUNTS:
        return f"{x:g}"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


def _round(x):
    return round(x, 3) if isinstance(x, float) else x


def grid_table_rows(result: dict) -> list[dict]:
    """Per-seed rows, then min and median rows per split and band (for table / CSV output)."""
    rows = []
    for r in result.get("grid", []):
        row = {"split": r["split"], "seed": r["seed"],
               "reports": _f(r.get("reported_share"), 2), "tiers": r.get("tiers")}
        row |= {label: _round(r.get(k)) for k, label in MEASURES}
        if "error" in r:
            row["error"] = r["error"]
        rows.append(row)
    for s in result.get("grid_summary", []):
        for stat in ("min", "median"):
            row = {"split": f"{s['split']} {stat}", "seed": s["band"], "reports": "", "tiers": ""}
            row |= {label: _round(s[k][stat]) for k, label in MEASURES}
            rows.append(row)
    return rows


def grid_markdown(result: dict) -> str:
    """The grid as markdown: the held-out / tuning summary, then every seed."""
    writer = result.get("writer") or "as-generated"
    out = [f"Evaluation grid: randomised scenarios, tuning seeds {_seeds(result.get('tuning_seeds'))}, "
           f"held-out seeds {_seeds(result.get('held_out_seeds'))}"
           + ("" if writer == "as-generated" else f", files written {writer}") + ".\n",
           "| measure | " + " | ".join(f"{s['split']} {s['band']} (n={len(s['seeds'])}) min / median"
                                       for s in result.get("grid_summary", [])) + " |",
           "|---|" + "---|" * len(result.get("grid_summary", []))]
    for key, label in MEASURES:
        cells = [f"{_f(s[key]['min'], key=key)} / {_f(s[key]['median'], key=key)}"
                 for s in result.get("grid_summary", [])]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    out.append("\nPer seed:\n")
    out.append("| split | seed | scenario | reports | " + " | ".join(label for _, label in MEASURES) + " |")
    out.append("|" + "---|" * (len(MEASURES) + 4))
    for r in result.get("grid", []):
        cells = [r["split"], str(r["seed"]), r.get("scenario_text", ""), _f(r.get("reported_share"), 2)]
        cells += ([_f(r.get(k), key=k) for k, _ in MEASURES] if "error" not in r
                  else [r["error"]] + [""] * (len(MEASURES) - 1))
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def _seeds(seeds) -> str:
    seeds = list(seeds or [])
    if seeds and seeds == list(range(seeds[0], seeds[-1] + 1)) and len(seeds) > 2:
        return f"{seeds[0]}–{seeds[-1]}"
    return ", ".join(str(s) for s in seeds)
