"""What the command line prints for people, in English and Vietnamese: table titles, notes and
column headers.

Rows keep their English column names (CSV and JSON are for machines and keep them); a table shown
in Vietnamese gets its headers from :data:`HEADERS_VI`. ``tr(key, lang, **fields)`` gives a title or
a note (the texts are kept in ``catalogues/cli.json``, see :mod:`graphfraud.output.catalogue`); fields
use the specs of :func:`graphfraud.textfmt.render` (``{n:int}``, ``{loss:money}``).
"""

from __future__ import annotations

from graphfraud.output.catalogue import load_catalogue
from graphfraud.textfmt import render

HEADERS_VI: dict[str, str] = {
    "file": "Tệp", "sheet": "Trang tính", "kind": "Loại", "status": "Trạng thái", "rows": "Số dòng",
    "nodes added": "Nút thêm mới", "edges added": "Liên kết thêm mới", "rejects": "Giá trị bị loại",
    "note": "Ghi chú", "what": "Đối tượng", "type": "Loại", "count": "Số lượng", "match": "Định danh khớp",
    "hops": "Số bước", "neighbour type": "Loại định danh lân cận", "neighbour": "Định danh lân cận",
    "edge": "Liên kết", "time": "Thời gian", "amount": "Số tiền", "evidence": "Bằng chứng", "hop": "Bước",
    "from": "Từ", "to": "Đến", "field": "Trường", "headers recognised": "Tiêu đề nhận diện",
    "files": "Số tệp", "nodes": "Số nút", "route": "Tuyến", "to bank": "Ngân hàng nhận",
    "traced": "Số tiền truy vết", "transfer": "Số tiền giao dịch", "txn": "Mã giao dịch",
    "description": "Nội dung", "end": "Điểm cuối", "bank": "Ngân hàng", "routes": "Số tuyến",
    "cases": "Vụ việc", "group": "Chiến dịch", "case ids": "Mã vụ việc", "total loss": "Tổng thiệt hại",
    "bridges": "Vụ việc cầu nối", "related": "Liên quan", "account": "Tài khoản", "score": "Điểm",
    "reasons": "Lý do", "id": "Cụm", "size": "Số định danh", "members by type": "Thành phần theo loại",
    "money in": "Tiền vào", "money out": "Tiền ra", "top members": "Thành viên chính", "community": "Cụm",
    "value": "Giá trị", "seq": "STT", "user": "Người dùng", "action": "Thao tác", "inputs": "Đầu vào",
    "main reasons": "Lý do chính", "cluster": "Cụm", "mule accounts": "Tài khoản trung gian",
    "key members": "Thành viên chính", "route (accounts)": "Tuyến (tài khoản)", "identifier": "Định danh",
    "loss": "Thiệt hại", "reported": "Ngày trình báo", "victim account": "Tài khoản bị hại",
    "cash-out account": "Tài khoản rút tiền", "first evidence": "Bằng chứng đầu tiên", "case": "Vụ việc",
    "campaign": "Chiến dịch", "strongest evidence": "Bằng chứng mạnh nhất", "ends": "Điểm cuối",
    # progress display, mules' tie order, evaluate's notices
    "strength": "Độ mạnh",
}

# key: (English, Vietnamese), from catalogues/cli.json
STRINGS: dict[str, tuple[str, str]] = load_catalogue("cli")


def tr(key: str, lang: str, **fields) -> str:
    """The title or note ``key`` in ``lang`` with ``fields`` written for people."""
    en, vi = STRINGS[key]
    return render(vi if lang == "vi" else en, fields, lang)


def header(column: str, lang: str) -> str:
    return HEADERS_VI.get(column, column) if lang == "vi" else column


def type_name(kind: str, lang: str, prefix: str = "type") -> str:
    """A node, edge, trace-end or link kind by its name in ``lang`` (``transfer`` → ``Chuyển tiền``)."""
    from graphfraud.output.i18n import has, t

    key = f"{prefix}.{kind}"
    return t(key, lang) if lang == "vi" and has(key) else str(kind)
