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
``layering``         it sits inside a chain of fast hops: a relay of its (or into it) that the
                     receiver passes on again within hours (share of its money in or out; no
                     suspicion needed, and none lent to others: see ``_propagate``).
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
from contextlib import nullcontext
from dataclasses import dataclass, field

import numpy as np

from graphfraud.analysis.graphview import GraphView
from graphfraud.analysis.mule_kyc import kyc_signals, parse_bool  # parse_bool: part of this module's API
from graphfraud.analysis.mule_signals import (
    access_signals,
    exits,
    flows,
    layering,
    pass_through,
    report_signals,
    trail_signals,
)
from graphfraud.progress import advance, counted, stage

__all__ = ["mules", "score_accounts", "evidence_strength", "tie_order", "AccountScores", "SIGNALS", "BIAS",
           "DEFAULT_THRESHOLD", "parse_bool"]

# name -> (weight, what it means). Weights are hand-set; see docs/detection.md.
SIGNALS: dict[str, tuple[float, str]] = {
    "reported": (2.0, "named as the suspect's account in victims' reports"),
    "victim_money": (2.0, "receives money from reported victims"),
    "traced_money": (3.0, "reported victims' money reaches it through the chain and is passed on"),
    "pass_through": (2.0, "passes the money on, fast"),
    "chain": (2.0, "in a layering chain between suspicious accounts"),
    "relay": (2.0, "relays money that just arrived into suspicious accounts, again and again"),
    "layering": (1.5, "inside a chain of fast hops: money in, on and on again within hours"),
    "shared_access": (2.0, "devices / IPs shared with other suspicious accounts"),
    "foreign_logins": (1.5, "logins from foreign IP addresses"),
    "not_biometric": (1.0, "not biometrically verified"),
    "young": (1.0, "opened shortly before money arrived"),
    "holder_phone": (1.0, "registered phone shared with other holders or used by the scammers"),
    "cash_out": (-4.0, "money leaves the chain here (abroad / crypto / cash)"),
}
BIAS = -4.5
ROUNDS = 3
SCORING_STEPS = 6               # what the progress display counts while scoring (see _score_accounts)
# Calibrated on the demo ground truth at seeds 1, 2, 3 (docs/detection.md has the table).
DEFAULT_THRESHOLD = 0.7

RELAY_FULL_SHARE = 0.3          # relays into suspicious accounts this share of its outflow: full strength
STRUCTURE_SLOPE = 4.0           # transfers only: logit change per threshold's worth of structure score
MIN_KNOWN_SHARE = 0.5           # below this share of accounts known beyond their transfers: transfers only


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


def score_accounts(gv: GraphView, progress=None) -> AccountScores:
    """Compute every signal and the mule score of every account (vectorised; deterministic).
    Computed once per view: mules, organisers and exports that share a view share the scores.

    A store of transfers alone (no reports, logins or KYC records) also gets the transfer-structure
    score of :mod:`graphfraud.analysis.structure`, whose flag threshold is calibrated on the store's
    own scores: it is mapped onto the mule score so that its threshold falls on
    :data:`DEFAULT_THRESHOLD`, and an account's mule score is the higher of the two.
    ``progress`` (see graphfraud.progress) is told each step of the scoring."""
    def compute():
        scores = _score_accounts(gv, progress)
        if transfers_only(gv):
            stage(progress, "mules.structure")
            _add_structure(scores)
        return scores
    return gv.once("mule_scores", compute)


def transfers_only(gv: GraphView) -> bool:
    """True when the store holds no reports and most accounts are known by their transfers alone
    (fewer than :data:`MIN_KNOWN_SHARE` of them seen logging in or in a KYC record): the signals of
    those sources cannot speak for them, only transfer structure can. A store of transfers alone,
    or one bank's log-ins beside everybody's transfers, is such a store. With reports, the victims'
    traced money speaks; the structure score would only add accounts of ordinary busy shapes."""
    acc = gv.nodes_of_type("account")
    if not len(acc) or len(gv.edges_of_type("mention")):
        return False
    known = np.zeros(gv.n, dtype=bool)
    e = gv.edges_of_type("login")
    known[gv.src[e]] = True
    known[gv.dst[e]] = True
    for name in ("biometric_verified", "opened_at"):
        if known[acc].mean() >= MIN_KNOWN_SHARE:
            break
        known[acc] |= np.fromiter((x is not None for x in gv.node_prop(name, acc)), dtype=bool, count=len(acc))
    return float(known[acc].mean()) < MIN_KNOWN_SHARE


def _add_structure(sc: AccountScores) -> None:
    from graphfraud.analysis.structure import structure_scores

    ss = structure_scores(sc.view)
    logit_thr = math.log(DEFAULT_THRESHOLD / (1.0 - DEFAULT_THRESHOLD))
    z = logit_thr + STRUCTURE_SLOPE * (ss.score - ss.threshold) / max(ss.threshold, 1e-9)
    mapped = np.where(ss.score > 0, _sigmoid(z), 0.0)
    sc.stats["structure_score"] = ss.score
    sc.stats["structure_threshold"] = np.full(len(ss.score), ss.threshold)
    sc.extra["structure"] = ss
    sc.extra["structure_z"] = np.where(ss.score > 0, z, -np.inf)
    sc.score = np.maximum(sc.score, mapped)


def _score_accounts(gv: GraphView, progress=None) -> AccountScores:
    stage(progress, "mules.signals", total=SCORING_STEPS, unit="steps")
    c = flows(gv)
    advance(progress)
    victim = report_signals(c)
    advance(progress)
    pass_through(c)
    exit_tx = exits(c)
    advance(progress)
    trail, holds, relay_tx = trail_signals(c, exit_tx)
    layer_tx, layer_sent = layering(c, relay_tx, victim, trail)
    advance(progress)
    access = access_signals(c)
    kyc_signals(c, victim)
    advance(progress)
    z, susp, up = _propagate(c, victim, holds, exit_tx, relay_tx, access)
    advance(progress)
    st, sg, na = c.st, c.sg, c.na
    # a sink of the chain's money is a cash-out point too: most of its inflow comes from victims or
    # suspicious accounts and it keeps it (what it does send on is not the chain's next hop)
    in_amt, out_amt = st["in_amount"], st["out_amount"]
    kept = 1.0 - np.divide(np.minimum(out_amt, in_amt), in_amt, out=np.ones(na), where=in_amt > 0)
    st["kept_share"] = kept
    sg["cash_out"] = np.maximum(sg["cash_out"], np.clip((up * kept - 0.2) / 0.6, 0.0, 1.0))
    score = _sigmoid(z + SIGNALS["cash_out"][0] * sg["cash_out"])
    sc = AccountScores(view=gv, accounts=c.acc, row=c.row, strength=sg, stats=st, suspicion=susp,
                         score=score,
                         extra={"victim": victim, "T": c.T, "Ts": c.s, "Td": c.d, "exit_tx": exit_tx,
                                "dev_acc": access.dev_acc, "dev_node": access.dev_node,
                                "ip_acc": access.ip_acc, "ip_node": access.ip_node,
                                "foreign_login_edges": access.foreign_login_edges,
                                "trail": trail, "relay_tx": relay_tx, "layer_tx": layer_tx,
                                "layer_sent": layer_sent})
    # money paid into the wider economy (a P2P crypto seller, a shop) leaves the chain too: an export with
    # no descriptions and no banks shows a cash-out account's USDT purchases so, and it passed the money
    # on fast as a mule does; judged from the scores so far (see organizers.economy_share)
    from graphfraud.analysis.organizers import economy_share

    st["economy_share"] = eco = economy_share(sc)
    sg["cash_out"] = np.maximum(sg["cash_out"], np.clip((eco - 0.2) / 0.6, 0.0, 1.0))
    sc.score = _sigmoid(z + SIGNALS["cash_out"][0] * sg["cash_out"])
    return sc


def _propagate(c, victim, holds, exit_tx, relay_tx, acs):
    """Rounds of ``chain``, ``relay`` and ``shared_access``, each from the previous round's suspicion
    (the score without ``cash_out`` and ``layering``); returns the last round's logit, suspicion and inflow share from
    suspicious accounts."""
    gv, na, st, sg, s, d, a = c.gv, c.na, c.st, c.sg, c.s, c.d, c.a
    in_amt, out_amt = st["in_amount"], st["out_amount"]
    susp = np.zeros(na)
    src_susp_victim = victim.astype(np.float64)
    for _ in range(ROUNDS + 1):
        up_src = np.maximum(susp, src_susp_victim)
        up = np.divide(np.bincount(d, a * up_src[s], minlength=na), in_amt, out=np.zeros(na),
                       where=in_amt > 0)
        # money sent into accounts that are suspicious or hold victims' money (a cash-out point)
        down_dst = np.maximum(susp, holds)
        down = np.divide(np.bincount(s, np.where(exit_tx, 0.0, a * down_dst[d]), minlength=na), out_amt,
                         out=np.zeros(na), where=out_amt > 0)
        sg["chain"] = np.sqrt(up * down)
        st["chain_up"], st["chain_down"] = up, down
        st["relays"] = np.bincount(s[relay_tx], down_dst[d[relay_tx]], minlength=na)
        relay_amt = np.bincount(s[relay_tx], a[relay_tx] * down_dst[d[relay_tx]], minlength=na)
        st["relay_share"] = np.divide(relay_amt, out_amt, out=np.zeros(na), where=out_amt > 0)
        sg["relay"] = np.clip(st["relay_share"] / RELAY_FULL_SHARE, 0.0, 1.0)
        dev_sum = np.bincount(acs.dev_node, susp[acs.dev_acc], minlength=gv.n)
        ip_sum = np.bincount(acs.ip_node, susp[acs.ip_acc], minlength=gv.n)
        dev_w = (dev_sum[acs.dev_node] - susp[acs.dev_acc]) * acs.dev_damp[acs.dev_node]
        ip_w = (ip_sum[acs.ip_node] - susp[acs.ip_acc]) * acs.ip_damp[acs.ip_node]
        dshare = np.bincount(acs.dev_acc, dev_w, minlength=na)
        ishare = np.bincount(acs.ip_acc, ip_w, minlength=na)
        st["device_shared_susp"], st["ip_shared_susp"] = dshare, ishare
        sg["shared_access"] = np.minimum(1.0, (dshare + 0.5 * ishare) / 2.0)
        z = np.full(na, BIAS)
        for name, (w, _) in SIGNALS.items():
            if name != "cash_out":
                z = z + w * sg[name]
        # what other accounts see: speed shapes must not confirm each other along a fast chain of
        # relatives (each one's relays would go into an account that looks suspicious only for its speed)
        susp = _sigmoid(z - SIGNALS["layering"][0] * sg["layering"])
    return z, susp, up


# ============================================================================ entry point


def mules(store, threshold: float | None = None, explain: bool = True, include_all: bool = False,
          view: GraphView | None = None, scores: AccountScores | None = None, progress=None) -> list[dict]:
    """Accounts scored as money mules, highest first (equal scores ordered by :func:`tie_order`).

    ``threshold`` defaults to :data:`DEFAULT_THRESHOLD`; ``include_all`` lists every account
    (evidence is looked up only for accounts at or above the threshold). Each item:
    ``{type: "account", value, bank, score, strength (see :func:`evidence_strength`), reasons: [{signal, text, strength, contribution,
    evidence: {counts, amounts, transfers: [... file, row]}}]}``. ``progress`` (see
    graphfraud.progress) is told the steps: scoring, then the evidence of each account listed.
    """
    from graphfraud.analysis.mule_reasons import reasons

    thr = DEFAULT_THRESHOLD if threshold is None else float(threshold)
    if not 0.0 <= thr <= 1.0:
        from graphfraud.errors import UsageError

        raise UsageError("--threshold must be between 0 and 1")
    if scores is None:
        gv = view if view is not None else GraphView.from_store(store)
        scores = score_accounts(gv, progress)
    gv = scores.view
    sc = np.round(scores.score, 4)
    rows = np.arange(len(scores.accounts)) if include_all else np.nonzero(sc >= thr)[0]
    strength = evidence_strength(scores)
    out = []
    # the evidence rows of every account listed: one read transaction on a server store
    with store.reading() if store is not None else nullcontext():
        for r in counted(progress, rows[tie_order(scores, sc, strength, rows)].tolist(), "mules.reasons",
                         "accounts"):
            i = int(scores.accounts[r])
            out.append({"type": "account", "value": gv.values[i], "bank": gv.props_of(i).get("bank"),
                        "score": float(sc[r]), "strength": float(strength[r]),
                        "reasons": reasons(scores, store, r, explain and sc[r] >= thr)})
    return out


def evidence_strength(scores: AccountScores) -> np.ndarray:
    """Per row: the weighted sum of the signals before it is squashed into the 0-1 score (the score's
    logit; the transfer-structure score's where that one sets the score), rounded to 3 decimals.
    Strong mules all score 1.000 once rounded; this keeps how much stronger one is than another."""
    z = scores.z()
    structure_z = scores.extra.get("structure_z")
    if structure_z is not None:
        z = np.maximum(z, structure_z)
    return np.round(z, 3)


def tie_order(scores: AccountScores, sc: np.ndarray, strength: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Positions of ``rows`` highest score first; equal (rounded) scores by evidence strength, then the
    number of reported victims who paid the account, the money received from them, the victims' money
    traced into it, and last the account number (so the order never depends on the store)."""
    st = scores.stats
    vals = scores.view.values[scores.accounts[rows]]
    keys = [(-sc[r], -strength[r], -int(st["victim_senders"][r]), -round(float(st["victim_amount"][r]), 2),
             -round(float(st["traced_in"][r]), 2), str(v)) for r, v in zip(rows.tolist(), vals.tolist())]
    return np.array(sorted(range(len(rows)), key=keys.__getitem__), dtype=np.int64)
