"""The two bank exports of transactions: transaction ids, background transfers sampled one day
at a time (vectorised), and the planted transfers merged into them by time, as a Vietnamese CSV
and an English XLSX. A mix-in of the demo generator (``generator._Gen``)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import numpy as np
from numpy.random import PCG64, Generator, SeedSequence

from graphfraud.demo import _vocab as V
from graphfraud.demo.layout import BASE, DAY, HEADERS, N_DAYS, S
from graphfraud.demo.records import Txn
from graphfraud.demo.spelling import (
    _dt,
    _group,
    _group_vec,
    _ts_text,
    _ts_vec,
    spell_account,
    spell_amount,
    spell_bank,
    spell_device,
)
from graphfraud.demo.writers import _csv_line, _merge

_SLICE = 50_000                     # background CSV rows rendered at a time


class BankExports:
    """Writes the transactions files."""

    # ------------------------------------------------------------ txn ids

    def finalise_specials(self) -> None:
        self.txns.sort(key=lambda x: (x.t, x.src, x.dst, x.amount))
        for x in self.txns:
            assert 0 <= x.t < N_DAYS * DAY, x
        self.n_special = len(self.txns)
        for k, x in enumerate(self.txns):
            x.txn_id = self.txn_id(k, "xlsx" if x.src_bank in V.XLSX_BANKS else "csv")

    _TXN_M = 318_309_886_183      # coprime with 10: k -> (k*M + c) mod 10**12 is a bijection

    def txn_id(self, k: int, where: str) -> str:
        v = (k * self._TXN_M + self.seed * 1_000_000_007 + 55_555) % 10**12
        return ("FT" if where == "csv" else "TXN") + f"{v:012d}"

    def _txn_id_vec(self, k: np.ndarray) -> np.ndarray:
        assert int(k.max(initial=0)) * self._TXN_M < 2**63
        v = (k.astype(np.int64) * self._TXN_M + (self.seed * 1_000_000_007 + 55_555) % 10**12) % 10**12
        return np.strings.add("FT", np.strings.zfill(v.astype(S), 12))

    # ------------------------------------------------------------ background transactions

    def _bg_sample(self, g: Generator, m: int, days: np.ndarray, send_cdf: np.ndarray) -> dict:
        hours = np.array([0.2, 0.1, 0.05, 0.05, 0.05, 0.2, 0.6, 1.2, 2, 2.2, 2.2, 2.2, 2.4, 2, 2, 2.2,
                          2.2, 2.3, 2.6, 2.8, 2.6, 2, 1.2, 0.5])
        h = g.choice(24, size=m, p=hours / hours.sum())
        t = days.astype(np.int64) * DAY + h * 3600 + g.integers(0, 3600, m)
        order = np.argsort(t, kind="stable")
        t = t[order]
        src = np.minimum(np.searchsorted(send_cdf, g.random(m) * send_cdf[-1], side="right"), self.n_bg - 1)
        dst = np.minimum(np.searchsorted(self.recv_cdf, g.random(m) * self.recv_cdf[-1], side="right"),
                         self.n_bg - 1)
        same = src == dst
        dst[same] = (dst[same] + 1 + g.integers(0, self.n_bg - 1, same.sum())) % self.n_bg
        amt = np.exp(np.log(400_000) + 1.4 * g.standard_normal(m))
        amt = np.clip(amt, 10_000, 1_500_000_000)
        step = np.where(g.random(m) < 0.35, np.where(amt > 2_000_000, 100_000, 10_000), 1000)
        amt = (np.round(amt / step) * step).astype(np.int64)
        amt = np.maximum(amt, 10_000)
        ch_p = np.array([p for _, p in V.CHANNELS])
        chan = g.choice(len(V.CHANNELS), size=m, p=ch_p / ch_p.sum())
        roam = g.random(m) < 0.2
        vn = np.array(V.IP_NETS["VN"], dtype=S)
        rnd_ip = np.strings.add(np.strings.add(vn[g.integers(0, len(vn), m)], "."),
                                g.integers(1, 255, m).astype(S))
        return {"t": t, "src": src, "dst": dst, "amt": amt, "chan": chan, "roam": roam, "rnd_ip": rnd_ip,
                "u": g.random((m, 10))}

    def _bg_csv_lines(self, b: dict, ids: np.ndarray) -> list[str]:
        u = b["u"]
        ts_style = np.where(u[:, 0] < 0.8, 0, np.where(u[:, 0] < 0.92, 1, 2))
        ts = _ts_vec(b["t"], ts_style)
        bank_tab = np.array([list(bk.spellings) for bk in V.BANKS], dtype=S)
        cw = np.cumsum(V.BANK_SPELLING_WEIGHTS)
        sv = np.minimum(np.searchsorted(cw, u[:, 1] * cw[-1], side="right"), len(cw) - 1)
        dv = np.minimum(np.searchsorted(cw, u[:, 2] * cw[-1], side="right"), len(cw) - 1)
        src_bank = bank_tab[self.bg_bank[b["src"]], sv]
        dst_bank = bank_tab[self.bg_bank[b["dst"]], dv]
        src_acc = self.bg_account[b["src"]]
        dst_acc = self.bg_account[b["dst"]]
        for arr, col in ((src_acc, 3), (dst_acc, 4)):
            odd = np.nonzero(u[:, col] < 0.08)[0]
            if len(odd):
                dash = u[odd, col] < 0.03
                sep = np.where(dash, "-", " ")
                vals = arr[odd].tolist()
                arr[odd] = np.array([s.join(v[i:i + 4] for i in range(0, len(v), 4))
                                     for v, s in zip(vals, sep.tolist())], dtype=S)
        amt = b["amt"]
        a_style = np.where(u[:, 5] < 0.7, 0, np.where(u[:, 5] < 0.9, 1, 2))
        amt_s = _group_vec(amt, ".")
        m1 = a_style == 1
        amt_s[m1] = amt[m1].astype(S)
        m2 = a_style == 2
        if m2.any():
            amt_s[m2] = np.strings.add(np.strings.add('"', _group_vec(amt[m2], ",")), ' VND"')
        cur_tab = np.array([c for c, _ in V.CURRENCIES], dtype=S)
        cur_cw = np.cumsum([p for _, p in V.CURRENCIES])
        cur = cur_tab[np.minimum(np.searchsorted(cur_cw, u[:, 6] * cur_cw[-1], side="right"),
                                 len(cur_tab) - 1)]
        chan_tab = np.array([c for c, _ in V.CHANNELS], dtype=S)
        chan = chan_tab[b["chan"]]
        offline = np.isin(b["chan"], [i for i, (c, _) in enumerate(V.CHANNELS) if c in V.OFFLINE_CHANNELS])
        ip = np.where(b["roam"], b["rnd_ip"], self.bg_ip[b["src"]])
        ip = np.where(offline, "", ip)
        dev = self.bg_device[b["src"]]
        dev = np.where(u[:, 8] < 0.12, np.strings.upper(dev), dev)
        dev = np.where(offline, "", dev)
        desc_tab = np.array(V.BACKGROUND_DESCRIPTIONS, dtype=S)
        k = (u[:, 7] * 1e6).astype(np.int64)
        desc = desc_tab[k % len(desc_tab)]
        br_tab = np.array(V.BRANCHES, dtype=S)
        branch = br_tab[(u[:, 9] * len(br_tab)).astype(np.int64)]
        cols = [ids, ts, src_acc, src_bank, dst_acc, dst_bank, amt_s, cur, chan, ip, dev, desc, branch]
        lists = [c.tolist() for c in cols]
        return list(map(",".join, zip(*lists)))

    def _special_csv_line(self, x: Txn) -> str:
        rr = self.rr
        style = rr.choices(("dmy_s", "dmy_m", "iso"), (0.8, 0.12, 0.08))[0]
        offline = x.channel in V.OFFLINE_CHANNELS
        return _csv_line([
            x.txn_id, _ts_text(x.t, style), spell_account(rr, x.src), spell_bank(rr, x.src_bank),
            spell_account(rr, x.dst), spell_bank(rr, x.dst_bank), spell_amount(rr, x.amount),
            rr.choices(("VND", "VNĐ", ""), (0.85, 0.1, 0.05))[0], x.channel,
            "" if offline else x.ip, "" if offline else spell_device(rr, x.device), x.desc,
            rr.choice(V.BRANCHES)])

    def write_transactions_csv(self, path: Path, n_csv: int, first_id: int) -> int:
        specials = [x for x in self.txns if x.src_bank not in V.XLSX_BANKS]
        by_day: dict[int, list[Txn]] = {}
        for x in specials:
            by_day.setdefault(x.t // DAY, []).append(x)
        dw = np.array([(0.7 if (BASE + timedelta(days=d)).weekday() == 6 else
                        0.85 if (BASE + timedelta(days=d)).weekday() == 5 else 1.0) for d in range(N_DAYS)])
        per_day = self.g.multinomial(n_csv, dw / dw.sum())
        next_id = first_id
        rows = 0
        with open(path, "wb") as f:
            f.write(("\ufeff" + ",".join(HEADERS[path.name]) + "\r\n").encode("utf-8"))
            for day in range(N_DAYS):
                m = int(per_day[day])
                g = Generator(PCG64(SeedSequence([self.seed, 0xBA5E, day])))
                sp = by_day.get(day, [])
                b = self._bg_sample(g, m, np.full(m, day), self.send_cdf)
                ids = self._txn_id_vec(np.arange(next_id, next_id + m))
                next_id += m
                # render in slices to bound memory; special rows go after background rows of equal time
                k = 0
                for lo in range(0, max(m, 1), _SLICE):
                    hi = min(m, lo + _SLICE)
                    part = {key: v[lo:hi] for key, v in b.items()}
                    lines = self._bg_csv_lines(part, ids[lo:hi]) if hi > lo else []
                    times = b["t"][lo:hi]
                    k_end = len(sp) if hi >= m else k + int(np.searchsorted(
                        np.array([x.t for x in sp[k:]], dtype=np.int64), times[-1], side="right"))
                    if k_end > k:
                        specials = [(x.t, self._special_csv_line(x), None) for x in sp[k:k_end]]
                        lines, _ = _merge(lines, times, specials)
                        k = k_end
                    if lines:
                        f.write(("\r\n".join(lines) + "\r\n").encode("utf-8"))
                        rows += len(lines)
        return rows

    def xlsx_transaction_rows(self, n_x: int, first_id: int) -> list[list]:
        g = Generator(PCG64(SeedSequence([self.seed, 0xE15])))
        rows: list[tuple[int, list]] = []
        if n_x:
            days = g.integers(0, N_DAYS, n_x)
            b = self._bg_sample(g, n_x, days, self.send_cdf_xlsx)
            chans = [V.CHANNELS[i][0] for i in b["chan"].tolist()]
            for j in range(n_x):
                s, d = int(b["src"][j]), int(b["dst"][j])
                x = Txn(t=int(b["t"][j]), src=str(self.bg_account[s]), src_bank=V.BANKS[self.bg_bank[s]].key,
                        dst=str(self.bg_account[d]), dst_bank=V.BANKS[self.bg_bank[d]].key,
                        amount=int(b["amt"][j]), channel=chans[j],
                        ip=str(b["rnd_ip"][j] if b["roam"][j] else self.bg_ip[s]),
                        device=str(self.bg_device[s]),
                        desc=V.BACKGROUND_DESCRIPTIONS[int(b["u"][j, 7] * 1e6)
                                                       % len(V.BACKGROUND_DESCRIPTIONS)],
                        tag="background", dst_person=d,
                        txn_id=self.txn_id(first_id + j, "xlsx"))
                rows.append((x.t, self._xlsx_txn_row(x)))
        for x in self.txns:
            if x.src_bank in V.XLSX_BANKS:
                rows.append((x.t, self._xlsx_txn_row(x)))
        rows.sort(key=lambda r: r[0])
        return [r for _, r in rows]

    def _xlsx_txn_row(self, x: Txn) -> list:
        rr = self.rr
        k = rr.random()
        ts: object = _dt(x.t) if k < 0.75 else _ts_text(x.t, "iso" if k < 0.9 else "ymd")
        k = rr.random()
        amount: object = x.amount
        if k >= 0.85:
            amount = _group(x.amount, ",") + " VND" if k < 0.95 else _group(x.amount, ".")
        offline = x.channel in V.OFFLINE_CHANNELS
        name = x.dst_name or (self.profile(x.dst_person)["name"] if x.dst_person is not None else "")
        name = V.unaccent(name).upper()
        return [x.txn_id, ts, spell_account(rr, x.src), spell_bank(rr, x.src_bank), spell_account(rr, x.dst),
                spell_bank(rr, x.dst_bank), name, amount, "VND", x.channel, "" if offline else x.ip,
                "" if offline else spell_device(rr, x.device), x.desc, rr.choice(V.BRANCHES)]
