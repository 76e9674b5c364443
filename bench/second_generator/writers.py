"""Writers of each file kind: the transfers export (one file, or one per bank), the call detail
records, the e-banking logins the banks handed over, the KYC registry of account holders and the
victims' reports. Headers are Vietnamese (in two bank styles) or English, per seed. Each writer
returns the number of rows it wrote."""

import datetime as dt
from collections import defaultdict

from .formats import fmt_amount, fmt_bank, fmt_phone, fmt_ts, write_table
from .reference import BANK_BY_CODE, SCAM_TYPE_NAMES, deacc

# file names (Vietnamese, English) by the kind of source graphfraud reads them as
FILE_NAMES = {"transactions": ("giao_dich", "transfers"), "calls": ("lich_su_cuoc_goi", "cdr"),
              "logins": ("dang_nhap_ebanking", "ebanking_logins"),
              "accounts": ("kyc_tai_khoan", "kyc_registry"), "reports": ("don_trinh_bao", "victim_reports")}

# headers by language; Vietnamese transfer exports come in two banks' wordings
TRANSFER_HEADERS = {
    "vi": ["Mã giao dịch", "Thời gian giao dịch", "Số tài khoản chuyển", "Ngân hàng chuyển",
           "Số tài khoản nhận", "Ngân hàng nhận", "Số tiền", "Nội dung chuyển khoản"],
    "vi2": ["Số tham chiếu", "Ngày giờ", "Tài khoản ghi nợ", "NH chuyển", "Tài khoản ghi có", "NH thụ hưởng",
            "Số tiền giao dịch", "Diễn giải"],
    "en": ["Transaction ID", "Transaction Time", "From Account", "From Bank", "To Account", "To Bank",
           "Amount", "Description"],
}
CALL_HEADERS = {
    "vi": ["Số gọi", "Số bị gọi", "Thời gian gọi", "Thời lượng (giây)"],
    "en": ["Caller", "Called Number", "Start Time", "Duration (s)"],
}
LOGIN_HEADERS = {
    "vi": ["Số tài khoản", "Ngân hàng", "Địa chỉ IP", "Mã thiết bị", "Thời gian đăng nhập"],
    "en": ["Account Number", "Bank", "IP Address", "Device ID", "Login Time"],
}
KYC_HEADERS = {
    "vi": ["Số tài khoản", "Ngân hàng", "Họ và tên", "Số CCCD", "Số điện thoại", "Xác thực sinh trắc học",
           "Ngày mở tài khoản"],
    "en": ["Account No", "Bank Name", "Full Name", "Citizen ID", "Phone Number", "Biometric Verified",
           "Open Date"],
}
REPORT_HEADERS = {
    "vi": ["Mã vụ việc", "Ngày tiếp nhận", "Họ tên nạn nhân", "SĐT nạn nhân", "STK nạn nhân",
           "Ngân hàng nạn nhân", "SĐT đối tượng", "STK đối tượng", "Tài khoản mạng xã hội", "Số tiền bị lừa",
           "Hình thức lừa đảo", "Tóm tắt"],
    "en": ["Case ID", "Report Date", "Victim Name", "Victim Phone", "Victim Account", "Victim Bank",
           "Suspect Phone", "Suspect Account", "Suspect Social", "Amount Lost", "Scam Type", "Summary"],
}
NARRATIVES = {
    "task": "Ngày {date:%d/%m/%Y} bị hại được mời làm cộng tác viên làm nhiệm vụ online, được hướng dẫn "
            "nạp tiền để làm nhiệm vụ, tổng cộng chuyển {n} lần vào tài khoản của đối tượng, sau đó không "
            "rút được tiền.",
    "police": "Ngày {date:%d/%m/%Y} bị hại nhận cuộc gọi của đối tượng tự xưng cán bộ Công an, thông báo "
              "bị hại liên quan đường dây rửa tiền, yêu cầu chuyển tiền vào tài khoản để xác minh.",
    "bank": "Ngày {date:%d/%m/%Y} đối tượng giả danh nhân viên ngân hàng gọi điện hỗ trợ nâng hạn mức thẻ, "
            "yêu cầu chuyển phí.",
    "invest": "Bị hại được mời tham gia nhóm đầu tư tiền ảo, nạp tiền vào sàn theo hướng dẫn từ ngày "
              "{date:%d/%m/%Y}, sau đó sàn khóa tài khoản.",
}


def kind_of_file(name):
    """The kind of source a file written here holds, from its name (None for other files)."""
    stem = name.rsplit(".", 1)[0]
    for kind, names in FILE_NAMES.items():
        if any(stem == n or stem.startswith(n + "_") for n in names):
            return kind
    return None


def _vi(w):
    return w.F["lang"] == "vi"


def _file_name(w, kind):
    return FILE_NAMES[kind][0 if _vi(w) else 1]


def _lang(w):
    return "vi" if _vi(w) else "en"


def _transfer_header(w, vi):
    """(header, dates split in two columns?, description column?) of the transfers export."""
    r, F = w.r, w.F
    H = TRANSFER_HEADERS["vi" if vi and r.random() < 0.5 else "vi2" if vi else "en"]
    split_dt = F["date_style"] == "split"
    if split_dt:
        H = H[:1] + (["Ngày", "Giờ"] if vi else ["Date", "Time"]) + H[2:]
    use_desc = F["desc_empty_col"] or w.K["desc_rate"] > 0
    if not use_desc:
        H = H[:-1]
    if not F["txn_id"]:
        H = H[1:]
    return H, split_dt, use_desc


def _transfer_row(w, k, x, split_dt, use_desc):
    """(file key, row) of transfer number k: the key is its bank when the export is split per bank."""
    r, F = w.r, w.F
    fb = w.acc[x["frm"]]["bank"] if x["frm"] else None
    tb = x["to_bank"] or (w.acc[x["to"]]["bank"] if x["to"] else None)
    ts = x["ts"]
    row = [f"FT24{ts:%j}{k:06d}{r.randint(10, 99)}"] if F["txn_id"] else []
    row += [ts.strftime("%d/%m/%Y"), ts.strftime("%H:%M:%S")] if split_dt else [fmt_ts(w, ts)]
    row += [x["frm"] or "", fmt_bank(w, fb) if x["frm"] else "",
            x["to"] or "", fmt_bank(w, tb) if x["to"] else "", fmt_amount(w, x["amount"])]
    if use_desc:
        row.append(x["desc"] or "")
    return (fb or tb) if F["tx_split"] else "all", row


def write_transfers(w, d):
    vi = _vi(w)
    H, split_dt, use_desc = _transfer_header(w, vi)
    rows_by_bank = defaultdict(list)
    for k, x in enumerate(w.tx):
        key, row = _transfer_row(w, k, x, split_dt, use_desc)
        rows_by_bank[key].append(row)
    title = "SAO KÊ GIAO DỊCH CHUYỂN TIỀN" if vi else "FUNDS TRANSFER EXPORT"
    for b, rows in rows_by_bank.items():
        nm = _file_name(w, "transactions")
        if b != "all":
            nm += "_" + BANK_BY_CODE[b][1].replace(" ", "").lower()
        write_table(w, f"{d}/{nm}.{w.F['tx_file']}", H, rows, "transactions", title)
    return len(w.tx)


def write_calls(w, d):
    """The calls of the period (three days either side), in one phone style for the whole file."""
    ch = CALL_HEADERS[_lang(w)]
    cstyle = w.r.choice(["local", "84", "plus84", "mixed", "spaced"])
    lo, hi = w.start - dt.timedelta(days=3), w.end + dt.timedelta(days=3)
    crow = [[fmt_phone(w, a, cstyle), fmt_phone(w, b, cstyle), fmt_ts(w, t, "dmy_hms"), dur]
            for a, b, t, dur in sorted(w.calls, key=lambda c: c[2]) if lo <= t <= hi]
    write_table(w, f"{d}/{_file_name(w, 'calls')}.{w.F['calls_file']}", ch, crow, "calls")
    return len(crow)


def _login_accounts(w):
    """The accounts whose bank answered the request for logins."""
    r = w.r
    have = set()
    for a, i in w.acc.items():
        if not i.get("modelled"):
            continue
        if i["role"] in ("mule", "cashout"):
            if r.random() < w.K["mule_bank_answers"]:
                have.add(a)
        elif r.random() < w.K["logins_coverage"]:
            have.add(a)
    return have


def write_logins(w, d):
    vi, F = _vi(w), w.F
    have = _login_accounts(w)
    lh = list(LOGIN_HEADERS[_lang(w)])
    if F["login_country_col"]:
        lh.append("Quốc gia" if vi else "Country")
    lrow = []
    lo, hi = w.start - dt.timedelta(days=2), w.end + dt.timedelta(days=2)
    for a, t, ipaddr, dev, cc in sorted(w.logins, key=lambda x: x[1]):
        if a not in have or not (lo <= t <= hi):
            continue
        row = [a, fmt_bank(w, w.acc[a]["bank"]), ipaddr, dev, fmt_ts(w, t, "dmy_hms")]
        if F["login_country_col"]:
            row.append(cc or "")
        lrow.append(row)
    write_table(w, f"{d}/{_file_name(w, 'logins')}.{F['logins_file']}", lh, lrow, "logins")
    return len(lrow)


def write_kyc(w, d):
    """The holders of part of the modelled accounts (most of the mules' and cash-out accounts)."""
    r, F = w.r, w.F
    kh = KYC_HEADERS[_lang(w)]
    krow = []
    yes, no = F["bio_style"]
    for a, i in w.acc.items():
        if not i.get("modelled"):
            continue
        p = w.K["kyc_fraud_coverage"] if i["role"] in ("mule", "cashout") else w.K["kyc_coverage"]
        if r.random() >= p:
            continue
        nm = i["holder"] if r.random() < 0.5 else deacc(i["holder"]).upper()
        krow.append([a, fmt_bank(w, i["bank"]), nm, i["cccd"] if not i.get("company") else "",
                     fmt_phone(w, i["phone"]), yes if i["bio"] else no, i["opened"].strftime("%d/%m/%Y")])
    r.shuffle(krow)
    write_table(w, f"{d}/{_file_name(w, 'accounts')}.{F['kyc_file']}", kh, krow, "accounts",
                "DANH SÁCH THÔNG TIN CHỦ TÀI KHOẢN")
    return len(krow)


def _suspect_accounts(w, paid):
    """The accounts the victim paid, as the victim remembers them (some left out), in one cell."""
    r = w.r
    mules = list(dict.fromkeys(p[1] for p in paid))
    if len(mules) > 2 and r.random() < 0.5:
        mules = r.sample(mules, r.randint(1, len(mules)))
    sep = r.choice([", ", "; ", " / ", "\n"])
    sacc = sep.join(mules)
    if len(mules) == 1 and r.random() < 0.15:
        sacc = f"{mules[0]} {BANK_BY_CODE[w.acc[mules[0]]['bank']][1].replace(' Bank', '')}"
    return sacc


def _report_row(w, rep):
    r = w.r
    v = rep["victim"]
    vi_ = w.acc[v]
    paid = rep["paid"]
    tot = sum(p[2] for p in paid)
    sacc = _suspect_accounts(w, paid)
    sph = fmt_phone(w, r.choice(rep["phones"])) if r.random() < 0.8 else ""
    p_social = 0.7 if rep["stype"] in ("task", "invest") else 0.2
    soc = r.choice(rep["org"]["socials"]) if r.random() < p_social else ""
    amt_s = r.choice([f"{tot:,}".replace(",", "."), str(tot),
                      f"{tot / 1e6:g} triệu" if tot % 1000000 == 0 else f"{tot:,}".replace(",", ".")])
    narr = NARRATIVES[rep["stype"]].format(date=paid[0][0], n=len(paid))
    vacc = v if (r.random() < w.K["victim_acct_in_report"]) else ""
    return [rep["case"], rep["date"].strftime("%d/%m/%Y"), vi_["holder"], fmt_phone(w, vi_["phone"]), vacc,
            fmt_bank(w, vi_["bank"]) if vacc else "", sph, sacc, soc, amt_s, SCAM_TYPE_NAMES[rep["stype"]],
            narr]


def write_reports(w, d):
    r = w.r
    rh = REPORT_HEADERS[_lang(w)]
    rrow = [_report_row(w, rep) for rep in w.reports]
    r.shuffle(rrow)
    write_table(w, f"{d}/{_file_name(w, 'reports')}.{w.F['reports_file']}", rh, rrow, "reports",
                "DANH SÁCH ĐƠN TRÌNH BÁO")
    return len(rrow)
