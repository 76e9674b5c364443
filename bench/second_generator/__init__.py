"""A second generator of synthetic Vietnamese fraud-investigation case folders, and the measure of
graphfraud's detection on them.

This generator was written separately from graphfraud's own demo generator and from its detectors,
from a reading of how such fraud works, so that detection can be measured on data the detectors were
not tuned on. It imports nothing from graphfraud: it only writes files in layouts that investigators
receive, which graphfraud reads like any other case files.

What it models, per seed:

* a population of ordinary people with salaries, rent, relatives, friends, favourite shops, e-wallet
  top-ups and bills, households sharing a device, and their e-banking logins;
* 2 to 8 scam organisations working from Cambodia, China, the Philippines, Myanmar or Laos, each with
  its IPs (and sometimes Vietnamese proxies), devices, scam phones, handlers, Telegram / Facebook /
  Zalo accounts and one or two scam types (online tasks, fake police, fake bank staff, crypto
  investment);
* victims, mostly people of the population, some from outside it: the scam calls before and during
  the scam, the payments each scam type asks for, and a report to the police for a share of them
  (the report rate is drawn per seed, from 20 % to 80 %); reports name only some of the accounts paid;
* mule accounts in one to three layers, either rented from real people (who keep their own everyday
  traffic, are called by a recruiter and may be paid a fee) or opened online with stolen identities
  (recently, at digital banks, often failing the biometric check, identities reused across banks);
  each mule is active in a window of time and waits a delay typical of its organisation before
  forwarding, split, to the next layer;
* cash-out accounts emptied in an organisation's own mix of P2P crypto purchases, ATM withdrawals and
  transfers to banks abroad, logged into from the organisation's devices;
* confounders, legitimate accounts with mule-like traffic: shops and their daily settlements, bill
  collectors, e-wallet hubs, payroll, small traders, money changers, P2P crypto sellers, workers
  abroad sending money home, relatives forwarding it, shippers and telesales calling many people;
* what the banks hand over: logins for part of the accounts (most of the mules'), a KYC registry for
  part of them.

The file layouts vary per seed: Vietnamese (two bank styles) or English headers, CSV (UTF-8 with or
without BOM) or XLSX with or without title rows, one transfers export or one per bank, date and time
in one column or two, amounts with dots, plain or numeric, banks by code, name, long name or BIN,
phones in national, spaced, 84 or +84 form, transaction ids and descriptions present or not.

Each ``seed_<N>`` folder holds the transfers, calls, logins, KYC and reports files and
``truth.json`` (see :mod:`.truth`). Everything is drawn from one random generator seeded by N, in a
fixed order: the same seed gives the same files (XLSX files differ only by the time stamped in their
document properties and zip entries).

    python -m bench.second_generator generate --seeds 1-12 --out DIR
    python -m bench.second_generator evaluate DIR [--no-load]

``evaluate`` loads each folder with the ``graphfraud`` command, runs ``mules``, ``link-cases``,
``organizers`` and ``communities``, prints a table per seed and the min / median of each measure,
and writes them to ``DIR/eval_results.json`` (see :mod:`.evaluate`).

Modules: ``reference`` (banks, IP blocks, names, description texts), ``identifiers``, ``world`` (a
seed's state and knobs), ``people`` (accounts, population, everyday activity), ``confounders``,
``organisations`` (organisations, mules, cash-out accounts), ``flow`` (the money moving through the
layers), ``victims`` (victims, payments, reports, calls), ``formats`` and ``writers`` (the files),
``truth``, ``generate``, ``evaluate``, ``cli``.
"""

from .evaluate import evaluate_dir
from .generate import generate_seed, simulate

__all__ = ["evaluate_dir", "generate_seed", "simulate"]
