"""Score graphfraud on generated seeds against their truth.json.

Each ``DIR/seed_<N>`` folder is loaded into a fresh embedded store (``DIR/seed_<N>/store.db``) with
the ``graphfraud`` command, as a user would, and ``mules``, ``link-cases``, ``organizers`` and
``communities`` are run with ``--format json`` (outputs kept as ``load.json`` and
``out_<command>.json`` beside the case files; ``--no-load`` scores the outputs already there).

Measures per seed:

* mules: precision, recall and F1 of the flagged accounts against the mules that received money
  (cash-out accounts flagged are counted apart, and false positives by confounder kind; recall by
  mule kind and by layer);
* link-cases: pairwise precision and recall of the case groups against the campaigns (the cases of
  one organisation);
* organizers: among the top 3 x (number of organisations) rows, the share that are cash-out
  accounts, and the recall of the cash-out accounts;
* communities: per organisation, the share of its accounts in its best community (coverage) and the
  share of that community's accounts that are mules or cash-out accounts (purity), averaged;
* trace: each reported victim's account traced forward with the defaults of ``graphfraud trace``
  (the library call the command makes, in this process: one command per victim would cost a second
  each), and the share of the victims whose trace reaches one (``trace_any``) and all
  (``trace_all``) of the cash-out accounts their money reached (``out_trace.json``: account ->
  the accounts its trace reached).
"""

import itertools
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
from collections import Counter, defaultdict

DATA_EXT = (".csv", ".xlsx", ".xls")
COMMANDS = ["mules", "link-cases", "organizers", "communities"]
SUMMARY_KEYS = ["mule_P", "mule_R", "mule_F1", "link_P", "link_R", "org_share", "org_cash_recall", "comm_cov",
                "comm_purity", "trace_any", "trace_all"]


def _graphfraud():
    exe = shutil.which("graphfraud")
    return [exe] if exe else [sys.executable, "-m", "graphfraud"]


def run(args, out=None):
    """Run one graphfraud command; its stdout is written to ``out``."""
    p = subprocess.run(_graphfraud() + args, capture_output=True, text=True, check=False)
    if out:
        with open(out, "w", encoding="utf-8") as f:
            f.write(p.stdout)
    return p


def load_seed(d):
    """Load the case files of folder ``d`` into a new store and run the four analyses."""
    store = f"{d}/store.db"
    for f in os.listdir(d):
        if f.startswith("store.db"):
            pth = os.path.join(d, f)
            if os.path.isdir(pth):
                shutil.rmtree(pth)
            else:
                os.remove(pth)
    files = sorted(f"{d}/{f}" for f in os.listdir(d) if f.endswith(DATA_EXT))
    p = run(["--store", store, "--lang", "en", "load", *files, "--format", "json"], f"{d}/load.json")
    if p.returncode not in (0, 1):
        print(p.stderr[-2000:])
    for cmd in COMMANDS:
        p = run(["--store", store, "--lang", "en", cmd, "--format", "json"], f"{d}/out_{cmd}.json")
        if p.returncode != 0:
            print(d, cmd, "rc", p.returncode, p.stderr[-1500:])
    trace_victims(d)


def trace_victims(d):
    """Trace each reported victim's account forward as ``graphfraud trace`` does (its library call)
    and keep the accounts each trace reached in ``out_trace.json``."""
    from graphfraud.analysis.trace import trace_keys
    from graphfraud.api import trace
    from graphfraud.config import load_config
    from graphfraud.errors import NotFound

    config = load_config({"store": f"{d}/store.db"})
    out = {}
    for acct in sorted({v["account"] for v in _read(f"{d}/truth.json")["victims"] if v.get("account")}):
        try:
            out[acct] = sorted({val for typ, val in trace_keys(trace(config, acct)) if typ == "account"})
        except NotFound:   # the victim's account is in no file loaded
            out[acct] = []
    with open(f"{d}/out_trace.json", "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1)


def pairs(groups):
    """The unordered pairs of members that share a group."""
    s = set()
    for g in groups:
        for a, b in itertools.combinations(sorted(set(g)), 2):
            s.add((a, b))
    return s


def prf(tp, npred, npos):
    """(precision, recall, F1); NaN where undefined."""
    p = tp / npred if npred else float("nan")
    r = tp / npos if npos else float("nan")
    f = 2 * p * r / (p + r) if npred and npos and (p + r) > 0 else float("nan")
    return p, r, f


def _read(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _mule_scores(d, t):
    mules, cash = set(t["mules"]), set(t["cashout"])
    kind = {}
    for k, v in t["confounders"].items():
        for a in v:
            kind.setdefault(a, k)
    flagged = [x["value"] for x in _read(f"{d}/out_mules.json") if x.get("type", "account") == "account"]
    fs = set(flagged)
    tp = len(fs & mules)
    res = {}
    res["mule_P"], res["mule_R"], res["mule_F1"] = prf(tp, len(fs), len(mules))
    res["n_mules"], res["n_flagged"], res["mule_tp"] = len(mules), len(fs), tp
    res["flag_cashout"] = len(fs & cash)
    res["fp_kinds"] = dict(Counter(kind.get(a, "other/external") for a in sorted(fs - mules - cash)))
    by_type = Counter(t["mule_types"][m] for m in mules)
    hit_type = Counter(t["mule_types"][m] for m in fs & mules)
    res["recall_by_type"] = {k: f"{hit_type[k]}/{v}" for k, v in sorted(by_type.items())}
    by_layer = Counter(t["mule_layer"][m] for m in mules)
    hit_layer = Counter(t["mule_layer"][m] for m in fs & mules)
    res["recall_by_layer"] = {f"L{k + 1}": f"{hit_layer[k]}/{v}" for k, v in sorted(by_layer.items())}
    return res


def _link_scores(d, t):
    pred_groups = [g["cases"] for g in _read(f"{d}/out_link-cases.json")]
    truth_groups = t["campaigns"]
    pp, tpairs = pairs(pred_groups), pairs(truth_groups)
    res = {}
    res["link_P"], res["link_R"], _ = prf(len(pp & tpairs), len(pp), len(tpairs))
    res["n_groups"], res["n_campaigns"] = len(pred_groups), len(truth_groups)
    res["n_cases"] = sum(len(c) for c in truth_groups)
    return res


def _organizer_scores(d, t):
    mules, cash = set(t["mules"]), set(t["cashout"])
    rows = _read(f"{d}/out_organizers.json")
    k = 3 * len(t["organisations"])
    top = rows[:k]
    top_accts = [x["value"] for x in top if x["type"] == "account"]
    return {
        "org_k": k,
        "org_share": sum(1 for a in top_accts if a in cash) / k if k else float("nan"),
        "org_cash_recall": len(set(top_accts) & cash) / len(cash) if cash else float("nan"),
        "org_top_types": dict(Counter(x["type"] for x in top)),
        "org_top_mules": sum(1 for a in top_accts if a in mules),
        "org_rows_total": len(rows),
    }


def _community_scores(d, t):
    bad = set(t["mules"]) | set(t["cashout"])
    memb = {}
    for c in _read(f"{d}/out_communities.json"):
        for m in c["members"]:
            if m.get("type") == "account":
                memb.setdefault(m["value"], c["id"])
    comm_acc = defaultdict(set)
    for a, cid in memb.items():
        comm_acc[cid].add(a)
    cov, pur = [], []
    for o in t["organisations"]:
        accs = set(o["mules"]) | set(o["cashout"])
        cnt = Counter(memb[a] for a in accs if a in memb)
        if not cnt:
            cov.append(0.0)
            pur.append(0.0)
            continue
        cid, n = cnt.most_common(1)[0]
        cov.append(n / len(accs))
        pur.append(len(comm_acc[cid] & bad) / len(comm_acc[cid]))
    return {"comm_cov": statistics.mean(cov), "comm_purity": statistics.mean(pur)}


def _trace_scores(d, t):
    reached = _read(f"{d}/out_trace.json") if os.path.exists(f"{d}/out_trace.json") else {}
    victims: dict = {}    # victim account -> the cash-out accounts its money reached (every report of it)
    for v in t["victims"]:
        if v.get("account") and v.get("reached_cashout") and v["account"] in reached:
            victims.setdefault(v["account"], set()).update(v["reached_cashout"])
    hits = [(cash & set(reached[a]), cash) for a, cash in victims.items()]
    n = len(hits) or float("nan")
    return {"trace_any": sum(1 for h, _c in hits if h) / n, "trace_all": sum(1 for h, c in hits if h == c) / n,
            "trace_victims": len(hits)}


def evaluate_seed(d):
    """The measures of one seed folder whose outputs are there (see :func:`load_seed`)."""
    t = _read(f"{d}/truth.json")
    res = {"seed": t["seed"]}
    ld = _read(f"{d}/load.json")
    res["rows"] = sum(s["rows"] for f in ld["files"] for s in f["sheets"])
    res["rejects"] = ld["rejects"]
    res["refused"] = len(ld.get("refused", []))
    res["n_tx"] = t["n_transfers"]
    for part in (_mule_scores, _link_scores, _organizer_scores, _community_scores, _trace_scores):
        res.update(part(d, t))
    return res


def seeds_in(base):
    """The seed numbers of the ``seed_<N>`` folders in ``base``."""
    return sorted(int(p.split("_")[-1]) for p in os.listdir(base)
                  if p.startswith("seed_") and os.path.isdir(os.path.join(base, p)))


def f2(x):
    return "  nan" if math.isnan(x) else f"{x:5.2f}"


def print_table(rows):
    print("seed  n_tx  rows  rej ref | mules flg  tp  mP    mR    mF1  cash | link: cases grp  lP    lR   | "
          "org: k  share crec | comm cov  pur")
    for r in rows:
        print(f"{r['seed']:>4} {r['n_tx']:>5} {r['rows']:>5} {r['rejects']:>4} {r['refused']:>3} | "
              f"{r['n_mules']:>5} {r['n_flagged']:>3} {r['mule_tp']:>3} "
              f"{f2(r['mule_P'])} {f2(r['mule_R'])} {f2(r['mule_F1'])} {r['flag_cashout']:>4} | "
              f"{r['n_cases']:>11} {r['n_groups']:>3} {f2(r['link_P'])} {f2(r['link_R'])} | "
              f"{r['org_k']:>6} {f2(r['org_share'])} {f2(r['org_cash_recall'])} | "
              f"{f2(r['comm_cov'])} {f2(r['comm_purity'])}")
    print()
    for r in rows:
        print(f"seed {r['seed']}: FP by kind {r['fp_kinds']}; recall by mule type {r['recall_by_type']}; "
              f"by layer {r['recall_by_layer']}; organizer top-k types {r['org_top_types']} "
              f"(truth mules in top-k: {r['org_top_mules']}); trace reaches a cash-out account / all of "
              f"them for {f2(r['trace_any'])} / {f2(r['trace_all'])} of {r['trace_victims']} victims")
    print()


def summary(rows):
    """{metric: (min, median)} over the seeds where the metric is defined."""
    out = {}
    for k in SUMMARY_KEYS:
        v = [r[k] for r in rows if not math.isnan(r[k])]
        if v:
            out[k] = (min(v), statistics.median(v))
    return out


def evaluate_dir(base, seeds=None, load=True, results_name="eval_results.json"):
    """Load (unless ``load`` is false) and score each seed folder of ``base``; print the per-seed
    table and the min / median of each measure; write the rows to ``base/results_name``."""
    seeds = seeds or seeds_in(base)
    rows = []
    for s in seeds:
        d = os.path.join(str(base), f"seed_{s}")
        if load:
            load_seed(d)
        rows.append(evaluate_seed(d))
    print_table(rows)
    print("metric           min    median")
    for k, (lo, med) in summary(rows).items():
        print(f"{k:<15} {lo:6.2f} {med:6.2f}")
    with open(os.path.join(str(base), results_name), "w", encoding="utf-8") as f:
        json.dump(rows, f, indent=1)
    return rows
