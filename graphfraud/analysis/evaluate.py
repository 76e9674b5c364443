"""Measure the detectors against ground truth: planted demo data and public labelled data.

``evaluate()`` generates the demo case folder for each seed and size, loads it
into a fresh embedded store and scores every analysis against the generator's
``ground_truth.json``:

=====================  =====================================================================
mules                  precision / recall / F1 of flagged accounts vs the planted mules
                       (tier 1 and tier 2); how many merchants, merchant settlement, payroll,
                       hub, family-forwarder and cash-out accounts were flagged
communities            adjusted Rand index between the planted organisation of every
                       organisation identifier (mule and cash-out accounts, scam phones,
                       devices, IPs, social accounts, URLs, e-mails) and the cluster it is in
                       (an identifier in no cluster is a cluster of its own)
link_cases             pairwise precision / recall / F1 of same-campaign case pairs
trace                  share of victims whose forward trace from their account reaches a
                       cash-out account their money reached (``cashout_reached``)
organizers             share of the planted cash-out accounts among the top 3×K organiser
                       candidates (K = number of organisations)
=====================  =====================================================================

and, for each folder of AMLSim output (``nodes.csv`` with ``isFraud`` labels and
``transactions.csv``), loads the transfers with the mapping
``sourceNodeId=from_account, targetNodeId=to_account, value=amount,
time=timestamp`` and scores the mule flags against ``isFraud = 1`` accounts. The
AMLSim figures are reported as they come out; the best-F1 threshold is a
*diagnostic* (it is chosen on the labels, so it is not a result).

Nothing here knows about the demo or AMLSim beyond reading their labels: the
analyses run exactly as ``graphfraud mules`` etc. would.
"""

from __future__ import annotations

import csv
import json
import math
import tempfile
from pathlib import Path

from graphfraud.analysis.eval_metrics import adjusted_rand_index, best_f1, pairwise, prf, roc_auc  # noqa: F401
from graphfraud.analysis.evaluate_labelled import evaluate_labelled, labelled_accounts
from graphfraud.analysis.evaluate_steps import org_items as _org_items  # noqa: F401 - kept for tests/neo4j/test_gds.py
from graphfraud.analysis.evaluate_steps import timed as _timed

AMLSIM_MAPS = ("sourceNodeId=from_account", "targetNodeId=to_account", "value=amount", "time=timestamp")
DEFAULT_SEEDS = (1, 2, 3)
DEFAULT_SIZES = (None,)


# ------------------------------------------------------------------ demo


def evaluate_demo(seed: int, size: int | None, workdir: Path, progress=None, scenario=None,
                  writer: str = "as-generated") -> dict:
    """Generate, load and score one demo folder; one row of the demo table.

    ``scenario``: a :class:`graphfraud.demo.scenario.Scenario` (or its seed) to generate a
    randomised scenario instead of the classic demo; its row also holds the grid's
    measures (see :mod:`graphfraud.analysis.evaluate_grid`). ``writer``: the folder is first rewritten
    as that writer would have written it (see :mod:`graphfraud.analysis.evaluate_writers`)."""
    from graphfraud.analysis import evaluate_steps as steps
    from graphfraud.analysis.evaluate_writers import rewrite
    from graphfraud.analysis.graphview import GraphView
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    times: dict = {}
    manifest, gt, db = _generate_demo(times, seed, size, workdir, scenario)
    row: dict = {"dataset": "demo", "seed": seed, "size": size, "transfers": manifest.n_transfers,
                 "orgs": manifest.n_orgs}
    with SQLiteStore(db) as store:
        _timed(times, "load", load_files, store, rewrite(manifest.files, writer), progress=progress)
        stats = store.stats()
        row["accounts"] = stats["nodes"].get("account", 0)
        row["transfer_edges"] = stats["edges"].get("transfer", 0)
        row["cases"] = stats["nodes"].get("case", 0)
        view = _timed(times, "graph_view", GraphView.from_store, store)
        fl = steps.measure_mules(times, row, store, view, gt)
        clusters = steps.measure_communities(times, row, store, view, gt)
        steps.measure_campaigns(times, row, store, gt)
        steps.measure_trace(times, row, store, gt)
        orgs = steps.measure_organizers(times, row, store, view, gt, clusters)
        if scenario is not None:
            from graphfraud.analysis.evaluate_grid import scenario_measures

            row.update(_timed(times, "grid_measures", scenario_measures, store, view, gt, fl, orgs))
    row["seconds"] = times
    return row


def _generate_demo(times: dict, seed: int, size: int | None, workdir: Path, scenario):
    """Generate the demo folder; (manifest, ground truth, path of a fresh store file)."""
    from graphfraud.demo.generator import generate

    folder = Path(workdir) / (f"demo-seed{seed}-{size or 'default'}"
                              + ("" if scenario is None else "-scenario"))
    manifest = _timed(times, "generate", generate, folder / "data", seed=seed, n_transfers=size,
                      scenario=scenario)
    gt = json.loads(Path(manifest.ground_truth).read_text(encoding="utf-8"))
    db = folder / "graphfraud.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return manifest, gt, db


# ------------------------------------------------------------------ AMLSim


def amlsim_folders(amlsim_dir) -> list[Path]:
    """Folders holding an AMLSim output (``transactions.csv`` and ``nodes.csv``)."""
    root = Path(amlsim_dir)
    cands = [root] + sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    return [p for p in cands if (p / "transactions.csv").is_file() and (p / "nodes.csv").is_file()]


def default_amlsim_dir(setting: str | None = None) -> Path | None:
    """The AMLSim folder ``evaluate`` reads when none is named: ``setting`` (the configuration's
    ``amlsim``, ``GRAPHFRAUD_AMLSIM``) if it holds AMLSim outputs, else ``../shared/datasets/amlsim``
    if that does; None if neither."""
    for cand in ([setting] if setting else []) + ["../shared/datasets/amlsim"]:
        p = Path(cand)
        if p.is_dir() and amlsim_folders(p):
            return p
    return None


def _amlsim_dir(amlsim_dir, setting: str | None) -> Path | None:
    """The AMLSim folder to read: the one named (refused if it holds no AMLSim output), none for
    ``False``, else :func:`default_amlsim_dir` of the configuration's ``setting``."""
    from graphfraud.errors import UsageError

    if amlsim_dir is None:
        return default_amlsim_dir(setting)
    if amlsim_dir is False or amlsim_dir == "":
        return None
    aml = Path(amlsim_dir)
    if not amlsim_folders(aml):
        raise UsageError(f"{aml}: no AMLSim output here (a folder with transactions.csv and nodes.csv)")
    return aml


AMLSIM_ID_COLUMNS = ("nodeid", "account_id", "acct_id")   # AMLSim's name for it, by release


def _amlsim_labels(nodes_csv: Path, normalize) -> tuple[set, set]:
    """The accounts of an AMLSim ``nodes.csv`` with ``isFraud = 1`` and the others.

    The id column is named ``nodeid`` in AMLSim's early samples and ``ACCOUNT_ID`` in later
    ones; a file with neither is refused rather than read as if every account were unlabelled.
    """
    from graphfraud.errors import UsageError

    positives, negatives = set(), set()
    with open(nodes_csv, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        names = {str(n).strip().lower(): n for n in reader.fieldnames or ()}
        key = next((names[c] for c in AMLSIM_ID_COLUMNS if c in names), None)
        if key is None or not any(n.lower() == "isfraud" for n in names):
            raise UsageError(f"{nodes_csv}: no account id column ({', '.join(AMLSIM_ID_COLUMNS)}) "
                             "or no isFraud column")
        label = next(names[n] for n in names if n == "isfraud")
        for r in reader:
            try:
                acct = normalize("account", r[key]).value
            except ValueError:   # not loadable as an account: still a label, never flagged
                acct = "unloadable:" + str(r[key])
            fraud = str(r.get(label, "")).strip().lower() in ("1", "1.0", "true")
            (positives if fraud else negatives).add(acct)
    return positives, negatives


def evaluate_amlsim(folder: Path, workdir: Path, progress=None) -> dict:
    """Load one AMLSim folder's transfers and score the mule flags against ``isFraud``."""
    from graphfraud.normalize import normalize

    folder = Path(folder)
    positives, negatives = _amlsim_labels(folder / "nodes.csv", normalize)
    return scored_against_labels(f"amlsim/{folder.name}", [folder / "transactions.csv"], positives, negatives,
                                 Path(workdir) / f"amlsim-{folder.name}" / "graphfraud.db", progress,
                                 kind="transactions", maps=AMLSIM_MAPS)


def scored_against_labels(name: str, files: list[Path], positives: set, negatives: set, db: Path, progress=None,
                          **load_options) -> dict:
    """Load ``files`` into a new embedded store at ``db`` and score every account's mule flag and score
    against the labelled accounts: precision, recall and F1 at the default threshold, the score's
    AUC, and (a diagnostic) the best F1 over thresholds chosen on the labels."""
    from graphfraud.analysis.graphview import GraphView
    from graphfraud.analysis.mules import DEFAULT_THRESHOLD, mules
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    times: dict = {}
    db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    row: dict = {"dataset": name, "labelled_accounts": len(positives) + len(negatives), "positives": len(positives)}
    with SQLiteStore(db) as store:
        rep = _timed(times, "load", load_files, store, files, progress=progress, **load_options)
        stats = store.stats()
        row["accounts"] = stats["nodes"].get("account", 0)
        row["transfer_edges"] = stats["edges"].get("transfer", 0)
        row["rows"] = rep.total_rows
        row["rejects"] = rep.total_rejects
        view = _timed(times, "graph_view", GraphView.from_store, store)
        scored = _timed(times, "mules", mules, store, explain=False, include_all=True, view=view)
    thr = DEFAULT_THRESHOLD
    scores = {m["value"]: m["score"] for m in scored}
    flagged = {a for a, s in scores.items() if s >= thr}
    m = prf(flagged, positives)
    row["positives_loaded"] = len(positives & set(scores))
    row.update({"threshold": thr, "mule_precision": m["precision"], "mule_recall": m["recall"],
                "mule_f1": m["f1"], "flagged": m["predicted"], "true_positives": m["tp"]})
    row["mule_auc"] = roc_auc(scores, positives, negatives)
    b = best_f1(scores, positives)
    row["diagnostic_best_f1"] = {"note": "threshold chosen on the labels: a diagnostic, not a result", **b}
    row["base_rate"] = len(positives) / max(1, len(positives) + len(negatives))
    row["seconds"] = times
    return row


# ------------------------------------------------------------------ entry point


def _mean(rows: list[dict], key: str):
    vals = [r[key] for r in rows if isinstance(r.get(key), (int, float)) and not isinstance(r.get(key), bool)
            and not (isinstance(r.get(key), float) and math.isnan(r[key]))]
    return sum(vals) / len(vals) if vals else None


def evaluate(seeds=DEFAULT_SEEDS, sizes=DEFAULT_SIZES, amlsim_dir=None, workdir=None, progress=None,
             grid: bool = False, tuning_seeds=None, held_out_seeds=None, amlsim_setting: str | None = None,
             writer: str = "as-generated", labelled=()) -> dict:
    """Run every analysis on demo data (each seed × size) and on AMLSim; return the tables.

    ``grid=True``: instead of the classic demo per seed, run one randomised scenario per seed
    of ``tuning_seeds`` and ``held_out_seeds`` (default :data:`evaluate_grid.TUNING_SEEDS`
    and :data:`evaluate_grid.HELD_OUT_SEEDS`) at the first of ``sizes``; the result then
    holds ``grid`` (per-seed rows) and ``grid_summary`` (min and median per measure, over
    tuning and held-out seeds separately, by report-rate band) instead of ``demo``. Every demo
    folder is first rewritten as ``writer`` would write it (see :mod:`evaluate_writers`).

    ``sizes``: background transfers per demo (``None`` = the generator's default).
    ``amlsim_dir``: a folder of AMLSim outputs (default: :func:`default_amlsim_dir` of
    ``amlsim_setting``, the configuration's ``amlsim``); ``False`` skips AMLSim.
    ``labelled``: transfer files whose rows carry a laundering or fraud label (see
    :mod:`evaluate_labelled`), each scored as AMLSim is, in ``labelled``.
    ``workdir``: where generated data and stores go (default: a temporary folder,
    removed afterwards). Returns ``{demo: [rows], demo_mean: [rows], amlsim: [rows], labelled: [rows]}``.
    """
    from graphfraud.errors import UsageError

    seeds = tuple(int(s) for s in seeds)
    sizes = tuple(None if s in (None, "default", "", 0) else int(s) for s in sizes)
    if not seeds or not sizes:
        raise UsageError("give at least one seed and one size")
    if any(s is not None and s < 0 for s in sizes):
        raise UsageError("--sizes must be 0 or more transfers (or 'default')")
    aml = _amlsim_dir(amlsim_dir, amlsim_setting)
    labels = {f: labelled_accounts(f) for f in labelled}   # a file without labels is refused before any work
    tmp = None
    if workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="graphfraud-eval-")
        work = Path(tmp.name)
    else:
        work = Path(workdir)
        work.mkdir(parents=True, exist_ok=True)
    try:
        if grid:
            from graphfraud.analysis.evaluate_grid import run_grid

            out = run_grid(tuning_seeds, held_out_seeds, sizes[0], work, progress, writer=writer)
            out["amlsim"] = [evaluate_amlsim(f, work, progress) for f in amlsim_folders(aml)] if aml else []
            out["amlsim_dir"] = str(aml) if aml else None
            out["labelled"] = [evaluate_labelled(f, work, progress, labels[f]) for f in labelled]
            return out
        demo = [evaluate_demo(seed, size, work, progress, writer=writer) for size in sizes for seed in seeds]
        mean_rows = []
        for size in sizes:
            rows = [r for r in demo if r["size"] == size]
            if not rows:
                continue
            keys = [k for k in rows[0] if k not in ("dataset", "seed", "size", "seconds")]
            mean = {"dataset": "demo (mean)", "seeds": ",".join(str(r["seed"]) for r in rows)}
            for k in keys:
                mean[k] = _mean(rows, k)
            mean["trace_mean_s"] = _mean([r["seconds"] for r in rows], "trace_mean")
            mean["link_cases_s"] = _mean([r["seconds"] for r in rows], "link_cases")
            mean_rows.append(mean)
        amlsim = [evaluate_amlsim(f, work, progress) for f in amlsim_folders(aml)] if aml else []
        others = [evaluate_labelled(f, work, progress, labels[f]) for f in labelled]
    finally:
        if tmp is not None:
            tmp.cleanup()
    return {"demo": demo, "demo_mean": mean_rows, "amlsim": amlsim,
            "amlsim_dir": str(aml) if aml else None, "labelled": others, "writer": writer}


# ------------------------------------------------------------------ presentation


def _f(x, digits: int = 3) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


DEMO_COLUMNS = (("seed", "seed"), ("transfers", "transfers"), ("mule_precision", "mule P"),
                ("mule_recall", "mule R"), ("mule_f1", "mule F1"), ("flagged_merchants", "merchants flagged"),
                ("flagged_payroll", "payroll flagged"), ("flagged_hubs", "hubs flagged"),
                ("community_ari", "community ARI"), ("link_precision", "link P"), ("link_recall", "link R"),
                ("link_f1", "link F1"), ("trace_recall", "trace recall"),
                ("organizer_cashout_coverage", "cash-out in top 3K"))
AMLSIM_COLUMNS = (("dataset", "dataset"), ("rows", "rows"), ("rejects", "rejects"), ("accounts", "accounts"),
                  ("transfer_edges", "transfers"), ("positives", "isFraud=1"),
                  ("positives_loaded", "isFraud=1 loaded"), ("flagged", "flagged"),
                  ("mule_precision", "mule P"),
                  ("mule_recall", "mule R"), ("mule_f1", "mule F1"), ("mule_auc", "mule score AUC"))


def table_rows(result: dict) -> list[dict]:
    """One flat row per demo run and AMLSim folder (for table / CSV output)."""
    rows = []
    for r in result.get("demo", []):
        rows.append({label: r.get(k) for k, label in DEMO_COLUMNS} | {
            "trace s (mean)": r["seconds"].get("trace_mean"), "link-cases s": r["seconds"].get("link_cases")})
    for r in result.get("amlsim", []) + result.get("labelled", []):
        d = r.get("diagnostic_best_f1", {})
        rows.append({"seed": r["dataset"], "transfers": r.get("transfer_edges"),
                     "mule P": r["mule_precision"], "mule R": r["mule_recall"], "mule F1": r["mule_f1"],
                     "mule score AUC": r.get("mule_auc"),
                     "best-F1 threshold (diagnostic)": d.get("threshold"),
                     "best F1 (diagnostic)": d.get("f1")})
    if result.get("grid"):
        from graphfraud.analysis.evaluate_grid import grid_table_rows

        rows = grid_table_rows(result) + rows
    return rows


def to_markdown(result: dict) -> str:
    """The evaluation as markdown tables (for the README)."""
    out = []
    if result.get("grid"):
        from graphfraud.analysis.evaluate_grid import grid_markdown

        out.append(grid_markdown(result))
    demo = result.get("demo", [])
    if demo:
        writer = result.get("writer") or "as-generated"
        out.append("Demo data (planted ground truth" + ("" if writer == "as-generated" else f"; files written {writer}")
                   + "):\n")
        out.append("| " + " | ".join(label for _, label in DEMO_COLUMNS) + " | trace s | link-cases s |")
        out.append("|" + "---|" * (len(DEMO_COLUMNS) + 2))
        for r in demo:
            cells = [_f(r.get(k)) for k, _ in DEMO_COLUMNS]
            cells[1] = f"{r['transfers']:,}"
            cells += [_f(r["seconds"].get("trace_mean"), 3), _f(r["seconds"].get("link_cases"), 2)]
            out.append("| " + " | ".join(cells) + " |")
        for m in result.get("demo_mean", []):
            cells = [_f(m.get(k)) for k, _ in DEMO_COLUMNS]
            cells[0] = "mean"
            cells[1] = f"{int(m['transfers']):,}" if m.get("transfers") else "–"
            cells += [_f(m.get("trace_mean_s"), 3), _f(m.get("link_cases_s"), 2)]
            out.append("| " + " | ".join(cells) + " |")
    for rows, title, positives in (
            (result.get("amlsim", []), "AMLSim (public, labelled; positive class isFraud = 1", "isFraud=1"),
            (result.get("labelled", []),
             ("Labelled transfer files (positive class: an account of a labelled transfer"), "positives")):
        if rows:
            out.append(f"\n{title}; mule flags at the default threshold):\n")
            out += _labelled_table(rows, positives)
            out.append("\nThe diagnostic columns pick the threshold on the labels themselves: they show how "
                       "well the score ranks, not a result one could expect on new data.")
    return "\n".join(out) + "\n"


def _labelled_table(rows: list[dict], positives: str) -> list[str]:
    labels = [label.replace("isFraud=1", positives) for _, label in AMLSIM_COLUMNS]
    out = ["| " + " | ".join(labels) + " | diagnostic: best-F1 threshold | P | R | F1 |",
           "|" + "---|" * (len(AMLSIM_COLUMNS) + 4)]
    for r in rows:
        d = r.get("diagnostic_best_f1", {})
        cells = [_f(r.get(k)) for k, _ in AMLSIM_COLUMNS]
        cells += [_f(d.get("threshold"), 4), _f(d.get("precision")), _f(d.get("recall")), _f(d.get("f1"))]
        out.append("| " + " | ".join(cells) + " |")
    return out
