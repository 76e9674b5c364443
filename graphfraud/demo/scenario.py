"""Randomised demo scenarios: the phenomena real case folders vary in, drawn from a seed.

    from graphfraud.demo import generate
    from graphfraud.demo.scenario import Scenario

    sc = Scenario.draw(101)                   # the same seed always draws the same scenario
    generate(Path("case"), seed=101, scenario=sc)

A scenario fixes, for one generated case folder:

* ``tiers`` -- mule tiers between the victims and the cash-out accounts (2-4); only
  tier 1 receives from victims;
* ``cashout_mix`` -- how cash-out accounts end the money trail: ``foreign`` (transfer to
  a foreign bank), ``crypto_p2p`` (a Vietnamese P2P trader, buying USDT), ``atm``
  (withdrawn at ATMs / the counter) or ``stays`` (no exit transfer at all);
* ``rented_share`` -- share of mules that are rented: real people's old, biometrically
  verified accounts with a history of logins from home; ``vn_handler_share`` -- share of
  organisations whose handlers are in Vietnam (every login from Vietnamese IPs);
* ``report_rate`` -- share of victims who file a report; ``full_amount_share`` -- share of
  reports that give the whole loss rather than the amount paid to the one account named;
* ``repeat_victims`` -- people scammed by two organisations (recovery scams);
* ``sister_pairs`` -- pairs of organisations sharing a device farm or a cash-out account;
* ``lookalikes`` -- parameters of the legitimate look-alikes (merchants, payroll,
  overseas workers, family forwarders, hubs);
* ``duplicate_rate`` / ``no_id_export`` -- transfers exported twice with different
  formatting (same transaction id), and an extra export without transaction ids;
* ``transfer_only`` -- the folder holds only the bank exports.
"""

from __future__ import annotations

import numbers
import random
from dataclasses import asdict, dataclass, field

CASHOUT_KINDS = ("foreign", "crypto_p2p", "atm", "stays")
LOW_REPORT_RATE = 0.35          # the grid's report-rate bands: below / at least this


@dataclass(frozen=True)
class Scenario:
    """Knob values of one randomised demo scenario (see the module docstring)."""

    seed: int
    n_orgs: int = 4
    victims: tuple[int, int] = (6, 14)
    tiers: int = 2
    cashout_mix: dict = field(default_factory=lambda: {"foreign": 0.6, "crypto_p2p": 0.4, "atm": 0.0,
                                                       "stays": 0.0})
    rented_share: float = 0.3
    vn_handler_share: float = 0.0
    report_rate: float = 1.0
    full_amount_share: float = 1.0
    repeat_victims: int = 0
    sister_pairs: int = 0
    lookalikes: dict = field(default_factory=dict)
    duplicate_rate: float = 0.0
    no_id_export: bool = False
    transfer_only: bool = False

    @classmethod
    def draw(cls, seed: int) -> "Scenario":
        """The scenario of ``seed``: every knob drawn from its range (deterministic)."""
        r = random.Random(f"graphfraud-scenario-{int(seed)}")
        n_orgs = r.randint(3, 6)
        w = [r.random() ** 2 for _ in CASHOUT_KINDS]
        w[r.randrange(len(w))] += 0.5       # one way of cashing out dominates
        mix = {k: round(x / sum(w), 3) for k, x in zip(CASHOUT_KINDS, w)}
        low = r.random() < 0.4
        rate = round(r.uniform(0.2, 0.34) if low else r.uniform(0.35, 1.0), 2)
        return cls(
            seed=int(seed), n_orgs=n_orgs, victims=(r.randint(4, 7), r.randint(9, 16)),
            tiers=r.randint(2, 4), cashout_mix=mix,
            rented_share=round(r.uniform(0.1, 0.9), 2),
            vn_handler_share=round(r.choice((0, 0, 0.25, 0.5)), 2),
            report_rate=rate, full_amount_share=round(r.uniform(0.2, 0.9), 2),
            repeat_victims=r.choice((0, 1, 1, 2)), sister_pairs=r.choice((0, 1, 1, 2)) if n_orgs > 2 else 0,
            lookalikes=_draw_lookalikes(r), duplicate_rate=round(r.choice((0.0, 0.01, 0.02, 0.04)), 3),
            no_id_export=r.random() < 0.5, transfer_only=r.random() < 0.15)

    def as_json(self) -> dict:
        d = asdict(self)
        d["victims"] = list(self.victims)
        d["lookalikes"] = {k: list(v) if isinstance(v, tuple) else v for k, v in self.lookalikes.items()}
        return d

    def describe(self) -> str:
        """One line: the knobs that matter most when reading an evaluation row."""
        mix = "/".join(f"{k}:{v:.0%}" for k, v in self.cashout_mix.items() if v)
        flags = [f for f, on in (("transfer-only", self.transfer_only), ("no-id export", self.no_id_export))
                 if on]
        return (f"{self.n_orgs} orgs, {self.tiers} tiers, reports {self.report_rate:.0%}, "
                f"rented {self.rented_share:.0%}, VN handlers {self.vn_handler_share:.0%}, cash-out {mix}, "
                f"repeat {self.repeat_victims}, sisters {self.sister_pairs}, dup {self.duplicate_rate:.0%}"
                + (", " + ", ".join(flags) if flags else ""))


def _draw_lookalikes(r: random.Random) -> dict:
    """Parameters of the legitimate look-alikes (counts, sizes, delays)."""
    lo = r.randint(25, 70)
    staff_lo = r.randint(10, 40)
    fw_lo = r.choice((0.1, 0.25, 0.5, 1.0))
    return {"merchants": r.randint(2, 6), "merchant_customers": (lo, lo + r.randint(20, 100)),
            "payroll": r.randint(1, 4), "staff": (staff_lo, staff_lo + r.randint(10, 90)),
            "workers": r.randint(2, 8),
            "forward_seconds": (int(fw_lo * 3600), int(fw_lo * 3600) + r.randint(1, 8) * 3600),
            "hubs": r.randint(1, 3), "hub_victim_share": round(r.uniform(0.2, 0.8), 2)}


def as_scenario(x) -> Scenario:
    """A :class:`Scenario`, or the scenario drawn from an int seed."""
    if isinstance(x, Scenario):
        return x
    if isinstance(x, bool) or not isinstance(x, numbers.Integral):
        raise TypeError("scenario must be a Scenario or an int seed")
    return Scenario.draw(int(x))
