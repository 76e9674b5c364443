"""KYC signals of the mule score: biometric verification, account age, the registered phone.

``parse_bool`` reads a yes/no cell in any of the usual spellings; ``kyc_signals``
fills ``not_biometric``, ``young`` and ``holder_phone`` (see
:mod:`graphfraud.analysis.mules` for the model and ``docs/detection.md`` for the
definitions).
"""

from __future__ import annotations

import math

import numpy as np

from graphfraud.analysis.graphview import GraphView

__all__ = ["YOUNG_FULL_DAYS", "YOUNG_NONE_DAYS", "kyc_signals", "parse_bool"]

YOUNG_FULL_DAYS, YOUNG_NONE_DAYS = 60.0, 365.0

_TRUE = {"1", "true", "yes", "y", "co", "da xac thuc", "xac thuc", "verified", "x", "ok", "dung", "t"}
_FALSE = {"0", "false", "no", "n", "khong", "chua", "chua xac thuc", "khong xac thuc", "unverified",
          "not verified", "f", "sai"}
_UNKNOWN = {"unknown", "n a", "na", "khong ro", "chua ro", "khong biet", "chua biet", "null", "none", "?"}

def parse_bool(raw) -> bool | None:
    """A yes/no cell in any of the usual spellings (``Có``/``Không``/``Y``/``0``/``true``...);
    None if unclear."""
    from graphfraud.normalize.base import fold

    if raw is None:
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and math.isnan(raw):
            return None
        return bool(raw)
    text = fold(str(raw))
    if not text:
        return None
    if text in _UNKNOWN or text.endswith((" ro", " biet")):   # "không rõ", "chưa biết"
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text.startswith(("khong", "chua", "not ", "no ", "un")):
        return False
    if text.startswith(("co ", "da ", "yes", "verified")):
        return True
    return None


def kyc_signals(c, victim: np.ndarray) -> None:
    """``not_biometric``, ``young`` and ``holder_phone`` of every account row of the flows ``c``."""
    gv, acc, na, st, sg = c.gv, c.acc, c.na, c.st, c.sg
    bio = _each(parse_bool, gv.node_prop("biometric_verified", acc))
    sg["not_biometric"] = np.array([1.0 if b is False else 0.0 for b in bio] + [0.0])[:-1]
    st["biometric"] = np.array([np.nan if b is None else float(b) for b in bio] + [0.0])[:-1]
    opened = np.array(_each(_num, gv.node_prop("opened_at", acc)) + [np.nan])[:-1]
    timed = ~np.isnan(c.t)
    first_in = np.full(na, np.nan)
    if timed.any():
        fi = np.full(na, np.inf)
        np.minimum.at(fi, c.d[timed], c.t[timed])
        first_in = np.where(np.isinf(fi), np.nan, fi)
    age = (first_in - opened) / 86400.0
    st["age_days"] = age
    with np.errstate(invalid="ignore", divide="ignore"):
        span = math.log(YOUNG_NONE_DAYS / YOUNG_FULL_DAYS)
        young = np.clip(np.log(YOUNG_NONE_DAYS / np.maximum(age, 1.0)) / span, 0.0, 1.0)
    sg["young"] = np.where(np.isnan(age) | (age < -1), 0.0, young)
    sg["holder_phone"], st["phone_holders"], st["phone_suspect"] = _holder_phone(gv, acc, c.row, victim)


def _each(f, values) -> list:
    """``[f(x) for x in values]``, ``f`` called once per distinct value (a column of a million
    accounts holds a few spellings, most of them None)."""
    memo: dict = {}
    out = []
    for x in values:
        try:
            y = memo[x]
        except KeyError:
            y = memo[x] = f(x)
        except TypeError:   # a list or a map: not a key
            y = f(x)
        out.append(y)
    return out


def _num(x) -> float:
    try:
        return float(x)
    except (TypeError, ValueError):
        return np.nan


def _holder_phone(gv: GraphView, acc: np.ndarray, row: np.ndarray, victim: np.ndarray):
    """Per account: 1 if its registered phone is also registered to another KYC holder, or is
    named as the suspect's phone in a victim's report."""
    na = len(acc)
    strength = np.zeros(na)
    holders_out = np.zeros(na)
    suspect_out = np.zeros(na)
    pc = gv.type_code("phone")
    if pc < 0:
        return strength, holders_out, suspect_out
    R = gv.edges_of_type("registered")
    owns = gv.edges_of_type("owns")
    is_case_person = np.zeros(gv.n, dtype=bool)
    persons = gv.nodes_of_type("person")
    is_case_person[persons] = [str(v).startswith("case:") for v in gv.values[persons].tolist()]
    from graphfraud.normalize.base import fold

    def who(p: int) -> str:
        # one holder = one national id, else one (folded) name: a company's accounts held under the
        # same name with and without accents are one holder
        pr = gv.props[p] or {}
        return str(pr.get("national_id") or (fold(str(pr["name"])) if pr.get("name") else gv.values[p]))

    holder_of: dict[int, set[str]] = {}
    for k in owns.tolist():
        p, ac = int(gv.src[k]), int(gv.dst[k])
        if row[ac] >= 0 and not is_case_person[p]:
            holder_of.setdefault(ac, set()).add(who(p))
    phone_holders: dict[int, set[str]] = {}
    acct_phones: dict[int, set[int]] = {}
    for k in R.tolist():
        x, ph = int(gv.src[k]), int(gv.dst[k])
        if gv.ntype[ph] != pc:
            continue
        if row[x] >= 0:
            acct_phones.setdefault(x, set()).add(ph)
            hs = holder_of.get(x) or {f"account:{gv.values[x]}"}
        elif not is_case_person[x]:
            hs = {who(x)}
        else:
            continue
        phone_holders.setdefault(ph, set()).update(hs)
    # scammers' phones: named as the suspect's phone in a victim's report
    M = gv.edges_of_type("mention")
    scam = {int(gv.dst[k]) for k, r in zip(M.tolist(), gv.edge_prop("role", M))
            if r == "suspect" and gv.ntype[int(gv.dst[k])] == pc}
    for ac, phones in acct_phones.items():
        r = row[ac]
        nh = max(len(phone_holders.get(ph, ())) for ph in phones)
        is_scam = any(ph in scam for ph in phones)
        holders_out[r] = nh
        suspect_out[r] = float(is_scam)
        strength[r] = 1.0 if (nh >= 2 or is_scam) else 0.0
    return strength, holders_out, suspect_out
