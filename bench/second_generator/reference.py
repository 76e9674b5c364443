"""Reference data: Vietnamese banks and their account-number shapes, foreign banks used for
cash-out abroad, IP blocks by country, mobile prefixes, names, provinces of citizen ids, and the
texts banks show in transfer descriptions."""

# code, short name, long Vietnamese name, BIN (NAPAS), key of the account-number shape, share of accounts
BANKS = [
    ("VCB", "Vietcombank", "Ngân hàng TMCP Ngoại Thương Việt Nam", "970436", "vcb", 0.13),
    ("TCB", "Techcombank", "Ngân hàng TMCP Kỹ Thương Việt Nam", "970407", "tcb", 0.12),
    ("MB", "MB Bank", "Ngân hàng TMCP Quân Đội", "970422", "mb", 0.14),
    ("ACB", "ACB", "Ngân hàng TMCP Á Châu", "970416", "acb", 0.07),
    ("BIDV", "BIDV", "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam", "970418", "bidv", 0.1),
    ("CTG", "VietinBank", "Ngân hàng TMCP Công Thương Việt Nam", "970415", "ctg", 0.1),
    ("VPB", "VPBank", "Ngân hàng TMCP Việt Nam Thịnh Vượng", "970432", "vpb", 0.07),
    ("TPB", "TPBank", "Ngân hàng TMCP Tiên Phong", "970423", "tpb", 0.05),
    ("STB", "Sacombank", "Ngân hàng TMCP Sài Gòn Thương Tín", "970403", "stb", 0.05),
    ("VBA", "Agribank", "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam", "970405", "vba", 0.08),
    ("VIB", "VIB", "Ngân hàng TMCP Quốc tế Việt Nam", "970441", "vib", 0.02),
    ("SHB", "SHB", "Ngân hàng TMCP Sài Gòn - Hà Nội", "970443", "shb", 0.02),
    ("HDB", "HDBank", "Ngân hàng TMCP Phát triển TP. Hồ Chí Minh", "970437", "hdb", 0.02),
    ("MSB", "MSB", "Ngân hàng TMCP Hàng Hải Việt Nam", "970426", "msb", 0.02),
]
BANK_BY_CODE = {b[0]: b for b in BANKS}

# banks abroad that receive cash-out transfers: name, country, digits of an account number
FOREIGN_BANKS = [("ACLEDA Bank", "KH", 12), ("ABA Bank", "KH", 9), ("Wing Bank", "KH", 10),
                 ("ICBC", "CN", 19), ("Bank of China", "CN", 19), ("BDO", "PH", 12), ("GCash", "PH", 11),
                 ("BCEL", "LA", 16), ("KBZ Bank", "MM", 17)]

# first three octets of address blocks, by country
IP24 = {
    "VN": ["14.160.2", "14.177.3", "113.160.4", "113.185.5", "27.64.6", "27.72.7", "171.224.8", "171.241.9",
           "42.112.10", "42.114.11", "116.96.12", "116.110.13", "1.52.14", "123.20.15", "118.70.16",
           "115.73.17"],
    "KH": ["36.37.200", "203.144.70", "116.212.140", "119.15.85", "103.216.50", "175.100.50", "27.109.112"],
    "LA": ["115.84.100", "202.137.130", "183.182.100", "103.43.77"],
    "MM": ["103.231.92", "122.248.100", "37.111.20", "45.112.178", "103.255.172"],
    "CN": ["223.104.3", "39.144.5", "113.64.30", "183.1.31", "58.248.32", "117.136.37"],
    "PH": ["112.198.38", "49.144.39", "180.190.40", "122.2.41", "175.176.42", "112.200.4"],
    "KR": ["211.234.55", "175.223.56", "39.7.57", "1.224.58", "121.130.59"],
    "JP": ["126.0.60", "153.156.61", "60.32.62", "219.100.63"],
    "TW": ["1.160.64", "36.224.65", "114.32.66", "42.72.67"],
}
# Vietnamese mobile prefixes after the leading 0
VN_PREFIX = ["86", "96", "97", "98", "32", "33", "34", "35", "36", "37", "38", "39", "88", "91", "94", "81",
             "82", "83", "84", "85", "89", "90", "93", "70", "76", "77", "78", "79", "92", "56", "58"]
# family names (weighted as they are common), middle and given names by sex
FAM = ["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 3 + ["Phạm"] * 2 + \
    ["Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương"]
MID_M = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Xuân", "Công", "Tiến", "Hoàng", "Ngọc", "Anh"]
MID_F = ["Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Phương", "Bích", "Mai", "Kim"]
GIV_M = ["An", "Bình", "Cường", "Dũng", "Duy", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Long", "Minh", "Nam",
         "Phong", "Quân", "Sơn", "Thắng", "Tuấn", "Tùng", "Việt", "Đạt", "Trung", "Kiên", "Lâm", "Toàn",
         "Hưng"]
GIV_F = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngọc",
         "Nhung", "Phương", "Quỳnh", "Thảo", "Trang", "Vy", "Yến", "Hằng", "Huyền", "Loan", "Tâm", "Thủy",
         "Oanh"]
# province codes that open a 12-digit citizen id (CCCD)
PROVINCES = ["001", "031", "079", "048", "092", "036", "038", "040", "042", "044", "027", "030", "033", "034",
             "035", "037", "019", "024", "025", "026", "022", "052", "056", "068", "075", "080", "083", "087",
             "089", "094"]
DEACC = str.maketrans("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
                      "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ",
                      "a" * 17 + "e" * 11 + "i" * 5 + "o" * 17 + "u" * 11 + "y" * 5 + "d" +
                      "A" * 17 + "E" * 11 + "I" * 5 + "O" * 17 + "U" * 11 + "Y" * 5 + "D")


def deacc(s):
    """The text without Vietnamese accents, as bank systems write names and descriptions."""
    return s.translate(DEACC)


def rnd_round(x, unit):
    """x rounded to a multiple of unit, at least one unit."""
    return max(unit, round(x / unit) * unit)


# Transfer descriptions as a bank shows them (unaccented, mixed case), by kind of transfer.
DESC_TEMPLATES = {
    "salary": ["LUONG THANG {m}", "Chi luong T{m}/2024", "TRA LUONG THANG {m} {n}", "SALARY {m}/2024"],
    "rent": ["tien nha thang {m}", "CK tien phong T{m}", "{n} chuyen tien nha", "tien thue nha"],
    "family": ["{n} chuyen tien", "gui me tieu", "chuyen tien cho con", "CK", "bo me tieu tet",
               "gui tien nha", "tien hoc cho em"],
    "friend": ["{n} chuyen tien", "tra tien an", "tra no", "CK", "hoan tien", "chuyen tien", "tien cafe",
               "gop quy"],
    "shop": ["Thanh toan don hang", "TT hoa don {k}", "thanh toan QR", "mua hang", "{n} thanh toan",
             "TT tien hang"],
    "topup": ["Nap tien vi MoMo {p}", "Nap vi ZaloPay", "nap tien dien thoai", "Nap tien vi dien tu"],
    "hubout": ["Rut tien tu vi MoMo", "ZaloPay rut tien ve TK", "Hoan tien giao dich {k}"],
    "bill": ["Thanh toan tien dien {k}", "TT cuoc internet {k}", "thanh toan tien nuoc T{m}", "TT hoc phi"],
    "settle": ["Thanh toan doanh thu ngay {d}", "Settlement {d}", "TT tien hang POS {d}",
               "Ket chuyen doanh thu"],
    "trade": ["tien hang", "TT tien hang don {k}", "{n} tra tien hang", "nhap hang", "coc hang"],
    "change": ["doi tien", "{n} doi USD", "doi ngoai te", "CK doi tien", "tien doi {k}"],
    "usdt": ["mua USDT", "P2P {k}", "thanh toan don {k}", "mua usdt {k}", "{n}", "binance p2p {k}"],
    "remit": ["Kieu hoi {n}", "Chuyen tien tu Han Quoc", "Western Union {k}", "Nhan tien kieu hoi"],
    "sendhome": ["gui tien ve nha", "{n} gui bo me", "chuyen tien ve que", "tien thang {m}"],
    "forward_family": ["chuyen ho", "gui tien cho {n}", "chuyen tien", "tien anh {n} gui", "CK"],
    "victim_task": ["nap tien nhiem vu", "{k}", "thanh toan don {k}", "nap tien", "ma don {k}",
                    "{n} chuyen tien"],
    "victim_police": ["chuyen tien xac minh", "{n} chuyen tien", "tien ho so {k}", "chuyen tien",
                      "nop tien bao lanh"],
    "victim_bank": ["phi nang han muc the", "{n} chuyen tien", "thanh toan phi", "CK"],
    "victim_invest": ["nap tien dau tu", "nap san {k}", "mua coin", "nap tien tai khoan {k}",
                      "{n} chuyen tien"],
    "mule_fwd": ["chuyen tien", "CK", "tra no", "tien hang", "{n} chuyen tien", "hoan tien", "", "thanh toan",
                 "gui tien"],
    "fee": ["chuyen tien", "tien cong", "CK", "luong", "thuong"],
    "test": ["test", "CK", "1", "chuyen thu", ""],
    "atm": ["RUT TIEN ATM {k}", "Rut tien mat tai ATM {k}", "ATM WDL {k}", "rut tien ATM"],
    "abroad": ["Chuyen tien quoc te {k}", "TT hang hoa theo HD {k}", "Thanh toan nhap khau {k}",
               "CK quoc te"],
    "p2pself": ["chuyen tien", "CK", "{n}"],
}


# Scam types as the reports name them.
SCAM_TYPE_NAMES = {"task": "Việc làm online / làm nhiệm vụ", "police": "Giả danh công an",
                   "bank": "Giả danh nhân viên ngân hàng", "invest": "Đầu tư tiền ảo"}
