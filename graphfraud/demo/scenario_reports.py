"""Victims' reports in a randomised scenario: only some victims file one; a report names one
of the accounts the victim paid and, often, only the amount paid to it.

A mix-in of the demo generator (``generator._Gen``); the classic demo does not use it.
"""

from __future__ import annotations

from graphfraud.demo import _vocab as V
from graphfraud.demo.layout import DAY
from graphfraud.demo.spelling import (
    _dt,
    _ts_text,
    spell_account,
    spell_amount,
    spell_bank,
    spell_phone,
    spell_social,
    spell_url,
)


class ScenarioReports:
    """Overrides :meth:`_Gen.report_rows`."""

    sc = None

    def decide_reports(self) -> None:
        """Which victims file a report (``v["files"]``); repeat victims always do."""
        rr, rate = self.rr, self.sc.report_rate
        for org in self.orgs:
            n = max(1, round(rate * len(org.victims)))
            forced = [v for v in org.victims if v["repeat"]]
            others = [v for v in org.victims if not v["repeat"]]
            chosen = {id(v) for v in forced}
            chosen |= {id(v) for v in rr.sample(others, min(len(others), max(0, n - len(forced))))}
            for v in org.victims:
                v["files"] = id(v) in chosen and not self.sc.transfer_only
                v["case_id"], v["reported"] = None, None
        for org in self.orgs:   # one case for both scams: the report comes after the second one
            for v in org.victims:
                if v["repeat"] and v["repeat"]["kind"] == "one_case" and v["repeat"]["first"]:
                    v["files"] = False

    def report_rows(self) -> list[list]:
        rr = self.rr
        self.decide_reports()
        vics = []
        for org in self.orgs:
            for v in org.victims:
                if v["files"]:
                    v["report_t"] = ((v["last_t"] // DAY + rr.randint(1, 5)) * DAY
                                     + rr.randint(7 * 3600, 17 * 3600))
                    vics.append((v["report_t"], v["acct"].number, org, v))
        vics.sort(key=lambda r: (r[0], r[1]))
        for org in self.orgs:    # which reports mention a scam website; each one at least once
            filed = [v for v in org.victims if v["files"]]
            p_url = 0.5 if org.scam_type != "giả danh công an" else 0.2
            for v in filed:
                v["url"] = rr.choice(org.urls) if rr.random() < p_url else None
            for u in org.urls:
                if filed and not any(v["url"] == u for v in filed):
                    rr.choice([v for v in filed if v["url"] is None] or filed)["url"] = u
        rows = []
        for n, (rt, _, org, v) in enumerate(vics, start=1):
            v["case_id"] = f"VV-2024-{n:04d}"
            rep = v["repeat"]
            if rep and rep["kind"] == "one_case":
                rep["other"]["case_id"] = v["case_id"]
            rows.append(self._report_row(org, v, rt))
        return rows

    def _report_row(self, org, v: dict, rt: int) -> list:
        rr = self.rr
        rep = v["repeat"]
        joint = rep is not None and rep["kind"] == "one_case"
        txns = (rep["other"]["txns"] if joint else []) + v["txns"]
        loss = v["loss"] + (rep["other"]["loss"] if joint else 0)
        named = rr.choice(sorted({x.dst for x in txns}))
        paid = sum(x.amount for x in txns if x.dst == named)
        amount = loss if rr.random() < self.sc.full_amount_share else paid
        t1 = self.accts[named]
        has_phone, has_acct, spelled_phone, social, url, email, narrative = self._named_in_report(
            org, v, txns[0].t, t1, amount)
        v["reported"].update({"amount": amount, "paid_to_named_account": paid, "loss": loss})
        name = self.full(v["acct"]).holder
        return [
            v["case_id"],
            _dt(rt).strftime("%d/%m/%Y") if rr.random() < 0.75 else _ts_text(rt, "dmy_m"),
            name if rr.random() < 0.8 else name.upper(), spell_phone(rr, v["phone"]),
            spell_account(rr, v["acct"].number, 0.1, 0.05), spell_bank(rr, v["acct"].bank),
            spelled_phone if has_phone else "",
            spell_account(rr, t1.number, 0.1, 0.05) if has_acct else "",
            spell_bank(rr, t1.bank) if has_acct else "",
            spell_social(rr, social, True) if social else "",
            spell_url(rr, url) if url else "",
            ((email if rr.random() < 0.7 else email.upper()) if email else ""),
            spell_amount(rr, amount, (0.6, 0.2, 0.2)),
            org.scam_type if rr.random() < 0.7 else org.scam_type.capitalize(),
            narrative,
            rr.choice(V.HANDLING_UNITS),
        ]
