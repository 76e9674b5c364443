"""One seed from start to end: population and its everyday traffic, confounders, organisations
with their mules and victims, the money flow, the extras, background calls; then the case files and
the truth, into ``OUT/seed_<N>/``."""

import math
import os
import shutil
from collections import defaultdict

from .confounders import confounder_activity
from .flow import run_flow
from .organisations import fraud_extras, make_org
from .people import build_population, person_activity
from .truth import write_truth
from .victims import background_calls, make_victim
from .world import World
from .writers import write_calls, write_kyc, write_logins, write_reports, write_transfers


def build_fraud(w):
    """The organisations, their victims' payments, and the money flow those start."""
    r, K = w.r, w.K
    w.orgs = []
    w.mules, w.cashouts = [], []
    w.victims = []
    w.heap = []
    w.seq = 0
    w.pending = defaultdict(list)
    w.reached = defaultdict(set)
    w.got_money = set()
    scale = K["target_tx"] / 12000
    for o in range(K["n_orgs"]):
        w.orgs.append(make_org(w, o, scale))
    # victims and their payments
    case_no = r.randint(1, 300)
    for org in w.orgs:
        org["cases"] = []
        for _ in range(org["n_victims"]):
            case_no += r.randint(1, 3)
            make_victim(w, org, case_no)
    run_flow(w)


def simulate(seed):
    """The world of ``seed`` with all its events, transfers in time order."""
    w = World(seed)
    r, K = w.r, w.K
    fraud_est = K["n_orgs"] * 40 * 6 * math.sqrt(K["target_tx"] / 12000)
    rem = max(2500, K["target_tx"] - fraud_est)
    n_persons = max(120, int(rem * 0.55 / (17 * w.days / 30)))
    build_population(w, n_persons)
    for p in list(w.persons):
        person_activity(w, p)
    confounder_activity(w, rem * 0.45)
    build_fraud(w)
    fraud_extras(w)
    background_calls(w, int(len(w.tx) * r.uniform(0.15, 0.5)))
    w.tx.sort(key=lambda x: x["ts"])
    return w


def write_case_folder(w, d):
    """Empty folder ``d`` (created if need be) and write the seed's case files and truth.json."""
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        pth = os.path.join(d, f)
        if os.path.isdir(pth):
            shutil.rmtree(pth)
        else:
            os.remove(pth)
    write_transfers(w, d)
    counts = {"n_calls": write_calls(w, d), "n_logins": write_logins(w, d), "n_kyc": write_kyc(w, d),
                  "n_reports": write_reports(w, d)}
    return write_truth(w, d, counts)


def generate_seed(seed, out):
    """Generate seed ``seed`` into ``out/seed_<seed>``; return (world, truth)."""
    w = simulate(seed)
    truth = write_case_folder(w, os.path.join(str(out), f"seed_{seed}"))
    return w, truth
