"""How the case files spell values: times, amounts, account numbers, banks, phones, social
handles, URLs and device ids, each in the several ways real files do (one value at a time, and
vectorised with numpy for the background rows)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import numpy as np

from graphfraud.demo import _vocab as V
from graphfraud.demo.layout import BASE, DAY, N_DAYS, S


def _dt(t: int) -> datetime:
    return BASE + timedelta(seconds=int(t))


def _group(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


_TWO = np.array([f"{i:02d}" for i in range(60)], dtype=S)
_DMY = np.array([(BASE + timedelta(days=d)).strftime("%d/%m/%Y") for d in range(N_DAYS + 40)], dtype=S)
_YMD = np.array([(BASE + timedelta(days=d)).strftime("%Y-%m-%d") for d in range(N_DAYS + 40)], dtype=S)


def _ts_vec(t: np.ndarray, style: np.ndarray) -> np.ndarray:
    """Seconds since BASE -> text; style 0 ``dd/mm/yyyy HH:MM:SS``, 1 ``dd/mm/yyyy HH:MM``, 2 ISO."""
    d = t // DAY
    s = t % DAY
    hm = np.strings.add(np.strings.add(_TWO[s // 3600], ":"), _TWO[(s // 60) % 60])
    hms = np.strings.add(np.strings.add(hm, ":"), _TWO[s % 60])
    out = np.strings.add(np.strings.add(_DMY[d], " "), hms)
    m1 = style == 1
    if m1.any():
        out[m1] = np.strings.add(np.strings.add(_DMY[d[m1]], " "), hm[m1])
    m2 = style == 2
    if m2.any():
        out[m2] = np.strings.add(np.strings.add(_YMD[d[m2]], "T"), hms[m2])
    return out


def _group_vec(a: np.ndarray, sep: str) -> np.ndarray:
    """Vectorised thousands grouping: 1500000 -> ``1.500.000`` (sep ``.``)."""
    a = a.astype(np.int64)
    rest = a // 1000
    low = (a % 1000).astype(S)
    res = np.where(rest > 0, np.strings.zfill(low, 3), low)
    while (rest > 0).any():
        g = rest % 1000
        nxt = rest // 1000
        gs = g.astype(S)
        gs = np.where(nxt > 0, np.strings.zfill(gs, 3), gs)
        res = np.where(rest > 0, np.strings.add(np.strings.add(gs, sep), res), res)
        rest = nxt
    return res


def _ts_text(t: int, style: str) -> str:
    d = _dt(t)
    if style == "dmy_s":
        return d.strftime("%d/%m/%Y %H:%M:%S")
    if style == "dmy_m":
        return d.strftime("%d/%m/%Y %H:%M")
    if style == "iso":
        return d.strftime("%Y-%m-%dT%H:%M:%S")
    if style == "iso_tz":
        return d.strftime("%Y-%m-%dT%H:%M:%S+07:00")
    if style == "ymd":
        return d.strftime("%Y-%m-%d %H:%M:%S")
    raise ValueError(style)


def spell_amount(rr: random.Random, amount: int, weights=(0.65, 0.22, 0.13)) -> str:
    """``1.500.000`` / ``1500000`` / ``1,500,000 VND``."""
    k = rr.choices((0, 1, 2), weights)[0]
    if k == 0:
        return _group(amount, ".")
    if k == 1:
        return str(amount)
    return _group(amount, ",") + " VND"


def spell_account(rr: random.Random, acct: str, p_space: float = 0.06, p_dash: float = 0.04) -> str:
    x = rr.random()
    if x < p_space:
        return " ".join(acct[i:i + 4] for i in range(0, len(acct), 4))
    if x < p_space + p_dash:
        return "-".join(acct[i:i + 4] for i in range(0, len(acct), 4))
    return acct


def spell_bank(rr: random.Random, key: str) -> str:
    if key in V.BANK_INDEX:
        return rr.choices(V.BANKS[V.BANK_INDEX[key]].spellings, V.BANK_SPELLING_WEIGHTS)[0]
    return rr.choice(V.FOREIGN_BANKS[key][1])


_VN_STYLES = ("spaced", "plus_spaced", "84", "0084", "paren_dots", "no_zero", "plain", "dots", "old")


def spell_vn_phone(rr: random.Random, e164: str, weights) -> str:
    """Spell a Vietnamese mobile ``+84xxxxxxxxx`` in one of the ways files do."""
    n = e164[3:]                      # 9-digit national significant number
    style = rr.choices(_VN_STYLES, weights)[0]
    if style == "old":
        old = V.OLD_PREFIX.get("0" + n[:2])
        if old is None:
            style = "spaced"
        else:
            return f"{old} {n[2:5]} {n[5:]}"
    if style == "spaced":
        return f"0{n[:3]} {n[3:6]} {n[6:]}"
    if style == "plus_spaced":
        return f"+84 {n[:3]} {n[3:6]} {n[6:]}"
    if style == "84":
        return "84" + n
    if style == "0084":
        return "0084" + n
    if style == "paren_dots":
        return f"(+84) {n[:2]}.{n[2:5]}.{n[5:]}"
    if style == "no_zero":
        return n
    if style == "dots":
        return f"0{n[:3]}.{n[3:6]}.{n[6:]}"
    return "0" + n


_OLD_TAB = np.array([V.OLD_PREFIX.get(f"0{i:02d}", "") for i in range(100)], dtype=S)
_CARRIER_TAB = np.array([V.CARRIER_OF_PREFIX.get(f"0{i:02d}", "") for i in range(100)], dtype=S)


def _spell_vn_vec(e164: np.ndarray, u: np.ndarray, weights) -> np.ndarray:
    """Vectorised :func:`spell_vn_phone`: style chosen by the uniforms ``u``."""
    n = np.strings.slice(e164, 3, None)
    a, b, c = (np.strings.slice(n, i, i + 3) for i in (0, 3, 6))
    cw = np.cumsum(weights)
    style = np.minimum(np.searchsorted(cw, u * cw[-1], side="right"), len(cw) - 1)
    old = _OLD_TAB[np.strings.slice(n, 0, 2).astype(np.int64)]
    style = np.where((style == _VN_STYLES.index("old")) & (old == ""), 0, style)
    sp = lambda *xs: _cat(*xs)  # noqa: E731
    variants = {
        "spaced": lambda m: sp("0", a[m], " ", b[m], " ", c[m]),
        "plus_spaced": lambda m: sp("+84 ", a[m], " ", b[m], " ", c[m]),
        "84": lambda m: sp("84", n[m]),
        "0084": lambda m: sp("0084", n[m]),
        "paren_dots": lambda m: sp("(+84) ", np.strings.slice(n[m], 0, 2), ".",
                                   np.strings.slice(n[m], 2, 5), ".", np.strings.slice(n[m], 5, None)),
        "no_zero": lambda m: n[m],
        "plain": lambda m: sp("0", n[m]),
        "dots": lambda m: sp("0", a[m], ".", b[m], ".", c[m]),
        "old": lambda m: sp(old[m], " ", np.strings.slice(n[m], 2, 5), " ", np.strings.slice(n[m], 5, None)),
    }
    out = np.empty(len(e164), dtype=S)
    for k, name in enumerate(_VN_STYLES):
        m = style == k
        if m.any():
            out[m] = variants[name](m)
    return out


def _cat(*parts) -> np.ndarray:
    out = parts[0]
    for p in parts[1:]:
        out = np.strings.add(out, p)
    return out


PHONE_W_CALLS = (0.08, 0.06, 0.36, 0.05, 0.03, 0.08, 0.24, 0.03, 0.07)
PHONE_W_PEOPLE = (0.22, 0.1, 0.06, 0.04, 0.06, 0.05, 0.3, 0.09, 0.08)


def _foreign_parts(e164: str) -> tuple[str, str]:
    for cc in sorted({v[0] for v in V.FOREIGN_MOBILE.values()}, key=len, reverse=True):
        if e164[1:].startswith(cc):
            return cc, e164[1 + len(cc):]
    raise ValueError(e164)


def _country_of(e164: str) -> str:
    if e164.startswith("+84"):
        return "VN"
    for cc, (code, leads, _, _) in V.FOREIGN_MOBILE.items():
        if e164[1:].startswith(code) and e164[1 + len(code):].startswith(leads):
            return cc
    raise ValueError(e164)


def spell_foreign_phone(rr: random.Random, e164: str) -> str:
    cc, nsn = _foreign_parts(e164)
    k = rr.choice((0, 0, 1, 2, 3))
    if k == 0:
        groups = [nsn[i:i + 3] for i in range(0, len(nsn), 3)] if cc != "1" else [nsn[:3], nsn[3:6], nsn[6:]]
        return f"+{cc} " + " ".join(groups)
    if k == 1:
        return f"00{cc}{nsn}"
    if k == 2:
        return f"+{cc}{nsn}"
    if cc == "1":
        return f"+1 ({nsn[:3]}) {nsn[3:6]}-{nsn[6:]}"
    return f"(+{cc}) {nsn[:2]}-{nsn[2:5]}-{nsn[5:]}"


def spell_phone(rr: random.Random, e164: str, weights=PHONE_W_PEOPLE) -> str:
    if e164.startswith("+84"):
        return spell_vn_phone(rr, e164, weights)
    return spell_foreign_phone(rr, e164)


def spell_social(rr: random.Random, canonical: str, in_report: bool) -> str:
    platform, handle = canonical.split(":", 1)
    if platform == "facebook":
        if handle.isdigit():
            return rr.choice((f"https://www.facebook.com/profile.php?id={handle}",
                              f"facebook.com/profile.php?id={handle}",
                              f"https://m.facebook.com/profile.php?id={handle}"))
        return rr.choice((f"https://www.facebook.com/{handle}", f"facebook.com/{handle}",
                          f"fb.com/{handle}", f"https://facebook.com/{handle}/"))
    if platform == "zalo":
        phone = spell_vn_phone(rr, handle, PHONE_W_PEOPLE)
        if in_report:
            return rr.choice((f"Zalo: {phone}", f"zalo: {phone}", f"https://zalo.me/0{handle[3:]}"))
        return phone
    # telegram
    shown = handle if rr.random() < 0.7 else handle.capitalize()
    if in_report:
        return rr.choice((f"https://t.me/{shown}", f"t.me/{shown}", f"Telegram: @{shown}"))
    return rr.choice((f"@{shown}", f"t.me/{shown}", f"@{shown}"))


def spell_url(rr: random.Random, domain: str) -> str:
    return rr.choice((f"https://{domain}", f"http://www.{domain}/login", domain,
                      f"https://{domain}/?ref={rr.randint(1000, 9999)}", f"www.{domain}"))


def spell_device(rr: random.Random, dev: str) -> str:
    if "-" in dev:  # iOS identifierForVendor: usually upper-case
        return dev.upper() if rr.random() < 0.8 else dev
    return dev.upper() if rr.random() < 0.15 else dev
