"""What a demo case folder holds: the two months it spans, its file names and column headers,
and the :class:`Manifest` that :func:`graphfraud.demo.generator.generate` returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

BASE = datetime(2024, 3, 1)          # day 0, 00:00 Vietnam local time (UTC+7)
N_DAYS = 61                          # 2024-03-01 .. 2024-04-30
DAY = 86_400
DEFAULT_TRANSFERS = 4_000
XLSX_BACKGROUND_MAX = 1_500
BACKGROUND_SIDE_MAX = 150_000       # cap on background calls and logins

S = np.dtypes.StringDType()          # numpy text columns


FILE_NAMES: dict[str, tuple[str, ...]] = {
    "transactions": ("sao_ke_giao_dich.csv", "bank_statement_tcb_mb.xlsx"),
    "calls": ("cuoc_goi_cdr.csv",),
    "logins": ("dang_nhap_ebanking.json",),
    "accounts": ("thong_tin_tai_khoan_kyc.xlsx",),
    "reports": ("don_to_giac.csv",),
    "social": ("mang_xa_hoi.csv",),
}
GROUND_TRUTH_NAME = "ground_truth.json"

HEADERS: dict[str, tuple[str, ...]] = {
    "sao_ke_giao_dich.csv": ("Mã giao dịch", "Thời gian", "Tài khoản ghi nợ", "Ngân hàng chuyển",
                             "Tài khoản ghi có", "Ngân hàng nhận", "Số tiền", "Loại tiền", "Kênh",
                             "Địa chỉ IP", "Mã thiết bị", "Nội dung", "Chi nhánh"),
    "bank_statement_tcb_mb.xlsx": ("Transaction ID", "Transaction Date", "Debit Account", "Debit Bank",
                                   "Credit Account", "Beneficiary Bank", "Beneficiary Name", "Amount",
                                   "Currency", "Channel", "IP Address", "Device ID", "Remarks", "Branch"),
    "cuoc_goi_cdr.csv": ("Số gọi", "Số bị gọi", "Thời gian gọi", "Thời lượng (giây)", "Loại cuộc gọi",
                         "Quốc gia gọi", "Nhà mạng"),
    "dang_nhap_ebanking.json": ("account_number", "bank_code", "ip_address", "device_id", "login_time",
                                "country_code", "os", "app_version"),
    "thong_tin_tai_khoan_kyc.xlsx": ("Số tài khoản", "Ngân hàng", "Chủ tài khoản", "Số CCCD", "SĐT đăng ký",
                                     "Email", "Sinh trắc học", "Ngày mở TK", "Chi nhánh", "Số dư"),
    "don_to_giac.csv": ("Mã vụ việc", "Ngày tiếp nhận", "Họ tên nạn nhân", "SĐT nạn nhân", "STK nạn nhân",
                        "Ngân hàng nạn nhân", "SĐT đối tượng", "STK đối tượng", "Ngân hàng đối tượng",
                        "MXH đối tượng", "Website lừa đảo", "Email đối tượng", "Số tiền thiệt hại",
                        "Thủ đoạn", "Nội dung vụ việc", "Đơn vị thụ lý"),
    "mang_xa_hoi.csv": ("Tài khoản MXH", "Nền tảng", "Số điện thoại", "Email", "Tên hiển thị", "Ngày tạo"),
}
# Columns that deliberately map to no field (the loader keeps them as properties).
EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {
    "sao_ke_giao_dich.csv": ("Chi nhánh",),
    "bank_statement_tcb_mb.xlsx": ("Beneficiary Name", "Branch"),
    "cuoc_goi_cdr.csv": ("Nhà mạng",),
    "dang_nhap_ebanking.json": ("os", "app_version"),
    "thong_tin_tai_khoan_kyc.xlsx": ("Chi nhánh", "Số dư"),
    "don_to_giac.csv": ("Đơn vị thụ lý",),
    "mang_xa_hoi.csv": ("Ngày tạo",),
}


@dataclass(frozen=True)
class Manifest:
    """What :func:`generate` wrote."""

    out_dir: Path
    files: dict[str, tuple[Path, ...]]   # kind -> files of that kind
    ground_truth: Path
    seed: int
    n_transfers: int                     # legitimate background transfers
    n_orgs: int
    rows: dict[str, int]                 # file name -> data rows (header excluded)

    def all_files(self) -> list[Path]:
        return [p for paths in self.files.values() for p in paths]
