"""What the command line prints for people, in English and Vietnamese: table titles, notes and
column headers.

Rows keep their English column names (CSV and JSON are for machines and keep them); a table shown
in Vietnamese gets its headers from :data:`HEADERS_VI`. ``tr(key, lang, **fields)`` gives a title or
a note; fields use the specs of :func:`graphfraud.textfmt.render` (``{n:int}``, ``{loss:money}``).
"""

from __future__ import annotations

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
}

STRINGS: dict[str, tuple[str, str]] = {
    "load.title": ("Load", "Nạp dữ liệu"),
    "load.rejects": ("{n:int} value(s) rejected; the rows' other values were loaded. Rejects report: {path}",
                     "{n:int} giá trị bị loại; các giá trị khác của dòng vẫn được nạp. Báo cáo giá trị bị loại: "
                     "{path}"),
    "stats.title": ("{nodes:int} nodes, {edges:int} edges, {files:int} files, {rejects:int} rejects",
                    "{nodes:int} nút, {edges:int} liên kết, {files:int} tệp, {rejects:int} giá trị bị loại"),
    "what.node": ("node", "nút"),
    "what.edge": ("edge", "liên kết"),
    "find.title": ("Neighbours of {query}", "Các định danh lân cận của {query}"),
    "find.match": ("{what} {value}{bank}: {degree:int} edges; seen in {where}",
                   "{what} {value}{bank}: {degree:int} liên kết; xuất hiện trong {where}"),
    "find.bank": (" bank {bank}", " ngân hàng {bank}"),
    "find.truncated": ("  ({n:int} more neighbours not listed; raise --limit)",
                       "  (còn {n:int} định danh lân cận chưa liệt kê; tăng --limit)"),
    "path.title": ("Path of {n:int} hops", "Đường nối {n:int} bước"),
    "path.reverse": (" (reverse)", " (ngược chiều)"),
    "row": ("row", "dòng"),
    "route.end": ("{kind} at {value}", "{kind}: {value}"),
    "trace.head.forward": ("Where the money of account {account} ({bank}) went: {traced:money} traced, "
                           "{routes:int} route(s)",
                           "Tiền của tài khoản {account} ({bank}) đã đi đâu: truy vết {traced:money}, "
                           "{routes:int} tuyến"),
    "trace.head.backward": ("Where the money of account {account} ({bank}) came from: {traced:money} traced, "
                            "{routes:int} route(s)",
                            "Tiền của tài khoản {account} ({bank}) đến từ đâu: truy vết {traced:money}, "
                            "{routes:int} tuyến"),
    "trace.bank_unknown": ("bank unknown", "chưa rõ ngân hàng"),
    "trace.endpoints": ("Endpoints", "Điểm cuối của dòng tiền"),
    "trace.routes": ("Routes ({n:int} shown)", "Các tuyến (hiển thị {n:int})"),
    "trace.hidden": ("({n:int} smaller routes not shown{cut})", "(còn {n:int} tuyến nhỏ hơn chưa hiển thị{cut})"),
    "trace.cut": ("; the trace hit its work limit", "; truy vết dừng do giới hạn xử lý"),
    "link.title": ("{n:int} campaign(s) of linked cases", "{n:int} chiến dịch gồm các vụ việc liên kết"),
    "link.via": ("{kind} via {via}", "{kind} qua {via}"),
    "mules.title": ("{n:int} account(s) scored as money mules", "{n:int} tài khoản bị chấm điểm là tài khoản "
                    "trung gian (mule)"),
    "communities.title": ("{n:int} cluster(s)", "{n:int} cụm"),
    "communities.title_cases": ("{n:int} cluster(s) touching a reported case", "{n:int} cụm liên quan tới vụ "
                                "việc được trình báo"),
    "communities.hubs": (" (identifiers with more than {n:num} neighbours treated as hubs)",
                         " (định danh có hơn {n:num} lân cận được coi là điểm trung chuyển chung)"),
    "communities.left_out": ("{n:int} more cluster(s) not shown (of {total:int}); raise --limit or use --format "
                             "json/csv for all",
                             "Còn {n:int} cụm chưa hiển thị (trên tổng {total:int}); tăng --limit hoặc dùng "
                             "--format json/csv để xem tất cả"),
    "organizers.title": ("{n:int} organiser candidate(s)", "{n:int} đối tượng nghi là tổ chức"),
    "fields.title": ("Source kinds and fields", "Các loại nguồn dữ liệu và trường"),
    "queries.title": ("Named queries (graphfraud query NAME --param KEY=VALUE)",
                      "Truy vấn có tên (graphfraud query TÊN --param KHÓA=GIÁ_TRỊ)"),
    "query.title": ("{name}: {n:int} row(s)", "{name}: {n:int} dòng"),
    "query.none": ("(no rows)", "(không có dòng nào)"),
    "evaluation.title": ("Evaluation", "Đánh giá"),
    "exported": ("Wrote {out}: {nodes:int} nodes, {edges:int} edges{more}",
                 "Đã ghi {out}: {nodes:int} nút, {edges:int} liên kết{more}"),
    "exported.more": (" ({n:int} more not drawn)", " (còn {n:int} nút chưa vẽ)"),
    "reported": ("Wrote {out}: {campaigns:int} campaigns, {cases:int} cases, total loss {loss:money}",
                 "Đã ghi {out}: {campaigns:int} chiến dịch, {cases:int} vụ việc, tổng thiệt hại {loss:money}"),
    "pushed": ("Pushed {src} to {dst} (database {db}): {loads:int} loads, {nodes:int} nodes ({nodes_new:int} new), "
               "{edges:int} edges ({edges_new:int} new), {rejects:int} rejects",
               "Đã chép {src} sang {dst} (cơ sở dữ liệu {db}): {loads:int} lần nạp, {nodes:int} nút ({nodes_new:int} "
               "mới), {edges:int} liên kết ({edges_new:int} mới), {rejects:int} giá trị bị loại"),
    "demo.data": ("Demo data: {out} (seed {seed}); store {store}", "Dữ liệu mẫu: {out} (seed {seed}); kho dữ liệu "
                  "{store}"),
    "demo.files": ("Generated case files", "Các tệp hồ sơ đã tạo"),
    "demo.graph": ("Graph: {nodes:int} nodes, {edges:int} edges, {rejects:int} rejects",
                   "Đồ thị: {nodes:int} nút, {edges:int} liên kết, {rejects:int} giá trị bị loại"),
    "demo.paths": ("Paths from victims' accounts to the cash-out accounts their money reached",
                   "Đường nối từ tài khoản bị hại tới tài khoản rút tiền mà tiền của họ đã đến"),
    "demo.campaigns": ("Campaigns (linked cases)", "Chiến dịch (các vụ việc liên kết)"),
    "demo.first_victim": ("Where the first victim's money went (case {case}, account {account})",
                          "Tiền của bị hại đầu tiên đã đi đâu (vụ việc {case}, tài khoản {account})"),
    "demo.mules": ("Mule accounts ({n:int} flagged; top 10)",
                   "Tài khoản trung gian (mule) ({n:int} bị đánh dấu; 10 tài khoản đầu)"),
    "demo.clusters": ("Organisation clusters (clusters named in victims' reports)",
                      "Cụm tổ chức (các cụm được nêu trong đơn trình báo của bị hại)"),
    "demo.try": ("Try: graphfraud --store {store} find \"0912 345 678\"   (a victim's phone, in any spelling)",
                 "Thử: graphfraud --store {store} find \"0912 345 678\"   (số điện thoại của bị hại, viết kiểu nào "
                 "cũng được)"),
    "status.loaded": ("loaded", "đã nạp"),
    "status.already loaded": ("already loaded", "đã nạp trước đó"),
    "status.skipped": ("skipped", "bỏ qua"),
    "status.refused": ("refused", "bị từ chối"),
    "progress.loading": ("Loading", "Đang nạp"),
    "progress.demo": ("Loading demo", "Đang nạp dữ liệu mẫu"),
    "progress.pushing": ("Pushing", "Đang chép"),
    "progress.rows": ("rows", "dòng"),
    "progress.working": ("Working", "Đang xử lý"),
    "exported.no_scores": ("Scores and clusters not shown (not computed for this store's current data); "
                           "add --with-scores to compute them once",
                           "Chưa hiển thị điểm và cụm (chưa được tính trên dữ liệu hiện tại của kho); "
                           "thêm --with-scores để tính một lần"),
}


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
