"""Measure the transfer-structure score (graphfraud.analysis.structure) on labelled public data and the demo.

    PYTHONPATH=$PWD python bench/amlsim_structure.py [--amlsim DIR] [--seeds 1,2,3] [--work /tmp/x] [--reuse]

AMLSim: each folder with ``transactions.csv`` and ``nodes.csv`` is loaded into a fresh embedded store
exactly as a user would (``--kind transactions`` with the maps of ``evaluate.AMLSIM_MAPS``); the
``isFraud`` labels are read only to measure. Demo: ``graphfraud.demo.generator`` for each seed, all case
files loaded, and the confounder / mule / cash-out accounts of ``ground_truth.json`` counted.
The "best F1" column picks its threshold on the labels: a diagnostic of ranking, not a result.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CONFOUNDERS = ("merchants", "merchant_settlement", "payroll", "hubs", "family_forwarders",
               "legit_foreign_login_accounts")


def rank_auc(score: np.ndarray, y: np.ndarray) -> float:
    """ROC AUC from ranks (ties get their average rank)."""
    score, y = np.asarray(score, dtype=np.float64), np.asarray(y, dtype=bool)
    npos, nneg = int(y.sum()), int((~y).sum())
    if npos == 0 or nneg == 0:
        return float("nan")
    _, inv, cnt = np.unique(score, return_inverse=True, return_counts=True)
    avg = np.cumsum(cnt) - (cnt - 1) / 2.0
    ranks = avg[inv]
    return float((ranks[y].sum() - npos * (npos + 1) / 2.0) / (npos * nneg))


def prf(flag: np.ndarray, y: np.ndarray) -> dict:
    tp = int((flag & y).sum())
    p = tp / max(int(flag.sum()), 1)
    r = tp / max(int(y.sum()), 1)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "flagged": int(flag.sum())}


def best_f1(score: np.ndarray, y: np.ndarray) -> dict:
    """Label-chosen threshold with the best F1 (ties take one threshold together)."""
    o = np.argsort(-score, kind="stable")
    s, yy = score[o], y[o]
    last = np.append(s[1:] != s[:-1], True)
    tp = np.cumsum(yy)[last]
    k = np.arange(1, len(s) + 1)[last]
    p, r = tp / k, tp / max(int(y.sum()), 1)
    f = np.where(p + r > 0, 2 * p * r / np.maximum(p + r, 1e-12), 0.0)
    i = int(np.argmax(f))
    return {"threshold": float(s[last][i]), "f1": float(f[i]), "precision": float(p[i]), "recall": float(r[i])}


def _fresh_store(db: Path, reuse: bool):
    from graphfraud.store.sqlite import SQLiteStore

    if not reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    return SQLiteStore(db)


def _scores(store):
    from graphfraud.analysis.graphview import GraphView
    from graphfraud.analysis.structure import structure_scores

    gv = GraphView.from_store(store)
    t0 = time.perf_counter()
    sc = structure_scores(gv)
    return gv, sc, time.perf_counter() - t0


def amlsim(folder: Path, work: Path, reuse: bool) -> dict:
    from graphfraud.analysis.evaluate import AMLSIM_MAPS, _amlsim_labels
    from graphfraud.load import load_files
    from graphfraud.normalize import normalize

    positives, _ = _amlsim_labels(folder / "nodes.csv", normalize)
    labels = dict.fromkeys(positives, True)
    db = work / f"amlsim-{folder.name}.db"
    with _fresh_store(db, reuse) as store:
        if not (reuse and store.stats()["total_edges"]):
            load_files(store, [folder / "transactions.csv"], kind="transactions", maps=AMLSIM_MAPS)
        gv, sc, secs = _scores(store)
    y = np.array([labels.get(gv.values[i], False) for i in sc.accounts.tolist()], dtype=bool)
    row = {"dataset": folder.name, "accounts": len(y), "positives": int(y.sum()), "seconds": round(secs, 2),
           "threshold": sc.threshold, "auc": rank_auc(sc.score, y), **prf(sc.flagged, y),
           "best": best_f1(sc.score, y), "info": sc.info,
           "signal_auc": {k: round(rank_auc(v, y), 3) for k, v in sc.strength.items()}}
    return row


def demo(seed: int, work: Path, reuse: bool) -> dict:
    from graphfraud.demo.generator import generate
    from graphfraud.load import load_files

    folder = work / f"demo{seed}"
    db = work / f"demo{seed}.db"
    if not (reuse and db.exists()):
        m = generate(folder, seed=seed)
        files = [p for p in m.all_files() if Path(p).name != "ground_truth.json"]
    gt = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))
    with _fresh_store(db, reuse) as store:
        if not (reuse and store.stats()["total_edges"]):
            load_files(store, files)
        gv, sc, secs = _scores(store)
    flagged = {gv.values[i] for i in sc.accounts[sc.flagged].tolist()}
    row = {"dataset": f"demo seed {seed}", "accounts": len(sc.accounts), "flagged": len(flagged),
           "threshold": sc.threshold, "info": sc.info, "seconds": round(secs, 2)}
    for name in CONFOUNDERS + ("mules", "cashout"):
        accts = set(gt.get(name, []))
        row[name] = f"{len(flagged & accts)}/{len(accts)}"
    row["other_flagged"] = len(flagged - set(gt.get("mules", [])) - set(gt.get("cashout", [])))
    return row


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--amlsim", default="/work/shared/datasets/amlsim")
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--work", default="/tmp/structure-bench")
    ap.add_argument("--reuse", action="store_true", help="keep stores already loaded in --work")
    ap.add_argument("--json", help="write the rows here")
    args = ap.parse_args(argv)
    from graphfraud.analysis.evaluate import amlsim_folders

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    rows = [amlsim(f, work, args.reuse) for f in amlsim_folders(Path(args.amlsim))] if args.amlsim else []
    for r in rows:
        b = r["best"]
        print(f"{r['dataset']:14s} thr {r['threshold']:.3f} flagged {r['flagged']:5d} P {r['precision']:.3f} "
              f"R {r['recall']:.3f} F1 {r['f1']:.3f} AUC {r['auc']:.3f} | best F1 {b['f1']:.3f} "
              f"(P {b['precision']:.3f} R {b['recall']:.3f} thr {b['threshold']:.3f}) {r['seconds']}s")
        print("   signal AUC", r["signal_auc"], "info", r["info"])
    for seed in [int(x) for x in args.seeds.split(",") if x.strip()]:
        r = demo(seed, work, args.reuse)
        rows.append(r)
        print(r)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1, default=float), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
