"""Writing a randomised scenario's case folder: bank exports with duplicated rows, an extra
export without transaction ids, cash withdrawals without a beneficiary, and folders that
hold only the bank exports.

``generate(out_dir, seed, scenario=...)`` (in :mod:`graphfraud.demo.generator`) calls
:func:`generate_scenario`.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from graphfraud.demo import _vocab as V
from graphfraud.demo.generator import _Gen
from graphfraud.demo.layout import (
    DEFAULT_TRANSFERS,
    FILE_NAMES,
    GROUND_TRUTH_NAME,
    HEADERS,
    XLSX_BACKGROUND_MAX,
    Manifest,
)
from graphfraud.demo.records import Txn
from graphfraud.demo.scenario import as_scenario
from graphfraud.demo.scenario_orgs import ScenarioOrgs
from graphfraud.demo.scenario_reports import ScenarioReports
from graphfraud.demo.scenario_truth import scenario_ground_truth
from graphfraud.demo.side_files import write_side_files
from graphfraud.demo.spelling import _ts_text, spell_account, spell_amount, spell_bank
from graphfraud.demo.writers import _csv_line, _write_csv, _write_xlsx

NO_ID_NAME = "sao_ke_bo_sung.csv"
NO_ID_HEADER = ("Thời gian", "Tài khoản ghi nợ", "Ngân hàng chuyển", "Tài khoản ghi có", "Ngân hàng nhận",
                "Số tiền", "Loại tiền", "Kênh", "Nội dung")


class ScenarioGen(ScenarioReports, ScenarioOrgs, _Gen):
    """The demo generator with a scenario's organisations, reports and exports."""

    def __init__(self, seed: int, n_transfers: int, n_orgs: int, scenario):
        super().__init__(seed, n_transfers, n_orgs)
        self.sc = scenario
        grow = max(1.0, math.sqrt(n_transfers / DEFAULT_TRANSFERS))    # counts grow like the classic demo's
        self.LOOKALIKE = {**_Gen.LOOKALIKE, **{k: (tuple(v) if isinstance(v, list) else v)
                                               for k, v in scenario.lookalikes.items()}}
        for key in ("merchants", "payroll", "workers", "hubs"):
            if self.LOOKALIKE[key]:
                self.LOOKALIKE[key] = round(self.LOOKALIKE[key] * grow)
        self.dup_ids: set[str] = set()
        self.dup_extra = {"csv": 0, "xlsx": 0}

    # ------------------------------------------------------------ duplicated rows

    def pick_duplicates(self) -> None:
        """Transfers exported twice (same id, different formatting): planted ones and others alike."""
        rate = self.sc.duplicate_rate
        if rate <= 0:
            return
        planted = [x for x in self.txns if x.tag == "planted"]
        for tagged in (planted, [x for x in self.txns if x.tag != "planted"]):
            k = min(len(tagged), max(1, round(rate * len(tagged))))
            self.dup_ids.update(x.txn_id for x in self.rr.sample(tagged, k))

    def _special_csv_line(self, x: Txn) -> str:
        line = self._csv_once(x)
        if x.txn_id not in self.dup_ids:
            return line
        again = line
        for _ in range(8):
            again = self._csv_once(x)
            if again != line:
                break
        self.dup_extra["csv"] += 1
        return line + "\r\n" + again

    def _csv_once(self, x: Txn) -> str:
        if x.dst:
            return super()._special_csv_line(x)
        rr = self.rr      # a cash withdrawal: no beneficiary account or bank
        ts = _ts_text(x.t, rr.choice(("dmy_s", "dmy_s", "iso")))
        return _csv_line([x.txn_id, ts, spell_account(rr, x.src),
                          spell_bank(rr, x.src_bank), "", "", spell_amount(rr, x.amount), "VND", x.channel,
                          "", "", x.desc, rr.choice(V.BRANCHES)])

    def _xlsx_txn_row(self, x: Txn) -> list:
        if x.dst:
            return super()._xlsx_txn_row(x)
        as_transfer = Txn(**{**x.__dict__, "dst": x.src, "dst_bank": x.src_bank, "dst_name": "-"})
        row = super()._xlsx_txn_row(as_transfer)
        row[4] = row[5] = row[6] = ""
        return row

    def xlsx_transaction_rows(self, n_x: int, first_id: int) -> list[list]:
        rows = super().xlsx_transaction_rows(n_x, first_id)
        if not self.dup_ids:
            return rows
        by_id = {x.txn_id: x for x in self.txns if x.txn_id in self.dup_ids}
        out = []
        for r in rows:
            out.append(r)
            if r[0] in by_id:
                out.append(self._xlsx_txn_row(by_id[r[0]]))
                self.dup_extra["xlsx"] += 1
        return out

    # ------------------------------------------------------------ an export without transaction ids

    def no_id_rows(self) -> tuple[list[list], dict]:
        """One bank's transfers again, without ids, some of them twice, in its own formatting."""
        rr = self.rr
        planted_banks = sorted({x.src_bank for x in self.txns if x.tag == "planted" and x.dst})
        bank = rr.choice(planted_banks)
        chosen = [x for x in self.txns if x.src_bank == bank and x.dst]
        twice = {x.txn_id for x in rr.sample(chosen, max(1, len(chosen) // 20))}
        rows = []
        for x in chosen:
            for _ in range(2 if x.txn_id in twice else 1):
                ts = _ts_text(x.t, rr.choice(("dmy_m", "dmy_s", "iso")))
                rows.append([ts, spell_account(rr, x.src, 0.2, 0.1),
                             spell_bank(rr, x.src_bank), spell_account(rr, x.dst, 0.2, 0.1),
                             spell_bank(rr, x.dst_bank), spell_amount(rr, x.amount, (0.3, 0.3, 0.4)),
                             rr.choice(("VND", "VNĐ")), x.channel, x.desc])
        return rows, {"file": NO_ID_NAME, "bank": bank, "txn_ids": [x.txn_id for x in chosen],
                      "twice": sorted(twice)}


def generate_scenario(out_dir: Path, seed: int, n: int, n_orgs: int | None, scenario) -> Manifest:
    """Write the scenario's case folder (see :func:`graphfraud.demo.generator.generate`)."""
    sc = as_scenario(scenario)
    # the scenario's organisations at the default size, growing like the classic demo's above it
    k = (max(sc.n_orgs, round(sc.n_orgs * math.sqrt(n / DEFAULT_TRANSFERS))) if n_orgs is None
         else int(n_orgs))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    G = ScenarioGen(seed, n, k, sc)
    G.build_population()
    G.build_confounders()
    G.build_orgs()
    G.settle()
    G.finalise_specials()
    G.pick_duplicates()
    n_xlsx_bg = min(XLSX_BACKGROUND_MAX, n // 5)
    rows: dict[str, int] = {}
    rejects: list[dict] = []
    paths = {kind: tuple(out_dir / f for f in names) for kind, names in FILE_NAMES.items()}
    csv_path, xlsx_path = paths["transactions"]
    xrows = G.xlsx_transaction_rows(n_xlsx_bg, G.n_special)
    _write_xlsx(xlsx_path, "Transactions", HEADERS[xlsx_path.name], xrows)
    rows[xlsx_path.name] = len(xrows)
    rows[csv_path.name] = (G.write_transactions_csv(csv_path, n - n_xlsx_bg, G.n_special + n_xlsx_bg)
                           + G.dup_extra["csv"])
    no_id = None
    if sc.no_id_export:
        nrows, no_id = G.no_id_rows()
        _write_csv(out_dir / NO_ID_NAME, NO_ID_HEADER, nrows, bom=True, crlf=True)
        rows[NO_ID_NAME] = len(nrows)
        paths["transactions"] = paths["transactions"] + (out_dir / NO_ID_NAME,)
    if sc.transfer_only:
        G.decide_reports()
        paths = {"transactions": paths["transactions"]}
    else:
        rejects += write_side_files(G, paths, rows)
    gt = scenario_ground_truth(G, n, k, rows, rejects, n_xlsx_bg, no_id)
    gt_path = out_dir / GROUND_TRUTH_NAME
    gt_path.write_text(json.dumps(gt, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return Manifest(out_dir=out_dir, files=paths, ground_truth=gt_path, seed=seed, n_transfers=n, n_orgs=k,
                    rows=rows)
