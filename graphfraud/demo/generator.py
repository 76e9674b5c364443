"""Seeded generator of realistic, messy Vietnamese fraud-case files with ground truth.

``generate(out_dir)`` writes one case folder: two bank exports of transactions (a
Vietnamese CSV and an English XLSX), a telecom CDR of calls, e-banking logins
(JSON), KYC account records (XLSX), victims' police reports (CSV) and social
network records (CSV), plus ``ground_truth.json`` describing what was planted.
See ``docs/demo-data.md`` for the file layouts and the ground-truth schema.

What is in the data
    * a legitimate background: people transferring to each other (power-law
      degree, daytime-heavy), calling each other, logging in from Vietnamese IPs;
    * planted fraud organisations, one scam campaign each: scam phones
      (foreign, VoIP, local prepaid SIMs) call victims, victims pay tier-1 mule
      accounts, which forward within minutes to tier-2 mules, which forward
      within minutes to the organisers' cash-out accounts, which send the money
      abroad or buy USDT; mules are young accounts logged into from Cambodian,
      Chinese or Philippine IPs on a few devices shared inside the organisation;
      every victim files a report;
    * confounders that must not be flagged: merchants (huge fan-in, weekly
      settlement), payroll accounts (huge fan-out on pay day), overseas workers
      (foreign logins), family forwarders (money passed on within hours, few
      senders) and busy hubs (utility / e-wallet accounts paid by victims and
      everyone else alike);
    * messiness: phones, amounts, dates, bank names and account numbers spelled
      in many ways, plus a few deliberately invalid values (``expected_rejects``).

Determinism: the same ``seed`` and sizes give byte-identical files. Nothing reads
the clock; all randomness comes from ``random.Random(seed)``,
``numpy.random.Generator(PCG64(seed))`` and per-day generators seeded from the seed.

Scale: ``n_transfers`` is the number of legitimate background transfers. They
are generated vectorised with numpy, one day at a time, and appended to the
CSV export in slices of 50,000 rows, so memory is bounded by the account table
(about 0.6 GB at 10^7 transfers), not by the number of transfers. Planted fraud
grows with the square root of the background.

Where each part lives: :mod:`~graphfraud.demo.layout` (file names, headers, dates),
:mod:`~graphfraud.demo.records` (the planted records), :mod:`~graphfraud.demo.world` (seeded state,
identifiers, background population), :mod:`~graphfraud.demo.people`,
:mod:`~graphfraud.demo.confounders`, :mod:`~graphfraud.demo.organisations`,
:mod:`~graphfraud.demo.bank_exports` (the transactions files), :mod:`~graphfraud.demo.side_files`
(calls, logins, KYC, reports, social), :mod:`~graphfraud.demo.spelling`,
:mod:`~graphfraud.demo.writers` (CSV, XLSX) and :mod:`~graphfraud.demo.truth`. This module
assembles the generator and writes the folder.

Command line (for benchmarks)::

    python -m graphfraud.demo.generator OUT_DIR [--seed 7] [--transfers N] [--orgs K] [--scenario S]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

from graphfraud.demo.bank_exports import BankExports
from graphfraud.demo.confounders import Confounders
from graphfraud.demo.layout import (
    BASE,
    DAY,
    DEFAULT_TRANSFERS,
    EXTRA_COLUMNS,
    FILE_NAMES,
    GROUND_TRUTH_NAME,
    HEADERS,
    N_DAYS,
    XLSX_BACKGROUND_MAX,
    Manifest,
)
from graphfraud.demo.organisations import Organisations, draw_loss
from graphfraud.demo.people import People
from graphfraud.demo.records import Acct, Call, Login, Org, Txn
from graphfraud.demo.side_files import SideFiles, write_side_files
from graphfraud.demo.spelling import (
    spell_account,
    spell_amount,
    spell_bank,
    spell_device,
    spell_phone,
    spell_social,
    spell_url,
)
from graphfraud.demo.truth import ground_truth
from graphfraud.demo.world import World
from graphfraud.demo.writers import _write_xlsx

__all__ = [
    "Manifest", "generate", "FILE_NAMES", "HEADERS", "EXTRA_COLUMNS", "GROUND_TRUTH_NAME", "default_orgs",
    "main",
    # defined in the modules the generator is made of; importable from here too
    "BASE", "DAY", "N_DAYS", "DEFAULT_TRANSFERS", "XLSX_BACKGROUND_MAX", "Acct", "Txn", "Call", "Login",
    "Org", "draw_loss", "write_side_files", "spell_account", "spell_amount", "spell_bank", "spell_device",
    "spell_phone", "spell_social", "spell_url",
]


class _Gen(SideFiles, BankExports, Organisations, Confounders, People, World):
    """The classic demo's generator: the world and its people, the look-alikes, the fraud
    organisations, and the rows of the case files (each part in its own module)."""


def default_orgs(n_transfers: int) -> int:
    """4 organisations at the default size, growing with the square root of the background."""
    return max(4, round(4 * math.sqrt(max(n_transfers, 1) / DEFAULT_TRANSFERS)))


def generate(out_dir: Path, seed: int = 7, n_transfers: int | None = None,
             n_orgs: int | None = None, scenario=None) -> Manifest:
    """Write a demo case folder into ``out_dir`` and return what was written.

    ``n_transfers`` -- legitimate background transfers (default 4,000; up to 10^7 for
    benchmarks). ``n_orgs`` -- planted fraud organisations (default: 4 at the default
    size, ``round(4*sqrt(n_transfers/4000))`` above it). Same arguments, same bytes.
    ``scenario`` -- a :class:`graphfraud.demo.scenario.Scenario` (or a scenario seed):
    randomised phenomena (see ``docs/demo-data.md``); ``None`` writes the classic demo.
    """
    out_dir = Path(out_dir)
    n = DEFAULT_TRANSFERS if n_transfers is None else int(n_transfers)
    if n < 0:
        raise ValueError("n_transfers must be >= 0")
    k = default_orgs(n) if n_orgs is None else int(n_orgs)
    if k < 1:
        raise ValueError("n_orgs must be >= 1")
    if scenario is not None:
        from graphfraud.demo.scenario_files import generate_scenario

        return generate_scenario(out_dir, seed, n, None if n_orgs is None else k, scenario)
    out_dir.mkdir(parents=True, exist_ok=True)
    G = _Gen(seed, n, k)
    G.build_population()
    G.build_confounders()
    G.build_orgs()
    G.settle()
    G.finalise_specials()

    n_xlsx_bg = min(XLSX_BACKGROUND_MAX, n // 5)
    n_csv_bg = n - n_xlsx_bg
    rows: dict[str, int] = {}
    rejects: list[dict] = []
    paths = {kind: tuple(out_dir / f for f in names) for kind, names in FILE_NAMES.items()}

    csv_path, xlsx_path = paths["transactions"]
    first_x = G.n_special
    xrows = G.xlsx_transaction_rows(n_xlsx_bg, first_x)
    _write_xlsx(xlsx_path, "Transactions", HEADERS[xlsx_path.name], xrows)
    rows[xlsx_path.name] = len(xrows)
    rows[csv_path.name] = G.write_transactions_csv(csv_path, n_csv_bg, first_x + n_xlsx_bg)

    rejects += write_side_files(G, paths, rows)

    gt = ground_truth(G, n, k, rows, rejects, n_xlsx_bg)
    gt_path = out_dir / GROUND_TRUTH_NAME
    gt_path.write_text(json.dumps(gt, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return Manifest(out_dir=out_dir, files=paths, ground_truth=gt_path, seed=seed, n_transfers=n, n_orgs=k,
                    rows=rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m graphfraud.demo.generator",
                                 description="Write a seeded demo fraud case folder with ground truth.")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--transfers", type=int, default=None, help="background transfers (default 4000)")
    ap.add_argument("--orgs", type=int, default=None, help="fraud organisations (default grows with size)")
    ap.add_argument("--scenario", type=int, default=None, help="draw a randomised scenario from this seed")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    m = generate(a.out_dir, seed=a.seed, n_transfers=a.transfers, n_orgs=a.orgs, scenario=a.scenario)
    dt = time.perf_counter() - t0
    for kind, ps in m.files.items():
        for p in ps:
            print(f"{kind:13s} {p.name:32s} {m.rows[p.name]:>10,d} rows  {p.stat().st_size / 1e6:8.1f} MB")
    print(f"ground truth  {m.ground_truth.name}  ({m.n_orgs} organisations)")
    print(f"generated in {dt:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
