"""Case files and comparisons shared by the Neo4j tests."""

from __future__ import annotations

import copy
from pathlib import Path

from tests.conftest import write_csv, write_json, write_xlsx

TX_HEADER = ["Mã giao dịch", "Thời gian", "Tài khoản ghi nợ", "Ngân hàng chuyển", "Tài khoản ghi có",
             "Ngân hàng nhận", "Số tiền", "Địa chỉ IP", "Mã thiết bị", "Chi nhánh"]
TX_ROWS = [
    ["FT001", "01/02/2024 09:15", "0011 2233 44", "Vietcombank", "1903-5566-7788", "TCB", "1.500.000",
     "113.160.1.1", "DEV-A1", "Hà Nội"],
    ["FT002", "01/02/2024 09:20", "1903 5566 7788", "Techcombank", "0555666777", "970422", "1,470,000 VND",
     "", "", "HCM"],
    ["FT003", "02/02/2024 10:00", "0555666777", "MB", "0011223344", "VCB", "abc", "999.1.1.1", "", ""],
    # the same time, the same accounts, two amounts: two facts that tie in every ordering but the id
    ["FT004", "03/02/2024 11:00", "0555666777", "MB", "0011223344", "VCB", "200000", "113.160.1.1",
     "DEV-A1", ""],
    ["FT005", "03/02/2024 11:00", "0555666777", "MB", "0011223344", "VCB", "300000", "113.160.1.1",
     "DEV-A1", ""],
    # a duplicate row (same fact twice in one file) and a self-transfer
    ["FT005", "03/02/2024 11:00", "0555666777", "MB", "0011223344", "VCB", "300000", "113.160.1.1",
     "DEV-A1", ""],
    ["FT006", "", "0555666777", "MB", "0555666777", "MB", "10000", "", "", ""],
]


def case_files(folder: Path) -> list[Path]:
    """One file of every kind, with rejects, ties, duplicates, a sheetful workbook and JSON."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_csv(folder / "tx.csv", TX_HEADER, TX_ROWS),
        write_csv(folder / "cdr.csv",
                  ["Số gọi", "Số bị gọi", "Thời gian", "Thời lượng (giây)", "Loại cuộc gọi"],
                  [["+855 12 345 678", "0912 345 678", "01/02/2024 08:00:00", "120", "OTT"],
                   ["+855 12 345 678", "0912 345 678", "01/02/2024 08:00:00", "45", "OTT"],
                   ["0912 345 678", "0987654321", "02/02/2024 08:00:00", "12", "VOICE"],
                   ["12", "0987654321", "02/02/2024 09:00:00", "1", "VOICE"]]),
        write_json(folder / "logins.json", [
            {"STK": "0011223344", "Ngân hàng": "VCB", "Địa chỉ IP": "1.2.3.4", "Thiết bị": "DEV-A1",
             "Thời gian": "01/02/2024 07:00", "Quốc gia": "KH"},
            {"STK": "0555666777", "Ngân hàng": "MB", "Địa chỉ IP": "1.2.3.4", "Thiết bị": "DEV-B2",
             "Thời gian": "01/02/2024 07:05", "Quốc gia": "KH"}]),
        write_xlsx(folder / "kyc.xlsx", {"KYC": [
            ["Số tài khoản", "Ngân hàng", "Chủ tài khoản", "CCCD", "SĐT", "Email", "Sinh trắc học",
             "Ngày mở"],
            ["0011223344", "Vietcombank", "Lê Văn C", "001099012345", "0166 234 5678", "LVC@Mail.com",
             "Không", "15/01/2024"],
            ["0555666777", "MB", "Trần Văn E", "", "0912 345 678", "", "Có", "16/01/2024"]],
            "Ghi chú": [["Nothing", "here"], ["a", "b"]]}),
        write_csv(folder / "reports.csv", ["Mã vụ việc", "Ngày trình báo", "Họ tên nạn nhân", "SĐT nạn nhân",
                                           "STK nạn nhân", "SĐT đối tượng", "STK đối tượng", "Số tiền bị lừa",
                                           "Loại lừa đảo"],
                  [["VV-2024-0001", "03/02/2024", "Phạm Thị D", "0987654321", "1903556677788",
                    "+855 12 345 678", "0011223344", "50.000.000", "giả danh công an"],
                   ["VV-2024-0002", "04/02/2024", "Ngô Văn F", "0987654321", "", "0987654321",
                    "0555666777", "1.000.000", "đầu tư"]]),
        write_csv(folder / "social.csv", ["Tài khoản MXH", "Nền tảng", "SĐT", "Tên hiển thị"],
                  [["https://www.facebook.com/profile.php?id=100012345678901", "Facebook", "+855 12 345 678",
                    "Cán bộ Minh"]]),
    ]


def other_writers_files(folder: Path) -> list[Path]:
    """Files as other units, banks and carriers write them (kept apart from :func:`case_files`, whose graph
    the GDS tests compare cluster by cluster)."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        # a list written by another unit: headers read by their words, a cell naming two numbers
        write_csv(folder / "victims.csv", ["Số hồ sơ vụ việc", "Họ và tên người bị hại", "SĐT lừa đảo liên hệ",
                                           "Tổng số tiền bị chiếm đoạt"],
                  [["VV-2024-0003", "Đỗ Thị G", "+855 12 345 678, 0987 111 222 (Zalo)", "12 triệu 500 nghìn"]]),
        # both sides' statements of one transfer (each bank its own reference and time), one fee line
        _statement(folder / "sao_ke_a.csv", ["Số tài khoản: 0011223344"],
                   [["05/02/2024 09:00:05", "FT77", "1.000.000", "", "0555666777", "chuyen tien"],
                    ["05/02/2024 09:30:00", "FEE1", "11.000", "", "", "Phi SMS"]]),
        _statement(folder / "sao_ke_b.csv", ["STK", "0555666777", "Ngân hàng: MB"],
                   [["05/02/2024 09:00:41", "NAPAS-9", "", "1.000.000", "", "CT tu 0011223344 LE VAN C"]]),
        # a cash withdrawal at an ATM (no receiver) and a cash deposit (no sender) in a transfers export
        write_csv(folder / "atm.csv", ["Mã GD", "Thời gian", "Tài khoản ghi nợ", "Tài khoản ghi có", "Số tiền",
                                       "Nội dung"],
                  [["ATM1", "05/02/2024 10:00", "0555666777", "", "5.000.000", "RUT TIEN ATM"],
                   ["NOP1", "05/02/2024 08:00", "", "0555666777", "2.000.000", "NOP TIEN MAT"]]),
        # a statement re-typed from a PDF: camel-case headers, the account in the file name, date and
        # time in two columns, a counterparty cell holding a name
        write_csv(folder / "Vietinbank-0011223344-20240205-20240206.csv",
                  ["PageId", "Date", "Time", "ReferenceNumber", "TransactionDetails", "DebitAmount",
                   "CreditAmount", "OffsetAccount"],
                  [["1", "05/02/2024", "11:00:05", "R1", "CT tu 0555666777 TRAN VAN E", "", "300,000", ""],
                   ["1", "05/02/2024", "11:30:00", "R2", "CT nhanh 247 den: NGUYEN A", "", "50,000",
                    "NGUYEN A – A/C"]]),
        # one subscriber's calls, the number above the table
        write_csv(folder / "thue_bao.csv", ["Số thuê bao: 0912 345 678"],
                  [[], ["Số đối phương", "Hướng", "Thời gian bắt đầu", "Thời lượng"],
                   ["0987654321", "Gọi đến", "06/02/2024 10:00:00", "30"],
                   ["+855 12 345 678", "MO", "06/02/2024 10:05:00", "15"]]),
    ]


def _statement(path: Path, title: list[str], rows: list[list[str]]) -> Path:
    header = ["Ngày giao dịch", "Số tham chiếu", "Số tiền ghi nợ", "Số tiền ghi có", "Tài khoản đối ứng", "Nội dung"]
    return write_csv(path, title, [[], header, *rows])


def strip_ids(data):
    """A find/path result without what differs between backends: edge ids and load ids."""
    data = copy.deepcopy(data)

    def walk(x):
        if isinstance(x, dict):
            for k in ("load_id",):
                x.pop(k, None)
            if "edge" in x and isinstance(x["edge"], dict):
                x["edge"].pop("id", None)
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(data)
    return data


def edges_key(edges):
    """Edges as comparable tuples, without ids."""
    return [(e.type, e.src, e.dst, e.ts, e.amount, e.props) for e in edges]


def loads_key(loads):
    keep = ("sha256", "path", "sheet", "kind", "rows", "nodes_added", "edges_added", "edges_seen", "rejects")
    # sorted by file: the stores order loads by start time, which differs between two runs
    return sorted(({k: r[k] for k in keep} for r in loads), key=lambda r: (r["path"], r["sheet"]))


def _nan_free(records):
    return [{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()} for r in records]


def frames_key(frames):
    nodes, edges = frames
    return (_nan_free(nodes.to_dict("records")),
            _nan_free(edges.drop(columns=["id"]).to_dict("records")),
            list(edges.columns), list(nodes.columns), str(edges.dtypes.to_dict()))
