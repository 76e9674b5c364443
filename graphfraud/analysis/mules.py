"""Mule accounts: an explainable score in [0, 1] for every account.

The score combines signals an investigator would check by hand; none of them
alone is enough (see ``docs/detection.md`` for the measured effect of each).
Each signal is a strength in [0, 1]; the score is a small logistic model with
hand-set weights (not fitted to any labels):

    score = 1 / (1 + exp(-(BIAS + Σ weight_i · strength_i)))

with ``BIAS = -4.5`` and every single weight ≤ 2, so one signal at full
strength gives at most ``1/(1+e^2.5) ≈ 0.08`` — far below the threshold. Three
strong signals, or a strong pair and a few weak ones, are needed.

Signals (``SIGNALS`` below has the weights):

``reported``         the account is named as the suspect's account in victims' reports.
``victim_money``     it receives money from reported victims' accounts (share of its inflow).
``traced_money``     victims' losses, traced time-respecting through up to six transfers
                     (:mod:`graphfraud.analysis.moneytrail`), reach it as a large share of its
                     inflow and it passes them on: how second- and deeper-tier mules are found.
``pass_through``     it sends on what it receives (out/in balance) and fast (share of inflow
                     followed within an hour by money out; median dwell in the evidence).
``chain``            layering: it receives from reported victims or suspicious accounts AND
                     sends to suspicious accounts (geometric mean of both shares; propagated).
``relay``            its payments that pass on money which arrived within hours before them, nearly
                     whole, go into suspicious accounts or accounts holding victims' money
                     (``1 − 0.5^n`` over such relays, weighted by the receiver's suspicion; see
                     :mod:`graphfraud.analysis.mule_flow`): a rented account's own busy life
                     does not hide the chain's money passing through it.
``shared_access``    the devices (and, half as much, the IP addresses) it is used from are
                     also used by other suspicious accounts (propagated; busy IPs damped).
``foreign_logins``   share of its logins from foreign IP addresses.
``not_biometric``    KYC says it is not biometrically verified.
``young``            opened shortly before money started arriving.
``holder_phone``     its registered phone is also registered to other holders (a holder is
                     one national id, else one name), or is a suspect's phone in reports.
``cash_out``         (negative) its money leaves the chain: sent to foreign banks or for
                     crypto/cash. Such accounts are the organisers' cash-out points and are
                     ranked by :mod:`graphfraud.analysis.organizers`, not as mules.

``chain`` and ``shared_access`` depend on the other accounts' suspicion, so the
score is computed in rounds (``ROUNDS``): round 0 without them, then each round
uses the previous round's suspicion (the score before the ``cash_out`` term).

Confounders, by construction: a merchant has huge fan-in but settles days later
(no ``pass_through``), a payroll account fans out once a day hours after it is
funded, a family forwarder passes part of few transfers on within hours and has
nothing else, an overseas worker has only ``foreign_logins``; a utility or
e-wallet hub is paid by victims too, but they are a tiny share of its inflow.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from graphfraud.analysis.graphview import GraphView
from graphfraud.analysis.moneytrail import money_trail
from graphfraud.analysis.mule_flow import relayed
from graphfraud.normalize.bank import is_foreign

__all__ = ["mules", "score_accounts", "AccountScores", "SIGNALS", "BIAS", "DEFAULT_THRESHOLD", "parse_bool"]

# name -> (weight, what it means). Weights are hand-set; see docs/detection.md.
SIGNALS: dict[str, tuple[float, str]] = {
    "reported": (2.0, "named as the suspect's account in victims' reports"),
    "victim_money": (2.0, "receives money from reported victims"),
    "traced_money": (3.0, "reported victims' money reaches it through the chain and is passed on"),
    "pass_through": (2.0, "passes the money on, fast"),
    "chain": (2.0, "in a layering chain between suspicious accounts"),
    "relay": (2.0, "relays money that just arrived into suspicious accounts, again and again"),
    "shared_access": (2.0, "devices / IPs shared with other suspicious accounts"),
    "foreign_logins": (1.5, "logins from foreign IP addresses"),
    "not_biometric": (1.0, "not biometrically verified"),
    "young": (1.0, "opened shortly before money arrived"),
    "holder_phone": (1.0, "registered phone shared with other holders or used by the scammers"),
    "cash_out": (-4.0, "money leaves the chain here (abroad / crypto / cash)"),
}
BIAS = -4.5
ROUNDS = 3
# Calibrated on the demo ground truth at seeds 1, 2, 3 (docs/detection.md has the table).
DEFAULT_THRESHOLD = 0.7

RELAY_FULL_SHARE = 0.3          # relays into suspicious accounts this share of its outflow: full strength
TRACED_FULL_SHARE = 0.5         # victims' money this share of an account's inflow: full strength
TRACED_FULL_PASSED = 0.8        # ... when it passed on at least this share of it
STRUCTURE_SLOPE = 4.0           # transfers only: logit change per threshold's worth of structure score
FORWARD_WINDOW_S = 3600          # "money out soon after money in": within an hour
YOUNG_FULL_DAYS, YOUNG_NONE_DAYS = 60.0, 365.0

_TRUE = {"1", "true", "yes", "y", "co", "da xac thuc", "xac thuc", "verified", "x", "ok", "dung", "t"}
_FALSE = {"0", "false", "no", "n", "khong", "chua", "chua xac thuc", "khong xac thuc", "unverified",
          "not verified", "f", "sai"}
_UNKNOWN = {"unknown", "n a", "na", "khong ro", "chua ro", "khong biet", "chua biet", "null", "none", "?"}
_EXIT_RE = re.compile(r"\b(usdt|usdc|btc|bitcoin|eth|crypto|tien ao|binance|okx|bybit|huobi|p2p|otc"
                      r"|rut tien|rut tien mat|tien mat|quoc te|nuoc ngoai|ra nuoc ngoai|western union"
                      r"|swift|remit|remittance)\b")


def parse_bool(raw) -> bool | None:
    """A yes/no cell in any of the usual spellings (``Có``/``Không``/``Y``/``0``/``true``...); None if unclear."""
    from graphfraud.normalize.base import fold

    if raw is None:
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and math.isnan(raw):
            return None
        return bool(raw)
    text = fold(str(raw))
    if not text:
        return None
    if text in _UNKNOWN or text.endswith((" ro", " biet")):   # "không rõ", "chưa biết"
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text.startswith(("khong", "chua", "not ", "no ", "un")):
        return False
    if text.startswith(("co ", "da ", "yes", "verified")):
        return True
    return None


def _robust_fence(x: np.ndarray) -> float:
    """exp(median + 3·MAD·1.4826) of log(x) over x ≥ 1: a cut-off above which a count is an outlier."""
    x = x[x >= 1]
    if len(x) == 0:
        return math.inf
    lx = np.log(x.astype(np.float64))
    med = float(np.median(lx))
    mad = float(np.median(np.abs(lx - med))) * 1.4826
    return float(math.exp(med + 3.0 * max(mad, 0.5)))


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


@dataclass
class AccountScores:
    """Signals and scores of every account of a :class:`GraphView` (row r = node ``accounts[r]``)."""

    view: GraphView
    accounts: np.ndarray
    row: np.ndarray                      # node index -> row, -1 for non-accounts
    strength: dict[str, np.ndarray]      # signal -> [0, 1] per row
    stats: dict[str, np.ndarray]         # raw measures per row (for evidence)
    suspicion: np.ndarray                # score before the cash_out term (used for propagation)
    score: np.ndarray                    # the mule score
    extra: dict = field(default_factory=dict)

    def z(self, with_cash_out: bool = True) -> np.ndarray:
        z = np.full(len(self.accounts), BIAS)
        for name, (w, _) in SIGNALS.items():
            if name == "cash_out" and not with_cash_out:
                continue
            z = z + w * self.strength[name]
        return z


def score_accounts(gv: GraphView) -> AccountScores:
    """Compute every signal and the mule score of every account (vectorised; deterministic).
    Computed once per view: mules, organisers and exports that share a view share the scores.

    A store of transfers alone (no reports, logins or KYC records) also gets the transfer-structure
    score of :mod:`graphfraud.analysis.structure`, whose flag threshold is calibrated on the store's
    own scores: it is mapped onto the mule score so that its threshold falls on
    :data:`DEFAULT_THRESHOLD`, and an account's mule score is the higher of the two."""
    hit = gv._cache.get("mule_scores")
    if hit is None:
        hit = _score_accounts(gv)
        if transfers_only(gv):
            _add_structure(hit)
        gv._cache["mule_scores"] = hit
    return hit


def transfers_only(gv: GraphView) -> bool:
    """True when the store holds no reports, logins or KYC records: only transfer structure to go on."""
    if len(gv.edges_of_type(("mention", "login"))):
        return False
    acc = gv.nodes_of_type("account")
    return not any(x is not None for name in ("biometric_verified", "opened_at") for x in gv.node_prop(name, acc))


def _add_structure(sc: AccountScores) -> None:
    from graphfraud.analysis.structure import structure_scores

    ss = structure_scores(sc.view)
    logit_thr = math.log(DEFAULT_THRESHOLD / (1.0 - DEFAULT_THRESHOLD))
    z = logit_thr + STRUCTURE_SLOPE * (ss.score - ss.threshold) / max(ss.threshold, 1e-9)
    mapped = np.where(ss.score > 0, _sigmoid(z), 0.0)
    sc.stats["structure_score"], sc.stats["structure_threshold"] = ss.score, np.full(len(ss.score), ss.threshold)
    sc.extra["structure"] = ss
    sc.score = np.maximum(sc.score, mapped)


def _score_accounts(gv: GraphView) -> AccountScores:
    acc = gv.nodes_of_type("account")
    na = len(acc)
    row = np.full(gv.n, -1, dtype=np.int64)
    row[acc] = np.arange(na)
    st: dict[str, np.ndarray] = {}
    sg: dict[str, np.ndarray] = {}

    # ---- transfers ---------------------------------------------------------
    T = gv.edges_of_type("transfer")
    s, d = row[gv.src[T]], row[gv.dst[T]]
    ok = (s >= 0) & (d >= 0) & (s != d)
    T, s, d = T[ok], s[ok], d[ok]
    a = np.nan_to_num(gv.amount[T], nan=0.0)
    t = gv.ts[T]
    in_amt = np.bincount(d, a, minlength=na)
    out_amt = np.bincount(s, a, minlength=na)
    st["in_amount"], st["out_amount"] = in_amt, out_amt
    st["in_count"], st["out_count"] = np.bincount(d, minlength=na), np.bincount(s, minlength=na)
    pair = np.unique(s.astype(np.int64) * na + d)
    st["senders"] = np.bincount(pair % na, minlength=na)
    st["receivers"] = np.bincount(pair // na, minlength=na)

    # ---- reports: victims and suspects --------------------------------------
    M = gv.edges_of_type("mention")
    role = np.array(gv.edge_prop("role", M) + [None], dtype=object)[:-1]
    mrow = row[gv.dst[M]]
    victim = np.zeros(na, dtype=bool)
    victim[mrow[(mrow >= 0) & (role == "victim")]] = True
    sus = (mrow >= 0) & (role == "suspect")
    sus_pairs = np.unique(mrow[sus].astype(np.int64) * gv.n + gv.src[M][sus])
    st["suspect_cases"] = np.bincount(sus_pairs // gv.n, minlength=na)
    sg["reported"] = 1.0 - 0.5 ** st["suspect_cases"]

    vt = victim[s]
    vin = np.bincount(d[vt], a[vt], minlength=na)
    vpairs = np.unique(s[vt].astype(np.int64) * na + d[vt])
    st["victim_senders"] = np.bincount(vpairs % na, minlength=na)
    st["victim_amount"] = vin
    vshare = np.divide(vin, in_amt, out=np.zeros(na), where=in_amt > 0)
    st["victim_share"] = vshare
    sg["victim_money"] = np.minimum(1.0, st["victim_senders"] / 2.0) * np.minimum(1.0, vshare / 0.5)

    # ---- pass-through and dwell ----------------------------------------------
    timed = ~np.isnan(t)
    ts_, ss, dd, aa = t[timed], s[timed], d[timed], a[timed]
    t0 = float(ts_.min()) if len(ts_) else 0.0
    rel = (ts_ - t0).astype(np.int64)
    out_key = ss.astype(np.int64) * (1 << 34) + rel
    o = np.argsort(out_key, kind="stable")
    out_key_s, out_amt_s = out_key[o], aa[o]
    cum = np.concatenate([[0.0], np.cumsum(out_amt_s)])
    in_key = dd.astype(np.int64) * (1 << 34) + rel
    j = np.searchsorted(out_key_s, in_key, side="left")
    k = np.searchsorted(out_key_s, in_key + FORWARD_WINDOW_S, side="right")
    has_next = (j < len(out_key_s)) & ((out_key_s[np.minimum(j, len(out_key_s) - 1)] >> 34) == dd) if len(
        out_key_s) else np.zeros(len(dd), dtype=bool)
    dwell = np.where(has_next, (out_key_s[np.minimum(j, max(len(out_key_s) - 1, 0))] & ((1 << 34) - 1)) - rel
                     if len(out_key_s) else 0, np.inf).astype(np.float64)
    window_out = cum[k] - cum[j] if len(out_key_s) else np.zeros(len(dd))
    fwd = np.minimum(aa, window_out)
    in_timed = np.bincount(dd, aa, minlength=na)
    fast = np.divide(np.bincount(dd, fwd, minlength=na), in_timed, out=np.zeros(na), where=in_timed > 0)
    balance = np.divide(np.minimum(in_amt, out_amt), np.maximum(in_amt, out_amt), out=np.zeros(na),
                        where=np.maximum(in_amt, out_amt) > 0)
    fast = np.minimum(fast, balance)
    st["fast_share"], st["balance"] = fast, balance
    med = np.full(na, np.inf)
    if len(dd):
        order = np.lexsort((dwell, dd))
        dd_s, dw_s = dd[order], dwell[order]
        starts = np.searchsorted(dd_s, np.arange(na), side="left")
        ends = np.searchsorted(dd_s, np.arange(na), side="right")
        cnt = ends - starts
        has = cnt > 0
        lo = starts[has] + (cnt[has] - 1) // 2
        hi = starts[has] + cnt[has] // 2
        with np.errstate(invalid="ignore"):
            med[has] = (dw_s[lo] + dw_s[hi]) / 2.0
    st["median_dwell_s"] = med
    balance_f = np.clip((balance - 0.5) / 0.4, 0.0, 1.0)
    sg["pass_through"] = balance_f * np.clip(fast / 0.8, 0.0, 1.0)

    # ---- cash-out: money leaving the chain -------------------------------------
    banks = gv.node_prop("bank", acc)
    abroad = {b: is_foreign(b) is True for b in set(banks)}   # an unknown bank is not evidence of abroad
    foreign_bank = np.array([abroad[b] for b in banks] + [False], dtype=bool)[:-1]
    from graphfraud.normalize.base import fold

    desc = gv.edge_prop("description", T)
    is_cash = {x: bool(x) and bool(_EXIT_RE.search(fold(str(x)))) for x in set(desc)}   # few distinct texts
    cash_desc = np.array([is_cash[x] for x in desc] + [False], dtype=bool)[:-1]
    exit_tx = foreign_bank[d] | cash_desc
    exit_amt = np.bincount(s[exit_tx], a[exit_tx], minlength=na)
    st["exit_amount"] = exit_amt
    st["foreign_bank"] = foreign_bank.astype(np.float64)
    exit_share = np.divide(exit_amt, out_amt, out=np.zeros(na), where=out_amt > 0)
    st["exit_share"] = exit_share

    # ---- victims' money traced through the chain ------------------------------
    trail = money_trail(gv, row, na)
    st["traced_in"], st["traced_out"] = trail.traced_in, trail.traced_out
    # victims' money that came in through the chain (what arrives through an exit transfer has left it)
    in_chain = np.bincount(d[~exit_tx], trail.carried[T][~exit_tx], minlength=na)
    st["traced_share"] = np.divide(in_chain, in_amt, out=np.zeros(na), where=in_amt > 0)
    # passed on inside the chain: what leaves it here (abroad, crypto, cash) is cash-out, not layering
    kept_in_chain = np.bincount(s[~exit_tx], trail.carried[T][~exit_tx], minlength=na)
    st["traced_passed"] = np.divide(kept_in_chain, trail.traced_in, out=np.zeros(na), where=trail.traced_in > 0)
    st["trail_depth"], st["trail_cases"] = trail.depth, trail.cases
    holds = np.clip(st["traced_share"] / TRACED_FULL_SHARE, 0.0, 1.0)
    sg["traced_money"] = holds * np.clip(st["traced_passed"] / TRACED_FULL_PASSED, 0.0, 1.0)
    # where victims' money ends (stays, or leaves the chain from here): a cash-out point, not a mule
    st["ends_here"] = np.minimum(1.0, np.divide(trail.stays + trail.exits, trail.traced_in, out=np.zeros(na),
                                                where=trail.traced_in > 0))
    sg["cash_out"] = np.clip((np.maximum(exit_share, st["ends_here"] * holds) - 0.2) / 0.6, 0.0, 1.0)
    relay_tx = relayed(s, d, t, a, na) & ~exit_tx

    # ---- logins: foreign IPs, devices and IPs shared --------------------------
    L = gv.edges_of_type("login")
    lrow = row[gv.src[L]]
    ldst = gv.dst[L]
    ipc, devc = gv.type_code("ip"), gv.type_code("device")
    is_ip = (lrow >= 0) & (gv.ntype[ldst] == ipc)
    is_dev = (lrow >= 0) & (gv.ntype[ldst] == devc)
    ip_foreign_node = np.zeros(gv.n, dtype=bool)
    ips = gv.nodes_of_type("ip")
    ip_foreign_node[ips] = np.array([bool(x) for x in gv.node_prop("foreign", ips)] + [False], dtype=bool)[:-1]
    lcountry = np.array(gv.edge_prop("country", L) + [None], dtype=object)[:-1]
    not_vn = {c: c is not None and str(c).upper() not in ("VN", "VNM", "VIET NAM", "VIETNAM")
              for c in set(lcountry.tolist())}
    foreign_login = is_ip & (ip_foreign_node[ldst] | np.array([not_vn[c] for c in lcountry.tolist()] + [False],
                                                              dtype=bool)[:-1])
    n_ip_logins = np.bincount(lrow[is_ip], minlength=na)
    n_foreign = np.bincount(lrow[foreign_login], minlength=na)
    st["ip_logins"], st["foreign_logins"] = n_ip_logins, n_foreign
    sg["foreign_logins"] = np.divide(n_foreign, n_ip_logins, out=np.zeros(na), where=n_ip_logins > 0)

    def uses(mask):
        p = np.unique(lrow[mask].astype(np.int64) * gv.n + ldst[mask])
        return (p // gv.n).astype(np.int64), (p % gv.n).astype(np.int64)

    dev_acc, dev_node = uses(is_dev)
    ip_acc, ip_node = uses(is_ip)
    dev_users = np.bincount(dev_node, minlength=gv.n)
    ip_users = np.bincount(ip_node, minlength=gv.n)
    dev_fence = _robust_fence(dev_users[dev_users > 0])
    ip_fence = _robust_fence(ip_users[ip_users > 0])
    st["device_fence"], st["ip_fence"] = np.full(na, dev_fence), np.full(na, ip_fence)
    dev_damp = np.minimum(1.0, dev_fence / np.maximum(dev_users, 1))
    ip_damp = np.minimum(1.0, ip_fence / np.maximum(ip_users, 1))

    # ---- KYC: biometric, age, registered phone ----------------------------------
    bio = [parse_bool(x) for x in gv.node_prop("biometric_verified", acc)]
    sg["not_biometric"] = np.array([1.0 if b is False else 0.0 for b in bio] + [0.0])[:-1]
    st["biometric"] = np.array([np.nan if b is None else float(b) for b in bio] + [0.0])[:-1]
    opened = np.array([_num(x) for x in gv.node_prop("opened_at", acc)] + [np.nan])[:-1]
    first_in = np.full(na, np.nan)
    if len(dd):
        fi = np.full(na, np.inf)
        np.minimum.at(fi, dd, ts_)
        first_in = np.where(np.isinf(fi), np.nan, fi)
    age = (first_in - opened) / 86400.0
    st["age_days"] = age
    with np.errstate(invalid="ignore", divide="ignore"):
        young = np.clip(np.log(YOUNG_NONE_DAYS / np.maximum(age, 1.0)) / math.log(YOUNG_NONE_DAYS / YOUNG_FULL_DAYS),
                        0.0, 1.0)
    sg["young"] = np.where(np.isnan(age) | (age < -1), 0.0, young)
    sg["holder_phone"], st["phone_holders"], st["phone_suspect"] = _holder_phone(gv, acc, row, victim)

    # ---- propagation rounds ------------------------------------------------------
    susp = np.zeros(na)
    src_susp_victim = victim.astype(np.float64)
    for _ in range(ROUNDS + 1):
        up_src = np.maximum(susp, src_susp_victim)
        up = np.divide(np.bincount(d, a * up_src[s], minlength=na), in_amt, out=np.zeros(na), where=in_amt > 0)
        # money sent into accounts that are suspicious or hold victims' money (a cash-out point)
        down_dst = np.maximum(susp, holds)
        down = np.divide(np.bincount(s, np.where(exit_tx, 0.0, a * down_dst[d]), minlength=na), out_amt,
                         out=np.zeros(na), where=out_amt > 0)
        sg["chain"] = np.sqrt(up * down)
        st["relays"] = np.bincount(s[relay_tx], down_dst[d[relay_tx]], minlength=na)
        relay_amt = np.bincount(s[relay_tx], a[relay_tx] * down_dst[d[relay_tx]], minlength=na)
        st["relay_share"] = np.divide(relay_amt, out_amt, out=np.zeros(na), where=out_amt > 0)
        sg["relay"] = np.clip(st["relay_share"] / RELAY_FULL_SHARE, 0.0, 1.0)
        st["chain_up"], st["chain_down"] = up, down
        dev_sum = np.bincount(dev_node, susp[dev_acc], minlength=gv.n)
        ip_sum = np.bincount(ip_node, susp[ip_acc], minlength=gv.n)
        dshare = np.bincount(dev_acc, (dev_sum[dev_node] - susp[dev_acc]) * dev_damp[dev_node], minlength=na)
        ishare = np.bincount(ip_acc, (ip_sum[ip_node] - susp[ip_acc]) * ip_damp[ip_node], minlength=na)
        st["device_shared_susp"], st["ip_shared_susp"] = dshare, ishare
        sg["shared_access"] = np.minimum(1.0, (dshare + 0.5 * ishare) / 2.0)
        z = np.full(na, BIAS)
        for name, (w, _) in SIGNALS.items():
            if name != "cash_out":
                z = z + w * sg[name]
        susp = _sigmoid(z)
    # a sink of the chain's money is a cash-out point too: most of its inflow comes from victims or
    # suspicious accounts and it keeps it (what it does send on is not the chain's next hop)
    kept = 1.0 - np.divide(np.minimum(out_amt, in_amt), in_amt, out=np.ones(na), where=in_amt > 0)
    st["kept_share"] = kept
    sg["cash_out"] = np.maximum(sg["cash_out"], np.clip((up * kept - 0.2) / 0.6, 0.0, 1.0))
    score = _sigmoid(z + SIGNALS["cash_out"][0] * sg["cash_out"])
    return AccountScores(view=gv, accounts=acc, row=row, strength=sg, stats=st, suspicion=susp, score=score,
                         extra={"victim": victim, "T": T, "Ts": s, "Td": d, "exit_tx": exit_tx,
                                "dev_acc": dev_acc, "dev_node": dev_node, "ip_acc": ip_acc, "ip_node": ip_node,
                                "foreign_login_edges": L[foreign_login], "trail": trail, "relay_tx": relay_tx})


def _num(x) -> float:
    try:
        return float(x)
    except (TypeError, ValueError):
        return np.nan


def _holder_phone(gv: GraphView, acc: np.ndarray, row: np.ndarray, victim: np.ndarray):
    """Per account: 1 if its registered phone is also registered to another KYC holder, or is
    named as the suspect's phone in a victim's report."""
    na = len(acc)
    strength = np.zeros(na)
    holders_out = np.zeros(na)
    suspect_out = np.zeros(na)
    pc = gv.type_code("phone")
    if pc < 0:
        return strength, holders_out, suspect_out
    R = gv.edges_of_type("registered")
    O = gv.edges_of_type("owns")
    perc = gv.type_code("person")
    is_case_person = np.array([gv.ntype[i] == perc and str(gv.values[i]).startswith("case:") for i in range(gv.n)]
                              + [False], dtype=bool)[:-1]
    from graphfraud.normalize.base import fold

    def who(p: int) -> str:
        # one holder = one national id, else one (folded) name: a company's accounts held under the
        # same name with and without accents are one holder
        pr = gv.props[p] or {}
        return str(pr.get("national_id") or (fold(str(pr["name"])) if pr.get("name") else gv.values[p]))

    holder_of: dict[int, set[str]] = {}
    for k in O.tolist():
        p, ac = int(gv.src[k]), int(gv.dst[k])
        if row[ac] >= 0 and not is_case_person[p]:
            holder_of.setdefault(ac, set()).add(who(p))
    phone_holders: dict[int, set[str]] = {}
    acct_phones: dict[int, set[int]] = {}
    for k in R.tolist():
        x, ph = int(gv.src[k]), int(gv.dst[k])
        if gv.ntype[ph] != pc:
            continue
        if row[x] >= 0:
            acct_phones.setdefault(x, set()).add(ph)
            hs = holder_of.get(x) or {f"account:{gv.values[x]}"}
        elif not is_case_person[x]:
            hs = {who(x)}
        else:
            continue
        phone_holders.setdefault(ph, set()).update(hs)
    # scammers' phones: named as the suspect's phone in a victim's report
    M = gv.edges_of_type("mention")
    scam = {int(gv.dst[k]) for k, r in zip(M.tolist(), gv.edge_prop("role", M))
            if r == "suspect" and gv.ntype[int(gv.dst[k])] == pc}
    for ac, phones in acct_phones.items():
        r = row[ac]
        nh = max(len(phone_holders.get(ph, ())) for ph in phones)
        is_scam = any(ph in scam for ph in phones)
        holders_out[r] = nh
        suspect_out[r] = float(is_scam)
        strength[r] = 1.0 if (nh >= 2 or is_scam) else 0.0
    return strength, holders_out, suspect_out


# ============================================================================ entry point


def mules(store, threshold: float | None = None, explain: bool = True, include_all: bool = False,
          view: GraphView | None = None, scores: AccountScores | None = None) -> list[dict]:
    """Accounts scored as money mules, highest first (ties by account number).

    ``threshold`` defaults to :data:`DEFAULT_THRESHOLD`; ``include_all`` lists every account
    (evidence is looked up only for accounts at or above the threshold). Each item:
    ``{type: "account", value, bank, score, reasons: [{signal, text, strength, contribution,
    evidence: {counts, amounts, transfers: [... file, row]}}]}``.
    """
    from graphfraud.analysis.mule_reasons import reasons

    thr = DEFAULT_THRESHOLD if threshold is None else float(threshold)
    if not 0.0 <= thr <= 1.0:
        from graphfraud.errors import UsageError

        raise UsageError("--threshold must be between 0 and 1")
    if scores is None:
        gv = view if view is not None else GraphView.from_store(store)
        scores = score_accounts(gv)
    gv = scores.view
    sc = np.round(scores.score, 4)
    rows = np.arange(len(scores.accounts)) if include_all else np.nonzero(sc >= thr)[0]
    vals = gv.values[scores.accounts[rows]]
    order = sorted(range(len(rows)), key=lambda q: (-sc[rows[q]], vals[q]))
    out = []
    for q in order:
        r = int(rows[q])
        i = int(scores.accounts[r])
        out.append({"type": "account", "value": gv.values[i], "bank": gv.props_of(i).get("bank"),
                    "score": float(sc[r]),
                    "reasons": reasons(scores, store, r, explain and sc[r] >= thr)})
    return out
