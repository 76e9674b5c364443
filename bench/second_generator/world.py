"""The state of one seed's world: its random generator, the knobs and file formats drawn for the
seed, the accounts, and the events (transfers, logins, calls, reports) written out at the end.

Everything of a seed comes from one ``random.Random``, drawn in a fixed order, so a seed gives the
same folder every time."""

import datetime as dt
import math
import random
from collections import defaultdict

from .identifiers import ip, phone
from .reference import DESC_TEMPLATES, deacc


def draw_params(r):
    """Scenario knobs of a seed: how many organisations, how much traffic, the report rate, the mix
    of rented and stolen-identity mules, and how much the banks and the victims tell."""
    return {
        "n_orgs": r.randint(2, 8),
        "target_tx": int(math.exp(r.uniform(math.log(4000), math.log(27000)))),
        "report_rate": round(r.uniform(0.2, 0.8), 2),
        "rent_share": round(r.uniform(0.25, 0.85), 2),     # rented vs stolen-identity mules
        "own_traffic": round(r.uniform(0.1, 1.3), 2),      # rented mules' own everyday activity multiplier
        "stolen_bio": round(r.uniform(0.1, 0.7), 2),       # share of stolen-identity mules passing biometrics
        "desc_rate": r.choice([0.0, 0.35, 0.7, 1.0]),
        "victim_acct_in_report": round(r.uniform(0.55, 0.95), 2),
        "logins_coverage": round(r.uniform(0.35, 0.9), 2),    # share of ordinary accounts with login data
        "kyc_coverage": round(r.uniform(0.15, 0.6), 2),
        "kyc_fraud_coverage": round(r.uniform(0.6, 1.0), 2),
        "mule_bank_answers": round(r.uniform(0.75, 1.0), 2),  # share of mules whose bank gave logins
        "victims_from_pop": round(r.uniform(0.4, 0.9), 2),
    }


def draw_formats(r):
    """File layout of a seed: language of the headers, CSV or XLSX per file, one transfers file or
    one per bank, how dates, amounts, banks and phones are written, title rows above the table."""
    return {
        "lang": r.choice(["vi", "vi", "en"]),
        "tx_file": r.choice(["csv", "xlsx"]),
        "tx_split": r.random() < 0.3,
        "date_style": r.choice(["dmy_hms", "dmy_hms", "dmy_hm", "split"]),
        "amount_style": r.choice(["dots", "plain", "plain_num"]),
        "bank_style": r.choice(["code", "name", "long", "bin", "mixed"]),
        "phone_style": r.choice(["local", "spaced", "84", "plus84", "mixed"]),
        "calls_file": r.choice(["csv", "xlsx"]),
        "logins_file": r.choice(["csv", "xlsx"]),
        "kyc_file": r.choice(["csv", "xlsx"]),
        "reports_file": r.choice(["csv", "xlsx"]),
        "title_rows": r.random() < 0.5,
        "txn_id": r.random() < 0.7,
        "login_country_col": r.random() < 0.35,
        "bio_style": r.choice([("Có", "Không"), ("Yes", "No"), ("Y", "N"), ("Đã xác thực", "Chưa xác thực")]),
        "case_fmt": r.choice(["CAHN-{y}-{n:04d}", "VV{n:05d}", "TB-{y}-{n:03d}", "PC02-{n:04d}"]),
        "desc_empty_col": r.random() < 0.5,
    }


class World:
    """One seed's accounts and events. The scenario modules add to it; the writers read it.

    ``people`` adds the population and confounder lists (``merchants``, ``billers``, ``hubs``,
    ``payrolls``, ``traders``, ``changers``, ``p2p``, ``overseas``, ``forwarders``) and the relations
    (``employer``, ``payday``, ``family``, ``fav_merch``, ``merchant_owner``); ``generate.build_fraud``
    adds ``orgs``, ``mules``, ``cashouts``, ``victims`` and the money-flow state (``heap``, ``seq``,
    ``pending``, ``reached``, ``got_money``)."""

    def __init__(self, seed):
        self.seed = seed
        self.r = r = random.Random(seed * 7919 + 17)
        self.acc = {}          # account -> info dict
        self.tx = []           # transfers
        self.logins = []       # (account, time, ip, device, country)
        self.calls = []        # (caller, callee, time, seconds)
        self.reports = []
        self.used = set()
        self.phones_used = set()
        self.kinds = defaultdict(list)   # confounder kind -> accounts
        self.persons = []      # ordinary people (and rented mules, who are people too)
        y0 = dt.datetime(2024, 1, 2) + dt.timedelta(days=r.randint(0, 270))
        self.start = y0
        self.days = r.randint(30, 75)
        self.end = y0 + dt.timedelta(days=self.days)
        self.K = draw_params(r)
        self.F = draw_formats(r)

    # ------------------------------------------------------------ time
    def t_day(self, day, lo=7, hi=22.5):
        """A time on ``day``, mostly between lo and hi o'clock."""
        h = self.r.uniform(lo, hi)
        if self.r.random() < 0.03:
            h = self.r.uniform(0, 24)
        return day.replace(hour=0, minute=0, second=0) + dt.timedelta(seconds=int(h * 3600))

    def rand_time(self, a=None, b=None):
        """A waking-hours time between a and b (the whole period by default)."""
        a = a or self.start
        b = b or self.end
        d = a + dt.timedelta(seconds=self.r.uniform(0, max(1, (b - a).total_seconds())))
        if a.date() == b.date():
            return d
        return self.t_day(d)

    def months(self):
        """First day of each month the period touches."""
        d = self.start.replace(day=1)
        out = []
        while d <= self.end:
            out.append(d)
            d = (d + dt.timedelta(days=32)).replace(day=1)
        return out

    def pois(self, lam):
        """A Poisson draw (Knuth; normal approximation above 30)."""
        if lam <= 0:
            return 0
        if lam > 30:
            return max(0, int(self.r.gauss(lam, math.sqrt(lam))))
        L, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= self.r.random()
            if p <= L:
                return k
            k += 1

    # ------------------------------------------------------------ events
    def add_tx(self, ts, frm, to, amount, desc=None, to_bank=None, login=None):
        """Record a transfer inside the period (else return False). ``login`` is the (account, device,
        ip, country) of the session that made it; without one, a person's own session, usually."""
        if ts < self.start or ts > self.end + dt.timedelta(days=2):
            return False
        self.tx.append({"ts": ts, "frm": frm, "to": to, "amount": int(amount), "desc": desc,
                        "to_bank": to_bank})
        if login is not None:
            acct, dev, ipaddr, cc = login
            self.logins.append((acct, ts - dt.timedelta(seconds=self.r.randint(20, 600)), ipaddr, dev, cc))
        elif frm and self.acc.get(frm, {}).get("home_ip") and self.r.random() < 0.75:
            i = self.acc[frm]
            self.logins.append((frm, ts - dt.timedelta(seconds=self.r.randint(15, 900)),
                                ip(self.r, i["home_cc"], i["home_ip"]), self.r.choice(i["devices"]),
                                i["home_cc"]))
        return True

    def desc(self, kind, who=None):
        """Description text as a bank would show it (unaccented, mixed); empty as often as the
        seed's banks leave it empty."""
        r = self.r
        if r.random() > self.K["desc_rate"]:
            return ""
        nm = deacc(who).upper() if who else ""
        s = r.choice(DESC_TEMPLATES[kind])
        k = str(r.randint(10000, 99999999))
        return s.format(m=r.randint(1, 12), n=nm, k=k, p=phone(self),
                        d=f"{r.randint(1, 28):02d}/{r.randint(1, 12):02d}").strip()
