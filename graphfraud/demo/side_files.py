"""The case files besides the bank exports: the telecom CDR of calls, e-banking logins (JSON),
KYC account records (XLSX), victims' police reports and social network records (CSV), each with
its deliberately invalid values (``expected_rejects``). A mix-in of the demo generator
(``generator._Gen``), and :func:`write_side_files`, which writes them."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from numpy.random import PCG64, Generator, SeedSequence

from graphfraud.demo import _vocab as V
from graphfraud.demo import spelling as sp
from graphfraud.demo.layout import BACKGROUND_SIDE_MAX, BASE, DAY, HEADERS, N_DAYS, S
from graphfraud.demo.records import Acct, Call, Login, Org
from graphfraud.demo.writers import _csv_line, _merge, _write_csv, _write_xlsx


class SideFiles:
    """Rows of the calls, logins, KYC, reports and social files."""

    def _junk_phones(self) -> dict:
        if not hasattr(self, "_junk"):
            p1 = "0" + self.new_vn_phone()[3:]
            p2 = "0" + self.new_vn_phone()[3:]
            self._junk = {"caller": "abc", "callee": f"{p1}/{p2}", "kyc_phone": "12345",
                          "social_phone": "+84 12 34"}
        return self._junk

    def write_calls(self, path: Path) -> tuple[int, list[dict]]:
        """Background CDR rows (vectorised) merged by time with the special calls."""
        rr = self.rr
        g = Generator(PCG64(SeedSequence([self.seed, 0xCA11])))
        m = int(min(max(self.n // 3, 1000), BACKGROUND_SIDE_MAX))
        caller = np.minimum(np.searchsorted(self.send_cdf, g.random(m) * self.send_cdf[-1], side="right"),
                            self.n_bg - 1)
        callee = np.minimum(np.searchsorted(self.recv_cdf, g.random(m) * self.recv_cdf[-1], side="right"),
                            self.n_bg - 1)
        same = caller == callee
        callee[same] = (callee[same] + 1) % self.n_bg
        t = np.sort(g.integers(0, N_DAYS, m) * DAY + g.integers(6 * 3600, 23 * 3600, m))
        dur = np.round(g.exponential(110, m)).astype(np.int64)
        u = g.random((m, 6))
        a = self._phone_vec(caller)
        b = self._phone_vec(callee)
        types = np.array([c for c, _ in V.BACKGROUND_CALL_TYPES], dtype=S)
        tcw = np.cumsum([p for _, p in V.BACKGROUND_CALL_TYPES])
        vn = np.array(V.COUNTRY_SPELLINGS["VN"], dtype=S)
        cols = [sp._spell_vn_vec(a, u[:, 0], sp.PHONE_W_CALLS),
                sp._spell_vn_vec(b, u[:, 1], sp.PHONE_W_CALLS),
                sp._ts_vec(t, np.where(u[:, 2] < 0.93, 0, 2)), dur.astype(S),
                types[np.minimum(np.searchsorted(tcw, u[:, 3] * tcw[-1], side="right"), len(types) - 1)],
                vn[(u[:, 4] * len(vn)).astype(np.int64)],
                sp._CARRIER_TAB[np.strings.slice(a, 3, 5).astype(np.int64)]]
        bg_lines = list(map(",".join, zip(*[c.tolist() for c in cols])))
        # deliberately bad values, placed next to two background calls
        junk = self._junk_phones()
        i = rr.randrange(m)
        j = (i + 1 + rr.randrange(m - 1)) % m
        self.calls.append(Call(int(t[i]) + 7, "abc", str(b[i]), 31, "Thoại", "VN", raw=True))
        self.calls.append(Call(int(t[j]) + 11, str(a[j]), junk["callee"], 64, "voice", "VN", raw=True))
        specials = []
        for c in sorted(self.calls, key=lambda c: (c.t, c.caller, c.callee)):
            sa, sb = (v if c.raw and not v.startswith("+") else sp.spell_phone(rr, v, sp.PHONE_W_CALLS)
                      for v in (c.caller, c.callee))
            tag = ("Số gọi", "caller", sa) if sa == junk["caller"] else (
                ("Số bị gọi", "callee", sb) if sb == junk["callee"] else None)
            carrier = V.CARRIER_OF_PREFIX.get("0" + c.caller[3:5], "") if c.caller.startswith("+84") else ""
            style = rr.choices(("dmy_s", "iso"), (0.93, 0.07))[0]
            specials.append((c.t, _csv_line([sa, sb, sp._ts_text(c.t, style), c.duration, c.call_type,
                                              rr.choice(V.COUNTRY_SPELLINGS[c.origin]), carrier]), tag))
        lines, rows = _merge(bg_lines, t, specials)
        with open(path, "wb") as f:
            f.write((",".join(HEADERS[path.name]) + "\n").encode("utf-8"))
            f.write(("\n".join(lines) + "\n").encode("utf-8"))
        rejects = [{"file": path.name, "column": col, "field": fld, "value": v, "row": r}
                   for (col, fld, v), r in rows.items()]
        return len(lines), rejects

    def write_logins(self, path: Path) -> tuple[int, list[dict]]:
        """Background logins (vectorised JSON objects) merged by time with the special ones."""
        rr = self.rr
        g = Generator(PCG64(SeedSequence([self.seed, 0x1061])))
        # the companies' own online banking
        for a in self.lookalikes["merchants"] + self.lookalikes["payroll"] + self.lookalikes["hubs"]:
            for _ in range(rr.randint(3, 8)):
                self.logins.append(Login(self.daytime(rr.randint(0, N_DAYS - 1), 7, 20), a.number, a.bank,
                                         a.ip or "", a.device or "", "VN"))
        m = int(min(max(self.n // 3, 1000), BACKGROUND_SIDE_MAX))
        who = np.minimum(np.searchsorted(self.send_cdf, g.random(m) * self.send_cdf[-1], side="right"),
                         self.n_bg - 1)
        t = np.sort(g.integers(0, N_DAYS, m) * DAY + g.integers(0, DAY, m))
        u = g.random((m, 6))
        vn = np.array(V.IP_NETS["VN"], dtype=S)
        rnd_ip = sp._cat(vn[g.integers(0, len(vn), m)], ".", g.integers(1, 255, m).astype(S))
        ip = np.where(u[:, 0] < 0.15, rnd_ip, self.bg_ip[who])
        bank = self.bg_bank[who]
        bins = np.array([b.bin for b in V.BANKS], dtype=S)[bank]
        keys = np.array([b.key for b in V.BANKS], dtype=S)[bank]
        dev = self.bg_device[who]
        ios = np.strings.find(dev, "-") >= 0
        dev = np.where((u[:, 1] < 0.15) & ~ios, np.strings.upper(dev), dev)
        os_i = np.array(V.OS_NAMES, dtype=S)
        os_ = np.where(ios, os_i[3 + (u[:, 2] * 3).astype(np.int64)], os_i[(u[:, 2] * 3).astype(np.int64)])
        apps = np.array(V.APP_VERSIONS, dtype=S)[(u[:, 3] * len(V.APP_VERSIONS)).astype(np.int64)]
        ts = np.where(u[:, 4] < 0.85, sp._cat(sp._ts_vec(t, np.full(m, 2)), "+07:00"),
                      sp._ts_vec(t, np.zeros(m, np.int64)))
        country = np.where(u[:, 5] < 0.05, "null", '"VN"')
        objs = sp._cat('{"account_number": "', self.bg_account[who], '", "bank_code": "',
                    np.where(u[:, 5] < 0.5, bins, keys), '", "ip_address": "', ip, '", "device_id": "', dev,
                    '", "login_time": "', ts, '", "country_code": ', country, ', "os": "', os_,
                    '", "app_version": "', apps, '"}')
        bg_lines = objs.tolist()
        i = rr.randrange(m)
        self.logins.append(Login(int(t[i]) + 13, str(self.bg_account[who[i]]), V.BANKS[int(bank[i])].key,
                                 "999.1.1.1", str(self.bg_device[who[i]]), "VN"))
        specials = []
        for x in sorted(self.logins, key=lambda x: (x.t, x.account, x.ip)):
            b = V.BANKS[V.BANK_INDEX[x.bank]]
            k = rr.random()
            ts_ = sp._ts_text(x.t, "iso_tz") if k < 0.85 else sp._ts_text(x.t, "dmy_s" if k < 0.95 else "iso")
            specials.append((x.t, json.dumps({
                "account_number": (x.account if rr.random() < 0.95
                                   else sp.spell_account(rr, x.account, 0.5, 0.5)),
                "bank_code": b.bin if rr.random() < 0.5 else b.key,
                "ip_address": x.ip,
                "device_id": sp.spell_device(rr, x.device) if x.device else None,
                "login_time": ts_,
                "country_code": x.country,
                "os": rr.choice(V.OS_NAMES[3:] if "-" in x.device else V.OS_NAMES[:3]),
                "app_version": rr.choice(V.APP_VERSIONS),
            }, ensure_ascii=False), "bad_ip" if x.ip == "999.1.1.1" else None))
        lines, rows = _merge(bg_lines, t, specials)
        path.write_bytes(("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8"))
        rejects = [{"file": path.name, "column": "ip_address", "field": "ip", "value": "999.1.1.1",
                    "row": rows["bad_ip"]}]
        return len(lines), rejects

    def kyc_rows(self, path_name: str) -> tuple[list[list], list[dict]]:
        rr = self.rr
        sample = {self.bg_acct(i).number for i in self.pick_people(min(250, self.n_bg // 2), exclusive=False)}
        accts = [a for a in self.accts.values()
                 if a.role not in ("exit", "background") or a.number in sample]
        accts.sort(key=lambda a: (V.BANK_INDEX[a.bank], a.number))
        rr.shuffle(accts)
        accts.sort(key=lambda a: V.BANK_INDEX[a.bank])   # grouped by bank, shuffled inside
        junk = self._junk_phones()
        junk_phone_at = rr.randrange(len(accts))
        rows = []
        rejects = []
        for j, a in enumerate(accts):
            self.full(a)
            holder = a.holder if rr.random() < 0.6 else V.unaccent(a.holder).upper()
            phone = sp.spell_phone(rr, a.phone) if a.phone else ""
            if j == junk_phone_at:
                phone = junk["kyc_phone"]
                rejects.append({"file": path_name, "column": "SĐT đăng ký", "field": "phone", "value": phone,
                                "row": len(rows) + 1})
            bio = rr.choice(("Có", "Đã xác thực", "Y") if a.biometric else ("Không", "Chưa xác thực", "N"))
            od = sp._dt(a.opened)
            opened: object = (od.strftime("%d/%m/%Y") if rr.random() < 0.7
                              else datetime(od.year, od.month, od.day))
            bal = self.amount(2_000_000, 1.5, 0, 5_000_000_000)
            balance: object = bal if rr.random() < 0.7 else sp._group(bal, ".")
            rows.append([sp.spell_account(rr, a.number, 0.04, 0.03), sp.spell_bank(rr, a.bank), holder,
                         a.holder_id, phone, a.email or "", bio, opened, rr.choice(V.BRANCHES), balance])
            if j == len(accts) // 2:
                p = self.profile(self.new_person())
                bad = "9.12345678E8"
                rows.append([bad, "VietinBank", p["name"], p["cccd"], "", "", "N", "12/01/2024",
                             rr.choice(V.BRANCHES), 0])
                rejects.append({"file": path_name, "column": "Số tài khoản", "field": "account", "value": bad,
                                "row": len(rows)})
        return rows, rejects

    def report_rows(self) -> list[list]:
        rr = self.rr
        vics = []
        for org in self.orgs:
            for v in org.victims:
                v["report_t"] = ((v["last_t"] // DAY + rr.randint(1, 5)) * DAY
                                 + rr.randint(7 * 3600, 17 * 3600))
                vics.append((v["report_t"], v["acct"].number, org, v))
        vics.sort(key=lambda r: (r[0], r[1]))
        self._mention_urls()
        rows = []
        for n, (rt, _, org, v) in enumerate(vics, start=1):
            case = f"VV-2024-{n:04d}"
            v["case_id"] = case
            first = v["txns"][0]
            t1 = self.accts[first.dst]
            has_phone, has_acct, spelled_phone, social, url, email, narrative = self._named_in_report(
                org, v, first.t, t1, v["loss"])
            name = self.full(v["acct"]).holder
            name = name if rr.random() < 0.8 else name.upper()
            email_txt = (email if rr.random() < 0.7 else email.upper()) if email else ""
            rows.append([
                case,
                sp._dt(rt).strftime("%d/%m/%Y") if rr.random() < 0.75 else sp._ts_text(rt, "dmy_m"),
                name, sp.spell_phone(rr, v["phone"]), sp.spell_account(rr, v["acct"].number, 0.1, 0.05),
                sp.spell_bank(rr, v["acct"].bank),
                spelled_phone if has_phone else "",
                sp.spell_account(rr, t1.number, 0.1, 0.05) if has_acct else "",
                sp.spell_bank(rr, t1.bank) if has_acct else "",
                sp.spell_social(rr, social, True) if social else "",
                sp.spell_url(rr, url) if url else "",
                email_txt,
                sp.spell_amount(rr, v["loss"], (0.6, 0.2, 0.2)),
                org.scam_type if rr.random() < 0.7 else org.scam_type.capitalize(),
                narrative,
                rr.choice(V.HANDLING_UNITS),
            ])
        return rows

    def _named_in_report(self, org: Org, v: dict, t_first: int, t1: Acct, amount: int) -> tuple:
        """What a victim's report names (``v["reported"]``) and its narrative of the scam:
        (has phone, has account, the phone as spelled, social, url, email, narrative)."""
        rr = self.rr
        has_phone = rr.random() < 0.85
        has_acct = (not has_phone) or rr.random() < 0.9
        sphone = v["first_caller"] if rr.random() < 0.5 else v["last_caller"]
        p_social = 0.6 if org.scam_type in ("đầu tư tiền ảo", "việc làm online") else 0.3
        social = rr.choice(org.socials) if rr.random() < p_social else None
        url = v["url"]
        email = rr.choice(org.emails) if rr.random() < 0.12 else None
        v["reported"] = {"suspect_phone": sphone if has_phone else None,
                         "suspect_account": t1.number if has_acct else None,
                         "suspect_social": social, "suspect_url": url, "suspect_email": email}
        spelled_phone = sp.spell_phone(rr, sphone)
        narrative = rr.choice(V.NARRATIVES[org.scam_type]).format(
            ngay=sp._dt(t_first).strftime("%d/%m/%Y"), gio=sp._dt(t_first).strftime("%Hh%M"),
            sdt=spelled_phone if has_phone else "(không rõ)", don_vi=rr.choice(V.FAKE_POLICE_UNITS),
            stk=t1.number if has_acct else "một tài khoản ngân hàng",
            nh=sp.spell_bank(rr, t1.bank) if has_acct else "không rõ ngân hàng", tien=sp._group(amount, "."),
            url=sp.spell_url(rr, url) if url else "một trang web giả mạo",
            mxh=(("tài khoản " + sp.spell_social(rr, social, True)) if social
                 else "một tài khoản mạng xã hội ảo"))
        return has_phone, has_acct, spelled_phone, social, url, email, narrative

    def _mention_urls(self) -> None:
        """Which reports mention a scam website (``v["url"]``); each website at least once."""
        rr = self.rr
        for org in self.orgs:
            p_url = 0.5 if org.scam_type != "giả danh công an" else 0.2
            for v in org.victims:
                v["url"] = rr.choice(org.urls) if rr.random() < p_url else None
            for u in org.urls:
                if not any(v["url"] == u for v in org.victims):
                    free = [v for v in org.victims if v["url"] is None] or org.victims
                    rr.choice(free)["url"] = u

    def social_rows(self, path_name: str) -> tuple[list[list], list[dict]]:
        rr = self.rr
        recs: list[tuple[str, str | None, str | None, str]] = []   # canonical, phone, email, display
        for org in self.orgs:
            for s in org.socials:
                ph = org.social_phone.get(s)
                em = rr.choice(org.emails) if s.startswith("facebook:") and rr.random() < 0.6 else None
                recs.append((s, ph, em, rr.choice(V.SOCIAL_DISPLAY[org.scam_type])))
        for i in self.pick_people(min(300, self.n_bg // 2), exclusive=False):
            p = self.profile(i)
            ph = self.phone_of(i)
            if rr.random() < 0.5:
                base = V.unaccent(p["name"]).lower().split()
                h = ".".join(base[-1:] + base[:-1]) + (f".{p['year'] % 100}" if rr.random() < 0.5 else "")
                if rr.random() < 0.3:
                    h = str(100_000_000_000_000 + (i * 7_777_777 + self.seed) % 99_999_999_999)
                recs.append(("facebook:" + h, ph if rr.random() < 0.5 else None, p["email"], p["name"]))
            else:
                shown = p["name"] if rr.random() < 0.7 else p["name"].split()[-1]
                recs.append(("zalo:" + ph, ph, None, shown))
        seen: set[str] = set()
        recs = [r for r in recs if not (r[0] in seen or seen.add(r[0]))]
        order = list(range(len(recs)))
        rr.shuffle(order)
        rows, rejects = [], []
        junk_at = rr.randrange(len(order))
        for j, k in enumerate(order):
            s, ph, em, disp = recs[k]
            platform = s.split(":", 1)[0]
            plat = {"facebook": ("Facebook", "FB", "facebook"), "zalo": ("Zalo", "ZALO"),
                    "telegram": ("Telegram", "Tele", "telegram")}[platform]
            phone = sp.spell_phone(rr, ph) if ph else ""
            if j == junk_at and not s.startswith("zalo:"):
                phone = self._junk_phones()["social_phone"]
                rejects.append({"file": path_name, "column": "Số điện thoại", "field": "phone",
                                "value": phone, "row": j + 1})
            created = (BASE - timedelta(days=rr.randint(10, 3000))).strftime("%d/%m/%Y")
            rows.append([sp.spell_social(rr, s, False), rr.choice(plat), phone, em or "", disp, created])
        if not rejects:   # junk row fell on a zalo record: put the bad phone on the first non-zalo row
            for j, r in enumerate(rows):
                if "zalo" not in r[1].lower():
                    r[2] = self._junk_phones()["social_phone"]
                    rejects.append({"file": path_name, "column": "Số điện thoại", "field": "phone",
                                    "value": r[2], "row": j + 1})
                    break
        return rows, rejects


def write_side_files(G, paths: dict, rows: dict) -> list[dict]:
    """Calls, logins, reports, KYC and social records of a generator; returns the planted rejects."""
    rejects: list[dict] = []
    rows[paths["calls"][0].name], rj = G.write_calls(paths["calls"][0])
    rejects += rj
    rows[paths["logins"][0].name], rj = G.write_logins(paths["logins"][0])
    rejects += rj
    rep = G.report_rows()
    _write_csv(paths["reports"][0], HEADERS[paths["reports"][0].name], rep)
    rows[paths["reports"][0].name] = len(rep)
    kyc, rj = G.kyc_rows(paths["accounts"][0].name)
    rejects += rj
    _write_xlsx(paths["accounts"][0], "KYC", HEADERS[paths["accounts"][0].name], kyc)
    rows[paths["accounts"][0].name] = len(kyc)
    soc, rj = G.social_rows(paths["social"][0].name)
    rejects += rj
    _write_csv(paths["social"][0], HEADERS[paths["social"][0].name], soc)
    rows[paths["social"][0].name] = len(soc)
    return rejects
