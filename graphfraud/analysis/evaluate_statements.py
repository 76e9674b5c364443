"""The grid's case folders as a police unit receives bank data: statements of the accounts it asked for.

A unit rarely holds a bank's whole export. It asks the banks for the statements (sao kê) of the
accounts its victims' reports name, the suspects' and the victims' own, then of the accounts the
suspects' money went to, and so on, one round of requests after another. ``evaluate --grid --writer
statements`` rewrites each generated case folder so (:func:`statements_of_requests`):

* round 1: the accounts the reports name (the columns ``load`` maps to ``suspect_account`` and
  ``victim_account``);
* rounds 2 and 3: the accounts that received money from an account of the round before that is not a
  victim's (the next hops of the suspects' money);
* each of them gets one CSV statement, ``sao_ke_<account>.csv``: the account is stated in the title
  block above the table (``Số tài khoản: …``), each row holds the date and time, reference, description,
  debit or credit amount and the counterparty's account and bank;
* the bank-wide exports are not loaded: a transfer between two accounts nobody asked for is not
  seen, one between two that were asked for is stated twice (once in each statement).

The columns are found in the generated files as ``load`` finds them (:func:`graphfraud.loaders.detect.detect`),
and the ground truth is not read: what is requested depends on what the reports say, as it would.
"""

from __future__ import annotations

import csv
from pathlib import Path

from graphfraud.analysis.evaluate_files import account_key, tables_as

__all__ = ["ROUNDS", "statements_of_requests"]

ROUNDS = 3
HEADER = ("Ngày giao dịch", "Số tham chiếu", "Nội dung", "Ghi nợ", "Ghi có", "Tài khoản đối ứng",
          "Ngân hàng đối ứng")


def statements_of_requests(bank_files: list[Path], report_files: list[Path], out: Path) -> list[Path]:
    """Write the statements the requests reach (see the module doc) into ``out``; return their paths."""
    rows = [r for p in bank_files for r in _transfers(p)]
    suspects, victims = _named_in_reports(report_files)
    asked = _requested(rows, suspects, victims)
    by_account: dict[str, list] = {a: [] for a in sorted(asked)}
    for r in rows:
        for side in {r["from"], r["to"]} & asked:
            by_account[side].append(r)
    paths = []
    for account, mine in by_account.items():
        if mine:
            paths.append(_write(out / f"sao_ke_{account}.csv", account, mine))
    return paths


def _requested(rows: list[dict], suspects: set, victims: set) -> set:
    """The accounts whose statements the rounds of requests reach."""
    asked = set(suspects | victims)
    frontier = set(suspects)
    for _ in range(ROUNDS - 1):
        nxt = {r["to"] for r in rows if r["from"] in frontier and r["to"]} - asked
        asked |= nxt
        frontier = nxt
    return asked


def _named_in_reports(paths: list[Path]) -> tuple[set, set]:
    suspects, victims = set(), set()
    for path in paths:
        for table, col in tables_as(path, "reports", skip_unknown=True):
            for field, found in (("suspect_account", suspects), ("victim_account", victims)):
                if field in col:
                    found |= {k for k in map(account_key, table.rows[col[field]]) if k}
    return suspects, victims


def _transfers(path: Path) -> list[dict]:
    """The transfers of one bank-wide export, their cells as written (accounts as keys)."""
    out = []
    fields = ("txn_id", "timestamp", "from_account", "to_account", "to_bank", "from_bank", "amount", "description")
    for table, col in tables_as(path, "transactions", skip_unknown=True):
        frame = table.rows
        columns = [frame[col[f]].tolist() if f in col else [""] * len(frame) for f in fields]
        for txn, ts, frm, to, to_bank, frm_bank, amount, text in zip(*columns):
            out.append({"txn": txn or "", "time": ts or "", "from": account_key(frm), "to": account_key(to),
                        "from_bank": frm_bank or "", "to_bank": to_bank or "", "amount": amount or "",
                        "text": text or ""})
    return out


def _write(path: Path, account: str, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["SAO KÊ TÀI KHOẢN"])
        w.writerow([f"Số tài khoản: {account}"])
        w.writerow([])
        w.writerow(HEADER)
        for r in rows:
            out = r["from"] == account
            other, bank = (r["to"], r["to_bank"]) if out else (r["from"], r["from_bank"])
            w.writerow([r["time"], r["txn"], r["text"], r["amount"] if out else "", "" if out else r["amount"],
                        other or "", bank])
    return path
