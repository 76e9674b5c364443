"""Static vocabulary for the demo generator: banks, names, places, IP ranges, phrases.

Everything here is plain data (the banks are read from ``banks.csv`` beside this module);
:mod:`graphfraud.demo.generator` draws from it with seeded random generators. Nothing in this module
is random.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from importlib import resources


def unaccent(text: str) -> str:
    """``"Nguyễn Văn Đức"`` -> ``"Nguyen Van Duc"`` (drop marks, đ -> d)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# --------------------------------------------------------------------------- banks


@dataclass(frozen=True)
class Bank:
    key: str                  # canonical short name used in ground truth
    bin: str                  # NAPAS bank identification number
    full: str                 # legal Vietnamese name
    spellings: tuple[str, ...]  # how exports write the bank (short first)
    prefixes: tuple[str, ...]  # account-number prefixes (all the same length)
    length: int               # account-number length in digits
    weight: float             # share of the population banking here


def _read_banks() -> tuple[Bank, ...]:
    """The banks, from ``banks.csv`` beside this module (lines starting with # are notes)."""
    text = (resources.files("graphfraud.demo") / "banks.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return tuple(Bank(r["key"], r["bin"], r["full"], tuple(r["spellings"].split("|")),
                      tuple(r["prefixes"].split("|")), int(r["length"]), float(r["weight"])) for r in rows)


BANKS: tuple[Bank, ...] = _read_banks()
BANK_INDEX: dict[str, int] = {b.key: i for i, b in enumerate(BANKS)}
# How often each spelling column of Bank.spellings is used.
BANK_SPELLING_WEIGHTS = (0.5, 0.18, 0.12, 0.12, 0.08)

# Banks whose customers' outgoing transfers go to the English XLSX export.
XLSX_BANKS = ("Techcombank", "MB")

# Foreign banks used as cash-out exits (country ISO code, spellings).
FOREIGN_BANKS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ACLEDA": ("KH", ("ACLEDA Bank Plc.", "ACLEDA BANK CAMBODIA", "ACLEDA")),
    "ABA": ("KH", ("ABA Bank", "Advanced Bank of Asia (ABA)", "ABA BANK KH")),
    "BOC": ("CN", ("Bank of China", "BANK OF CHINA LTD", "中国银行 Bank of China")),
    "ICBC": ("CN", ("Industrial and Commercial Bank of China", "ICBC", "ICBC CHINA")),
    "BDO": ("PH", ("BDO Unibank", "BDO UNIBANK INC", "BDO")),
    "LDB": ("LA", ("Lao Development Bank", "LDB LAOS", "LDB")),
}
FOREIGN_BANK_BY_COUNTRY: dict[str, tuple[str, ...]] = {
    "KH": ("ACLEDA", "ABA"), "CN": ("BOC", "ICBC"), "PH": ("BDO",), "LA": ("LDB",),
}

BRANCHES = (
    "CN Hà Nội", "CN Hoàn Kiếm", "CN Ba Đình", "CN Cầu Giấy", "CN Đống Đa", "CN Thanh Xuân",
    "CN Hai Bà Trưng", "CN Long Biên", "CN TP.HCM", "CN Quận 1", "CN Quận 3", "CN Tân Bình",
    "CN Bình Thạnh", "CN Thủ Đức", "CN Đà Nẵng", "CN Hải Phòng", "CN Cần Thơ", "CN Nghệ An",
    "CN Thanh Hóa", "CN Bắc Ninh", "CN Đồng Nai", "CN Bình Dương", "Sở giao dịch",
    "PGD Mỹ Đình", "PGD Gò Vấp",
)

# --------------------------------------------------------------------------- phones

# Modern 3-digit national mobile prefixes (with the trunk 0). 089 and 099 are left out:
# only parts of their ranges are valid in libphonenumber's metadata.
VN_MOBILE_PREFIXES = (
    "086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039",
    "088", "091", "094", "083", "084", "085", "081", "082",
    "090", "093", "070", "079", "077", "076", "078",
    "092", "056", "058", "059",
)
CARRIER_OF_PREFIX: dict[str, str] = {}
for _p in ("086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039"):
    CARRIER_OF_PREFIX[_p] = "Viettel"
for _p in ("088", "091", "094", "083", "084", "085", "081", "082"):
    CARRIER_OF_PREFIX[_p] = "Vinaphone"
for _p in ("089", "090", "093", "070", "079", "077", "076", "078"):
    CARRIER_OF_PREFIX[_p] = "MobiFone"
for _p in ("092", "056", "058"):
    CARRIER_OF_PREFIX[_p] = "Vietnamobile"
for _p in ("099", "059"):
    CARRIER_OF_PREFIX[_p] = "Gmobile"

# Modern prefix -> the 11-digit prefix it replaced in 2018.
OLD_PREFIX: dict[str, str] = {
    "032": "0162", "033": "0163", "034": "0164", "035": "0165", "036": "0166", "037": "0167",
    "038": "0168", "039": "0169", "070": "0120", "079": "0121", "077": "0122", "076": "0126",
    "078": "0128", "083": "0123", "084": "0124", "085": "0125", "081": "0127", "082": "0129",
    "056": "0186", "058": "0188", "059": "0199",
}

# Foreign mobile numbering: country -> (calling code, national leading digits, digits after
# them, digits allowed for the first of those). Every combination is a valid mobile (or, for
# US, VoIP-style) number in libphonenumber's metadata (checked with phonenumbers 9.0).
FOREIGN_MOBILE: dict[str, tuple[str, tuple[str, ...], int, str]] = {
    "KH": ("855", ("12", "11", "15", "16", "17", "61", "69", "70", "77", "78", "85", "86", "87",
                   "89", "92", "93", "97", "98", "90", "10"), 6, "0123456789"),
    "LA": ("856", ("2020", "2055", "2056", "2077", "2059", "2058", "2022", "2054"), 6, "0123456789"),
    "CN": ("86", ("138", "139", "135", "136", "150", "151", "158", "186", "187", "188", "131", "132"), 8,
           "0123456789"),
    "PH": ("63", ("917", "918", "919", "920", "927", "928", "945", "955", "961", "995", "998"), 7,
           "0123456789"),
    "MM": ("95", ("997", "994", "995", "996", "998", "979", "978", "977", "976", "975", "945", "925", "926"),
           7, "0123456789"),
    "US": ("1", ("213", "302", "415", "646", "702", "917"), 7, "23456789"),   # VoIP numbers
    "JP": ("81", ("90", "80", "70"), 8, "123456789"),
    "KR": ("82", ("10",), 8, "23456789"),
    "TW": ("886", ("9",), 8, "0123456789"),
}

COUNTRY_SPELLINGS: dict[str, tuple[str, ...]] = {
    "VN": ("VN", "Việt Nam", "VNM", "Viet Nam"),
    "KH": ("Campuchia", "KH", "Cambodia"),
    "CN": ("Trung Quốc", "CN", "China"),
    "PH": ("Philippines", "PH", "Phi-líp-pin"),
    "LA": ("Lào", "LA", "Laos"),
    "MM": ("Myanmar", "MM", "Miến Điện"),
    "US": ("Không xác định", "VoIP", "US"),
    "JP": ("Nhật Bản", "JP", "Japan"),
    "KR": ("Hàn Quốc", "KR", "Korea"),
    "TW": ("Đài Loan", "TW", "Taiwan"),
}

# --------------------------------------------------------------------------- IPv4
# /24 networks checked with geoip2fast 1.2.2 (GeoLite2): every host .1-.254 of each
# network geolocates to the country it is listed under. tests/demo re-checks them.
IP_NETS: dict[str, tuple[str, ...]] = {
    "VN": ("14.160.0", "14.177.10", "113.160.0", "113.185.10", "27.64.0", "27.72.10",
           "171.224.0", "171.240.0", "42.112.0", "42.114.10", "118.70.0", "118.71.10",
           "123.16.0", "123.24.10", "115.73.0", "116.96.0", "125.234.0", "1.52.0",
           "58.186.0", "183.80.0", "222.252.0", "117.0.0", "115.79.0"),
    "KH": ("36.37.128", "36.37.200", "175.100.10", "110.74.200", "202.178.120", "103.216.50",
           "117.20.112", "43.230.192", "96.9.70", "27.109.112", "203.144.64"),
    "CN": ("1.180.0", "36.110.50", "113.88.10", "117.136.10", "223.104.10", "183.14.0",
           "58.60.0", "120.229.0", "112.96.0", "101.227.0"),
    "PH": ("112.198.10", "49.144.10", "120.28.10", "180.190.10", "110.54.128", "124.106.0",
           "175.176.0", "203.177.0", "122.2.0", "136.158.0"),
    "JP": ("126.100.0", "153.150.0", "60.90.0", "114.150.0", "219.100.0"),
    "KR": ("211.36.130", "175.223.10", "121.160.0", "1.224.0", "39.7.0"),
    "TW": ("1.160.0", "114.32.0", "36.224.0", "61.216.0", "111.240.0"),
}

# --------------------------------------------------------------------------- people

SURNAMES = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 2),
    ("Phan", 4.5), ("Vũ", 3.9), ("Võ", 2), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5), ("Đinh", 0.7), ("Trịnh", 0.5), ("Mai", 0.4),
    ("Tạ", 0.3), ("Lương", 0.4), ("Cao", 0.4), ("Lâm", 0.3),
)
MIDDLE_M = ("Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Xuân", "Công", "Đình", "Trọng",
            "Hoàng", "Anh", "Tuấn", "Ngọc", "Quang", "Mạnh")
MIDDLE_F = ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Phương", "Kim", "Thùy",
            "Mai", "Bích", "Diệu", "Khánh", "Hoài")
GIVEN_M = ("Anh", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy",
           "Khánh", "Khoa", "Kiên", "Long", "Lâm", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong", "Phúc",
           "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành", "Trung", "Tuấn", "Tùng", "Việt",
           "Vinh", "Vũ")
GIVEN_F = ("Anh", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hương",
           "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung",
           "Oanh", "Phương", "Quyên", "Tâm", "Thảo", "Thúy", "Trang", "Trinh", "Uyên", "Vân",
           "Vy", "Yến")
# CCCD province codes.
PROVINCES = ("001", "079", "031", "048", "092", "038", "040", "036", "034", "075", "074",
             "026", "024", "027", "030", "044", "046", "052", "066", "080")
EMAIL_DOMAINS = ("gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com", "icloud.com",
                 "yahoo.com.vn")

COMPANY_WORDS = ("Thương mại", "Dịch vụ", "Xây dựng", "Công nghệ", "Thực phẩm", "Vận tải",
                 "Đầu tư", "May mặc", "Điện máy", "Dược phẩm", "Nội thất", "Giáo dục")
COMPANY_NAMES = ("Hoàng Long", "Minh Phát", "An Khang", "Thành Đạt", "Phú Thịnh", "Việt Tiến",
                 "Hưng Thịnh", "Tân Phát", "Bình Minh", "Sao Việt", "Đại Dương", "Kim Ngân",
                 "Nam Á", "Phương Đông", "Trường Sơn", "Hồng Hà", "Thiên Phú", "Hải Âu")
MERCHANT_KINDS = (("Siêu thị mini", "thanh toan mua hang"), ("Nhà thuốc", "thanh toan tien thuoc"),
                  ("Cửa hàng điện thoại", "tt dien thoai"), ("Quán cà phê", "tt cafe"),
                  ("Shop thời trang", "thanh toan don hang"), ("Nhà hàng", "tt tien an"),
                  ("Cửa hàng xe máy", "dat coc xe"), ("Phòng khám nha khoa", "tt kham rang"))
HUB_NAMES = (("CONG TY CP DICH VU DI DONG TRUC TUYEN", ("nap vi MoMo", "nap tien vi dien tu", "NAP MOMO")),
             ("TONG CONG TY DIEN LUC TP HA NOI",
              ("thanh toan tien dien EVN", "TT tien dien", "tien dien thang 3")),
             ("CONG TY CP GIAI PHAP THANH TOAN VIET NAM", ("nap tien dien thoai", "VNPAY nap tien", "topup")),
             ("CONG TY CO PHAN VIEN THONG FPT", ("cuoc internet FPT", "TT cuoc internet", "thanh toan cuoc")),
             ("CONG TY TNHH NUOC SACH HA NOI", ("tien nuoc", "thanh toan tien nuoc", "TT nuoc sach")))

# --------------------------------------------------------------------------- transactions

CHANNELS = (("Mobile Banking", 0.45), ("Internet Banking", 0.2), ("Napas 247", 0.1), ("IB", 0.05),
            ("SmartBanking", 0.05), ("Quầy", 0.08), ("ATM", 0.07))
OFFLINE_CHANNELS = ("Quầy", "ATM")
CURRENCIES = (("VND", 0.85), ("VNĐ", 0.1), ("", 0.05))
BACKGROUND_DESCRIPTIONS = (
    "chuyen tien", "CK", "ck", "chuyen khoan", "chuyển tiền", "tra tien", "tra no", "trả nợ",
    "tien an", "tien nha thang 3", "tiền nhà", "gui me tieu", "gui bo me", "mua hang",
    "thanh toan don hang", "tt tien hang", "hoan tien", "tien hoc", "dong hoc phi", "mung sinh nhat",
    "mung cuoi", "tien dien nuoc", "tien xang", "an trua", "tra tien ca phe", "gop quy lop",
    "tien thue nha", "Chuyen tien qua Napas 247", "IBFT chuyen tien", "", "", "",
)
MULE_DESCRIPTIONS = ("chuyen tien", "CK", "tra tien hang", "thanh toan", "tt don hang", "hoan ung",
                     "tra no", "", "gui tien", "chuyen khoan")
VICTIM_DESCRIPTIONS = {
    "giả danh công an": ("nop tien xac minh", "chuyen tien theo yeu cau co quan dieu tra",
                         "tien tam giu xac minh", "xac minh nguon tien", "CK"),
    "giả danh ngân hàng": ("xac thuc tai khoan", "phi nang cap the", "hoan tien", "CK", "chuyen tien"),
    "đầu tư tiền ảo": ("nap tien dau tu", "nap USDT", "nap tien san", "phi rut tien", "nang cap VIP"),
    "việc làm online": ("nhiem vu don hang", "chot don", "nap tien lam nhiem vu", "phi kich hoat CTV",
                        "hoan thanh nhiem vu"),
}
EXIT_DESCRIPTIONS_FOREIGN = ("CHUYEN TIEN QUOC TE", "TT TIEN HANG NHAP KHAU", "rut tien",
                             "chuyen tien ra nuoc ngoai")
EXIT_DESCRIPTIONS_CRYPTO = ("mua USDT", "USDT binance p2p", "nap USDT", "mua usdt otc", "rút tiền")

# --------------------------------------------------------------------------- calls / logins

BACKGROUND_CALL_TYPES = (("Thoại", 0.55), ("voice", 0.2), ("OTT", 0.2), ("Thoai", 0.05))
SCAM_FOREIGN_CALL_TYPES = ("OTT", "VoIP", "Thoại", "voice")
SCAM_LOCAL_CALL_TYPES = ("Thoại", "voice", "OTT")
OS_NAMES = ("Android 13", "Android 14", "Android 12", "iOS 17.3", "iOS 16.7", "iOS 17.4")
APP_VERSIONS = ("5.2.1", "5.3.0", "4.9.8", "6.0.2", "6.1.0")

# --------------------------------------------------------------------------- scams

SCAM_TYPES = ("giả danh công an", "đầu tư tiền ảo", "việc làm online", "giả danh ngân hàng")

URL_STEMS = {
    "giả danh công an": ("dichvucong-bocongan", "congan-xacminh", "vneid-capnhat", "dvc-bca",
                         "bocongan-gov", "xacminh-cutru"),
    "giả danh ngân hàng": ("vietcombank-hotro", "vcb-digibank", "techcombank-khcn", "mbbank-nangcap",
                           "bidv-smartbanking", "vietinbank-ipay"),
    "đầu tư tiền ảo": ("binance-vn", "okx-vietnam", "sanquocte-fx", "usdt-dautu", "coin-vip",
                       "bitget-vn"),
    "việc làm online": ("shopee-ctv", "tiki-nhiemvu", "lazada-tuyendung", "viec-lam-online",
                        "tiktok-shop-ctv", "amazon-ctv"),
}
URL_SUFFIXES = ("", "24", "vn", "2024", "-app", "-online", "247", "-vip")
URL_TLDS = ("com", "net", "top", "xyz", "online", "site", "vip", "cc")
EMAIL_STEMS = {
    "giả danh công an": ("congan.xacminh", "bocongan.dieutra", "pc02.congan", "vneid.hotro"),
    "giả danh ngân hàng": ("cskh.vietcombank", "hotro.techcombank", "mbbank.support", "bidv.cskh"),
    "đầu tư tiền ảo": ("support.binancevn", "dautu.usdt", "sanfx.hotro", "vip.coin"),
    "việc làm online": ("tuyendung.shopee", "ctv.tiki", "nhiemvu.lazada", "hr.tiktokshop"),
}
SOCIAL_DISPLAY = {
    "giả danh công an": ("Đại úy Nguyễn Văn Hùng", "Cán bộ điều tra Trần Minh", "Công an TP Hà Nội",
                         "Thiếu tá Lê Quốc Bảo", "PC02 Công an"),
    "giả danh ngân hàng": ("CSKH Vietcombank", "Techcombank Hỗ Trợ", "MB Bank CSKH 24/7",
                           "Tổng đài BIDV", "Hỗ trợ khách hàng ngân hàng"),
    "đầu tư tiền ảo": ("Linda Trần - Chuyên gia đầu tư", "Mr. Kevin Crypto", "Đầu tư USDT an toàn",
                       "Hương Giang Trader", "Binance VN Support"),
    "việc làm online": ("Tuyển CTV Shopee", "Việc làm online tại nhà", "Tiki Tuyển Dụng",
                        "HR Ms. Thảo", "TikTok Shop CTV"),
}
HANDLE_STEMS = {
    "giả danh công an": ("daiuy.hung.ca", "canbo.dieutra", "congan.xacminh", "pc02.hn", "thieuta.bao"),
    "giả danh ngân hàng": ("cskh.vcb", "hotro.techcombank", "mbbank.cskh", "tongdai.bidv", "hotro.nganhang"),
    "đầu tư tiền ảo": ("linda.invest", "kevin.crypto", "dautu.usdt", "huonggiang.trader",
                       "binance.vn.support"),
    "việc làm online": ("tuyen.ctv.shopee", "vieclam.online", "tiki.tuyendung", "hr.thao", "tiktok.ctv"),
}
HANDLING_UNITS = (
    "Phòng An ninh mạng và PCTP sử dụng CNC - CA TP Hà Nội", "Công an quận Cầu Giấy",
    "Công an quận Hoàn Kiếm", "Phòng Cảnh sát hình sự - CA TP.HCM", "Công an quận 1",
    "Công an TP Đà Nẵng", "Công an tỉnh Nghệ An", "Công an huyện Đông Anh",
    "Công an tỉnh Bình Dương", "Công an quận Thanh Xuân",
)
FAKE_POLICE_UNITS = ("Công an quận Hoàn Kiếm", "Cục Cảnh sát hình sự", "Công an TP Hà Nội",
                     "Viện Kiểm sát nhân dân tối cao", "Công an TP.HCM")
NARRATIVES = {
    "giả danh công an": (
        ("Ngày {ngay}, bị hại nhận cuộc gọi từ số {sdt} của đối tượng tự xưng là cán bộ {don_vi}, "
        "thông báo bị hại liên quan đến một đường dây rửa tiền và yêu cầu chuyển tiền vào tài khoản "
        "{stk} ({nh}) để \"xác minh nguồn tiền\". Đối tượng hứa sẽ hoàn trả sau khi điều tra xong. "
        "Bị hại đã chuyển tổng cộng {tien} đồng, sau đó không liên lạc được với đối tượng."),
        ("Khoảng {gio} ngày {ngay}, đối tượng gọi điện cho bị hại qua số {sdt}, xưng là cán bộ {don_vi}, "
        "đe dọa bị hại có liên quan vụ án ma túy, yêu cầu kết bạn qua {mxh} và chuyển tiền vào tài "
        "khoản {stk} để phục vụ điều tra. Bị hại lo sợ nên đã chuyển {tien} đồng."),
    ),
    "giả danh ngân hàng": (
        ("Ngày {ngay}, bị hại nhận cuộc gọi từ số {sdt} tự xưng là nhân viên chăm sóc khách hàng ngân hàng, "
        "thông báo tài khoản sắp bị khóa do chưa cập nhật thông tin, gửi đường link {url} yêu cầu đăng "
        "nhập và cung cấp mã OTP. Sau đó bị hại phát hiện tài khoản bị chuyển đi {tien} đồng đến tài "
        "khoản {stk} ({nh})."),
        ("Đối tượng sử dụng số {sdt} gọi cho bị hại, giới thiệu là nhân viên ngân hàng hỗ trợ nâng hạn "
        "mức thẻ tín dụng, hướng dẫn bị hại truy cập {url} và chuyển {tien} đồng \"phí nâng hạn mức\" "
        "vào tài khoản {stk} ({nh})."),
    ),
    "đầu tư tiền ảo": (
        ("Bị hại được đối tượng sử dụng {mxh} làm quen qua mạng xã hội, giới thiệu đầu tư tiền "
        "ảo trên sàn {url} với lợi nhuận 30%/tháng. Từ ngày {ngay}, bị hại đã nạp tiền nhiều lần vào tài "
        "khoản {stk} ({nh}) theo hướng dẫn, tổng số tiền {tien} đồng. Khi muốn rút tiền, sàn báo lỗi và "
        "yêu cầu nộp thêm phí."),
        ("Ngày {ngay}, bị hại được mời vào nhóm Telegram \"đầu tư USDT\", được hướng dẫn mở tài khoản trên "
        "{url}. Đối tượng (số điện thoại {sdt}) yêu cầu chuyển tiền vào tài khoản {stk} ({nh}) để nạp "
        "USDT. Bị hại đã chuyển {tien} đồng nhưng không rút được."),
    ),
    "việc làm online": (
        ("Ngày {ngay}, bị hại được đối tượng qua {mxh} mời làm cộng tác viên online, thực hiện nhiệm vụ "
        "\"chốt đơn\" trên trang {url} để nhận hoa hồng. Ban đầu bị hại được trả hoa hồng nhỏ, sau đó bị "
        "yêu cầu chuyển tiền vào tài khoản {stk} ({nh}) để hoàn thành nhiệm vụ, tổng cộng {tien} đồng. "
        "Đối tượng không trả lại tiền."),
        ("Bị hại nhận tin nhắn tuyển dụng việc làm tại nhà, liên hệ số {sdt}. Đối tượng yêu cầu bị hại "
        "nạp tiền làm nhiệm vụ vào tài khoản {stk} ({nh}), hứa hoàn tiền kèm 15% hoa hồng. Từ ngày "
        "{ngay} bị hại đã chuyển tổng cộng {tien} đồng."),
    ),
}
