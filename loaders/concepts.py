"""Headers nobody listed: a field recognised from the words a header is made of.

The aliases of :mod:`graphfraud.loaders.fields` are matched whole, so ``Họ và tên bị hại``, ``Số tiền
(VND)`` or ``Địa chỉ IP đăng nhập`` — each a plain way to name a field — matched nothing, and a column a
detector needs (the account victims paid, a transfer's amount, a login's IP) was kept as an unread
property, or the file was refused. When no alias matches a header whole, its folded words are read as
*concepts*: a field is named by a recipe of concepts that must all be there (``bị hại`` + ``tên`` is
the victim's name; ``tài khoản`` + ``nhận`` is, in a transfer, the receiving account), with concepts
that must not be (a header naming a bank is not an account). Among the fields of a kind whose
recipe a header fulfils, the one whose concepts cover the most of its words wins; a tie is left
unmapped rather than guessed. An alias match always comes first.

Phrases are written folded (see :func:`graphfraud.normalize.base.fold`: no accents, lower case,
single spaces) and match whole words of the folded header, in order.
"""

from __future__ import annotations

from functools import cache, lru_cache

from graphfraud.normalize.base import fold

__all__ = ["concept_field"]

CONCEPTS: dict[str, tuple[str, ...]] = {
    "account": ("tai khoan", "tk", "stk", "account", "acct", "acc", "a c"),
    "phone": ("dien thoai", "sdt", "so dt", "dt", "phone", "mobile", "di dong", "tel", "telephone",
              "msisdn", "thue bao", "hotline", "zalo so"),
    "bank": ("ngan hang", "nh", "bank"),
    "name": ("ten", "ho ten", "ho va ten", "name", "full name"),
    "victim": ("bi hai", "nan nhan", "victim", "nguoi trinh bao", "nguoi to giac", "complainant"),
    "suspect": ("doi tuong", "nghi van", "lua dao", "nghi pham", "ke gian", "suspect", "scam", "scammer",
                "fraudster", "fraud", "perpetrator"),
    "receive": ("nhan", "nhan tien", "thu huong", "den", "toi", "beneficiary", "receiver", "receiving",
                "recipient", "payee", "credit", "destination", "dich", "ghi co", "to", "credited"),
    "send": ("chuyen", "gui", "nguon", "ghi no", "sender", "sending", "from", "source", "payer", "debit",
             "originator", "originating", "remitter", "ordering", "debited"),
    "amount": ("so tien", "amount", "tien", "gia tri", "value", "money", "sum", "vnd"),
    "loss": ("bi lua", "thiet hai", "chiem doat", "bi mat", "loss", "lost", "damage", "defrauded", "stolen"),
    "time": ("thoi gian", "ngay", "gio", "time", "date", "datetime", "timestamp", "thoi diem", "luc",
             "ngay gio", "when", "ts", "created at", "occurred at", "logged at", "login at", "event at"),
    "report": ("trinh bao", "to giac", "tiep nhan", "bao cao", "bao an", "report", "reported", "filed",
               "complaint"),
    "case": ("vu viec", "vu an", "ho so", "case", "ma vu", "so vu", "incident"),
    "txn": ("ma gd", "ma giao dich", "so gd", "so giao dich", "tham chieu", "reference", "ref",
            "transaction id", "txn", "trans id", "ma ct", "so ct", "chung tu", "ftid", "trace"),
    "description": ("noi dung", "dien giai", "description", "narrative", "memo", "remark", "remarks",
                    "purpose", "mo ta", "chi tiet", "details", "tom tat", "summary"),
    "ip": ("ip",),
    "device": ("thiet bi", "device", "imei", "ma may", "device id"),
    "country": ("quoc gia", "country", "nuoc", "national"),
    "place": ("location", "vi tri", "dia diem", "region", "city", "khu vuc"),
    "duration": ("thoi luong", "duration", "so giay", "seconds", "giay", "length", "sec", "ms", "milliseconds",
                 "round trip", "latency", "elapsed", "wait time", "waiting time", "in queue"),
    "caller": ("chu goi", "goi di", "goi", "caller", "calling", "a party", "a number", "thue bao a", "so a",
               "originating"),
    "callee": ("bi goi", "duoc goi", "goi den", "called", "callee", "b party", "b number", "thue bao b", "so b",
               "terminating"),
    "type": ("loai", "type", "kieu", "hinh thuc", "dich vu", "service"),
    "subscriber": ("thue bao", "msisdn", "subscriber"),
    "other": ("doi phuong", "lien lac", "lien he", "other party", "other number", "partner", "counterpart",
              "remote"),
    "call_dir": ("huong", "chieu", "direction", "mo mt", "in out", "vao ra"),
    "holder_id": ("cccd", "cmnd", "can cuoc", "chung minh", "giay to", "dinh danh", "national id", "id number",
                  "id no", "citizen id", "passport", "ho chieu", "identity", "id card"),
    "owner": ("chu tai khoan", "chu tk", "holder", "owner", "customer", "khach hang", "chu so huu"),
    "email": ("email", "e mail", "mail", "thu dien tu"),
    "open": ("mo", "open", "opened", "opening", "dang ky"),
    "biometric": ("sinh trac", "biometric", "biometrics", "khuon mat", "face", "ekyc", "face id"),
    "social": ("facebook", "zalo", "telegram", "tiktok", "instagram", "mxh", "mang xa hoi", "social",
               "profile", "handle", "username", "user name", "nick", "fb", "viber", "whatsapp", "wechat"),
    "url": ("url", "link", "website", "trang web", "web", "duong dan", "domain", "ten mien"),
    "platform": ("nen tang", "platform", "network", "ung dung", "app"),
    "display": ("hien thi", "display", "nickname", "biet danh"),
    "currency": ("loai tien", "tien te", "currency", "ccy", "don vi tien"),
    "channel": ("kenh", "channel", "phuong thuc", "payment method", "payment format", "hinh thuc thanh toan"),
    "counterparty": ("doi ung", "doi tac", "counterparty", "contra", "offset", "partner", "doi phuong"),
    "balance": ("so du", "balance"),
    "fee": ("phi", "fee", "fees", "charge", "charges", "commission", "vat", "thue"),
    "debit": ("ghi no", "no", "debit", "dr", "rut", "withdrawal", "withdrawals", "tien ra", "money out"),
    "credit": ("ghi co", "co", "credit", "cr", "nap", "deposit", "deposits", "tien vao", "money in", "gui vao"),
    "direction": ("no co", "d c", "dr cr", "debit credit", "chieu", "in out"),
    "scam_type": ("thu doan", "hinh thuc lua dao", "loai lua dao", "scam type", "fraud type", "modus", "phuong thuc"),
    "birth": ("sinh", "birth", "dob", "nam sinh"),
    "issue": ("cap", "issue", "issued", "het han", "expiry"),
    "address": ("dia chi", "address", "noi o", "thuong tru", "tru quan"),
}

# field -> recipes: (concepts that must all be in the header, concepts that must not)
_NOT_ID = ("name", "bank", "type", "balance", "open", "time", "amount", "owner")
# where a bank is, not which bank: "Sender_bank_location" (a country) is not the sender's bank
_NOT_BANK = ("country", "place", "address")
RECIPES: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {
    "timestamp": ((("time",), ("birth", "open", "report", "issue", "duration")),),
    "case_id": ((("case",), ("time", "description", "type")),),
    "txn_id": ((("txn",), ("time", "amount")),),
    "amount": ((("amount",), ("balance", "currency", "loss", "debit", "credit", "account", "time", "fee")),),
    "currency": ((("currency",), ()),),
    "channel": ((("channel",), ("scam_type",)),),
    "description": ((("description",), ("case",)),),
    "ip": ((("ip",), ("suspect",)),),
    "device_id": ((("device",), ("type",)),),   # "Device Type" (mobile, desktop) names no device
    "country": ((("country",), ("address", "holder_id")),),
    "from_account": ((("account", "send"), ("bank", "name", "receive", "victim", "suspect")),),
    "to_account": ((("account", "receive"), ("bank", "name", "send", "victim", "suspect")),),
    "from_bank": ((("bank", "send"), ("account", "receive", *_NOT_BANK)),),
    "to_bank": ((("bank", "receive"), ("account", "send", *_NOT_BANK)),),
    "caller": ((("caller",), ("callee", "country", "time", "type", "duration")),),
    "callee": ((("callee",), ("country", "time", "type", "duration")),),
    "duration_s": ((("duration",), ()),),
    "subscriber": ((("subscriber",), ("caller", "callee", "other", "counterparty", "time", "country")),),
    "other_party": ((("other",), ("time", "country", "name", "address")),),
    "call_direction": ((("call_dir",), ("address",)),),
    "call_type": ((("type",), ("scam_type",)),),
    "origin_country": ((("country",), ("address", "holder_id")),),
    # an account with a way ("Tài khoản đích", "Remitter's account") is not the statement's own: it is
    # the counterparty's (transfer exports name their two accounts from_/to_account, reports theirs)
    "account": ((("account",), (*_NOT_ID, "counterparty", "victim", "suspect", "social", "email", "send",
                                "receive")),),
    "bank": ((("bank",), ("account", "counterparty", "victim", "suspect", "send", "receive", "name", *_NOT_BANK)),),
    "holder_name": ((("name",), ("bank", "display", "victim", "suspect", "counterparty", "social", "platform")),
                    (("owner",), ("bank", "holder_id", "phone", "email", "time", "counterparty"))),
    "holder_id": ((("holder_id",), ("time", "issue", "address")),),
    "phone": ((("phone",), ("victim", "suspect", "device")),),
    "email": ((("email",), ("victim", "suspect")),),
    "opened_at": ((("open", "time"), ("description",)),),
    "biometric_verified": ((("biometric",), ()),),
    "report_date": ((("report", "time"), ()),),
    "victim_name": ((("victim", "name"), ()), (("victim",), ("phone", "account", "bank", "amount", "time",
                                                            "email", "address", "birth"))),
    "victim_phone": ((("victim", "phone"), ()),),
    "victim_account": ((("victim", "account"), ("bank", "name")),),
    "victim_bank": ((("victim", "bank"), _NOT_BANK),),
    "suspect_phone": ((("suspect", "phone"), ()),),
    "suspect_account": ((("suspect", "account"), ("bank", "name", "social")),
                        (("account", "receive"), ("bank", "name", "victim", "social"))),
    "suspect_bank": ((("suspect", "bank"), _NOT_BANK), (("bank", "receive"), ("victim", "account", *_NOT_BANK))),
    "suspect_social": ((("suspect", "social"), ()), (("social",), ("victim", "url"))),
    "suspect_url": ((("url",), ("victim",)),),
    "suspect_email": ((("suspect", "email"), ()),),
    "suspect_ip": ((("suspect", "ip"), ()),),
    "amount_lost": ((("loss",), ("time",)), (("amount",), ("time", "balance", "fee"))),
    "scam_type": ((("scam_type",), ()),),
    "narrative": ((("description",), ("case", "scam_type")),),
    "social_account": ((("social",), ("platform", "display", "phone", "email", "time")),),
    "platform": ((("platform",), ()),),
    "display_name": ((("display",), ()), (("name",), ("platform", "social"))),
    "counterparty_account": ((("counterparty", "account"), ("bank", "name")),
                             (("account", "send"), ("bank", "name", "victim", "suspect", "social")),
                             (("account", "receive"), ("bank", "name", "victim", "suspect", "social"))),
    "counterparty_bank": ((("counterparty", "bank"), _NOT_BANK),),
    "counterparty_name": ((("counterparty", "name"), ()), (("counterparty",), ("account", "bank"))),
    "debit": ((("debit",), ("credit", "account", "bank", "direction")),),
    "credit": ((("credit",), ("debit", "account", "bank", "direction")),),
    "direction": ((("direction",), ()),),
    "balance": ((("balance",), ()),),
}


@cache
def _phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    return {c: tuple(tuple(fold(p).split()) for p in ps) for c, ps in CONCEPTS.items()}


def _covered(words: tuple[str, ...], concept: str) -> set[int]:
    """Positions of ``words`` that a phrase of ``concept`` covers (empty: the concept is absent)."""
    out: set[int] = set()
    for p in _phrases()[concept]:
        for i in range(len(words) - len(p) + 1):
            if words[i:i + len(p)] == p:
                out.update(range(i, i + len(p)))
    return out


@cache
def _starts() -> dict[str, tuple[str, ...]]:
    """First word of a phrase -> the concepts with a phrase starting with it."""
    out: dict[str, set[str]] = {}
    for c, ps in _phrases().items():
        for p in ps:
            out.setdefault(p[0], set()).add(c)
    return {w: tuple(sorted(cs)) for w, cs in out.items()}


@lru_cache(maxsize=4096)
def _coverage(words: tuple[str, ...]) -> dict[str, set[int]]:
    """The concepts present in ``words``, each with the positions its phrases cover. A header is
    looked at for every kind and field, and the header row is looked for among the first rows of
    a file: each distinct cell's words are read once."""
    starts = _starts()
    found = {c for w in set(words) for c in starts.get(w, ())}
    return {c: cov for c in sorted(found) if (cov := _covered(words, c))}


def concept_field(header: str, fields: tuple[str, ...] | list[str]) -> str | None:
    """The one field of ``fields`` the header's words name (see the module docstring), or None."""
    words = tuple(fold(header).split())
    if not words:
        return None
    cov = _coverage(words)
    if not cov:
        return None
    best: list[tuple[int, str]] = []
    for f in fields:
        for need, avoid in RECIPES.get(f, ()):
            spans = [cov.get(c) for c in need]
            if all(spans) and not any(c in cov for c in avoid):
                best.append((len(set().union(*spans)), f))
    if not best:
        return None
    best.sort(reverse=True)
    top = [f for n, f in best if n == best[0][0]]
    return top[0] if len(set(top)) == 1 else None
