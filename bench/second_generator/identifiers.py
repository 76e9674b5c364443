"""Identifiers as Vietnamese sources write them: bank account numbers in each bank's shape, mobile
numbers (Vietnamese and of the neighbouring countries scam compounds call from), names, citizen ids,
device ids and IP addresses.

Every function draws from the world's random generator ``w.r``; account numbers and phones are
unique within a world (``w.used``, ``w.phones_used``)."""

from .reference import BANK_BY_CODE, BANKS, FAM, GIV_F, GIV_M, IP24, MID_F, MID_M, PROVINCES, VN_PREFIX


def _account_digits(w, key):
    """One account number in the shape of the bank whose generator key is ``key``."""
    r = w.r
    if key == "vcb":
        a = r.choice(["001", "007", "049", "045", "060", "011", "002", "012"]) + "100" + \
            f"{r.randint(0, 9999999):07d}"
        if r.random() < 0.3:
            a = "10" + f"{r.randint(0, 99999999):08d}"
        return a
    if key == "tcb":
        return "1903" + f"{r.randint(0, 9999999999):010d}"
    if key == "mb":   # MB lets customers choose their phone number as account number
        return r.choice([phone(w),
                         "0801" + f"{r.randint(0, 999999999):09d}",
                         f"{r.randint(1000, 9999)}{r.randint(0, 999999999):09d}"])
    if key == "acb":
        return str(r.randint(10000000, 999999999))
    if key == "bidv":
        return r.choice(["12", "21", "31", "45"]) + "010" + f"{r.randint(0, 999999999):09d}"
    if key == "ctg":
        return "10" + f"{r.randint(0, 9999999999):010d}"
    if key == "vpb":
        return str(r.randint(100000000, 999999999))
    if key == "tpb":
        return "0" + f"{r.randint(0, 9999999999):010d}"
    if key == "stb":
        return "0" + r.choice(["6", "4", "5"]) + f"{r.randint(0, 9999999999):010d}"
    if key == "vba":
        return f"{r.randint(1000, 8999)}2" + f"{r.randint(0, 99999999):08d}"
    return str(r.randint(10 ** 9, 10 ** 12))


def account_number(w, bank):
    """A new account number at ``bank`` (a code of :data:`BANKS`), unused in this world."""
    key = BANK_BY_CODE[bank][4]
    while True:
        a = _account_digits(w, key)
        if a not in w.used:
            w.used.add(a)
            return a


def pick_bank(w, digital=False):
    """A bank by its share of accounts; accounts opened online favour the digital-first banks."""
    if digital and w.r.random() < 0.6:
        return w.r.choice(["TPB", "VPB", "MB", "TCB", "MSB"])
    return w.r.choices([b[0] for b in BANKS], weights=[b[5] for b in BANKS])[0]


def phone(w):
    """A new Vietnamese mobile number, national form (0 + 9 digits)."""
    r = w.r
    while True:
        pre = r.choice(VN_PREFIX)
        if pre == "89":
            p = "089" + str(r.randint(6, 9)) + f"{r.randint(0, 999999):06d}"
        else:
            p = "0" + pre + f"{r.randint(0, 9999999):07d}"
        if p not in w.phones_used:
            w.phones_used.add(p)
            return p


def foreign_phone(w, cc):
    """A mobile number of Cambodia, the Philippines, China, Myanmar or Laos, international form."""
    r = w.r
    if cc == "KH":
        p = "+855" + r.choice(["10", "11", "12", "15", "16", "17", "69", "70", "77", "78", "85", "86", "88",
                               "89", "96", "97"]) + f"{r.randint(0, 999999):06d}"
    elif cc == "PH":
        p = "+639" + r.choice(["17", "18", "19", "27", "28", "05", "06", "15", "16"]) + \
            f"{r.randint(0, 9999999):07d}"
    elif cc == "CN":
        p = "+861" + r.choice(["30", "35", "38", "39", "50", "58", "86", "88"]) + \
            f"{r.randint(0, 99999999):08d}"
    elif cc == "MM":
        p = "+959" + r.choice(["7", "6", "4"]) + f"{r.randint(0, 99999999):08d}"
    else:
        p = "+85620" + r.choice(["5", "9", "7", "2"]) + f"{r.randint(0, 9999999):07d}"
    w.phones_used.add(p)
    return p


def person_name(r):
    """(full name, sex) of a Vietnamese person."""
    if r.random() < 0.5:
        return f"{r.choice(FAM)} {r.choice(MID_M)} {r.choice(GIV_M)}", "M"
    return f"{r.choice(FAM)} {r.choice(MID_F)} {r.choice(GIV_F)}", "F"


def citizen_id(r, sex, year):
    """A 12-digit citizen id: province, century and sex digit, year of birth, serial."""
    century = 0 if year < 2000 else 2
    g = century + (1 if sex == "F" else 0)
    return r.choice(PROVINCES) + str(g) + f"{year % 100:02d}" + f"{r.randint(0, 999999):06d}"


def device(r, kind=None):
    """A device id: Android id (16 hex), iOS identifier (UUID) or IMEI (15 digits)."""
    kind = kind or r.choice(["android", "ios", "imei"])
    if kind == "android":
        return "".join(r.choice("0123456789abcdef") for _ in range(16))
    if kind == "ios":
        h = "".join(r.choice("0123456789ABCDEF") for _ in range(32))
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return "35" + "".join(r.choice("0123456789") for _ in range(13))


def ip(r, cc, block=None):
    """An address in ``block`` (three octets) or in one of the blocks of country ``cc``."""
    b = block or r.choice(IP24[cc])
    return f"{b}.{r.randint(2, 254)}"
