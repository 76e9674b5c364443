"""The command line's ``--help`` in Vietnamese: what each command does and what each option means.

The English help stays where click reads it (the commands' docstrings and their options' ``help=``
in cli.py); the help shown in Vietnamese is looked up here when it is written
(graphfraud/cli_help.py): a command's description by the command's name (``"audit verify"``; the
group itself is ``""``), an option's help by its English text (as gettext does: an option shared by
several commands is translated once). An English text with no entry here is shown as it is, and the
test of the Vietnamese help (tests/test_cli_help.py) names it.
"""

from __future__ import annotations

__all__ = ["COMMANDS_VI", "OPTIONS_VI", "WORDS_VI", "command_help", "option_help", "word"]

# the command's name -> its description (first sentence = the line in the list of commands)
COMMANDS_VI: dict[str, str] = {
    "": "graphfraud: phân tích liên kết cho điều tra lừa đảo.\n\n"
        "Nạp hồ sơ vụ việc (sao kê chuyển tiền, lịch sử cuộc gọi, đăng nhập, dữ liệu KYC, đơn trình báo "
        "của bị hại, tài khoản mạng xã hội) vào một đồ thị định danh, rồi hỏi ai liên kết với ai và liên "
        "kết thế nào. Mật khẩu Neo4j chỉ được đọc từ NEO4J_PASSWORD hoặc tệp cấu hình, không bao giờ từ "
        "dòng lệnh.",
    "load": "Nạp hồ sơ (CSV, XLSX, JSON) vào kho dữ liệu.\n\n"
            "Một tệp không nạp được (không có, không đọc được, không rõ loại) không làm dừng các tệp khác: "
            "bảng tổng kết ghi tệp đó là bị từ chối kèm lý do, và lệnh kết thúc với mã 1.",
    "stats": "Đếm số nút và liên kết theo loại.",
    "find": "Tìm một định danh viết theo bất kỳ kiểu nào và liệt kê các định danh lân cận kèm bằng chứng.",
    "path": "Đường nối ngắn nhất giữa hai định danh, mỗi bước kèm tệp và dòng chứng minh.",
    "fields": "Liệt kê các loại nguồn dữ liệu, các trường và các cách viết tiêu đề được nhận diện.",
    "demo": "Tạo hồ sơ mẫu, nạp vào một kho dữ liệu nhúng và cho thấy graphfraud tìm ra những gì.",
    "query": "Chạy trên Neo4j một truy vấn Cypher có tên (xem cypher/analyst.cypher) hoặc tệp .cypher của bạn.\n\n"
             "Không có TÊN thì liệt kê các truy vấn có tên. Ví dụ:\n"
             "graphfraud --neo4j bolt://127.0.0.1:7687 query neighbours --param key=phone:+84912345678",
    "push": "Chép kho dữ liệu nhúng sang máy chủ Neo4j cho bởi --neo4j / NEO4J_URI (chép lại không tạo bản trùng).",
    "trace": "Lần theo tiền của một tài khoản qua các giao dịch nối tiếp theo thời gian, mỗi bước kèm bằng chứng.",
    "link-cases": "Gom các vụ việc được trình báo thành chiến dịch: định danh dùng chung, số gọi lừa đảo, dòng "
                  "tiền; các chiến dịch liên quan dùng chung hạ tầng (tài khoản rút tiền, thiết bị) mà không bị "
                  "gộp.",
    "evaluate": "Chấm điểm các bộ phát hiện trên dữ liệu mẫu có seed (biết đáp án) và trên AMLSim (nhãn công khai).",
    "export": "Xuất một phần đồ thị: FORMAT là html (trang tương tác dùng ngoại tuyến), graphml, gexf, json hoặc "
              "csv.\n\n"
              "Không có --around/--community/--case/--trace thì xuất toàn bộ đồ thị. CSV ghi nodes.csv và "
              "edges.csv vào thư mục OUT, hoặc vào OUT nếu tên kết thúc bằng .zip. OUT có phần mở rộng của "
              "định dạng khác (graphml x.html) bị từ chối. Ví dụ:\n\n"
              "\b\n"
              "graphfraud export html graph.html --around 0912345678 --hops 2\n"
              "graphfraud export graphml case.graphml --case VV-2024-0005\n"
              "graphfraud export csv all.zip",
    "report": "Báo cáo liên kết vụ việc: các chiến dịch, vụ việc, bị hại, thiệt hại, định danh chính và bằng "
              "chứng.\n\n"
              "Định dạng theo tên OUT (report.json ghi JSON) trừ khi --format nói khác. Trên 5 chiến dịch, OUT "
              "là trang mục lục dẫn tới một trang cho mỗi chiến dịch (report.html -> report-campaigns/).",
    "communities": "Cụm tổ chức: các định danh gắn với nhau qua tiền, thiết bị/IP/số điện thoại dùng chung, cuộc "
                   "gọi và đơn trình báo.\n\n"
                   "Trên Neo4j có thư viện Graph Data Science thì máy chủ tính và chỉ gửi về các cụm; không có "
                   "thì tính trên máy này (một ghi chú trên stderr cho biết).",
    "mules": "Các tài khoản bị chấm điểm là tài khoản trung gian (mule), điểm cao nhất trước, kèm lý do của "
             "từng điểm.",
    "organizers": "Ai điều khiển từng cụm tổ chức: tài khoản rút tiền, thiết bị điều khiển tài khoản trung gian, "
                  "số điện thoại lừa đảo, tài khoản mạng xã hội.",
    "audit": "Nhật ký kiểm toán chỉ ghi thêm, nối chuỗi băm, của các lần nạp, truy vấn và xuất dữ liệu.",
    "audit verify": "Kiểm tra rằng không mục nào của nhật ký kiểm toán bị sửa, xóa hay đổi thứ tự.",
    "audit show": "Liệt kê các mục cuối của nhật ký kiểm toán.",
}

# an option's English help -> its Vietnamese help
OPTIONS_VI: dict[str, str] = {
    "Show this message and exit.": "Hiện trợ giúp này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "Embedded store file (default ./graphfraud.db; env GRAPHFRAUD_STORE).":
        "Tệp kho dữ liệu nhúng (mặc định ./graphfraud.db; biến môi trường GRAPHFRAUD_STORE).",
    "Use a Neo4j server instead of the embedded store (env NEO4J_URI).":
        "Dùng máy chủ Neo4j thay cho kho dữ liệu nhúng (biến môi trường NEO4J_URI).",
    "Neo4j user (env NEO4J_USERNAME).": "Người dùng Neo4j (biến môi trường NEO4J_USERNAME).",
    "Neo4j database (env NEO4J_DATABASE).": "Cơ sở dữ liệu Neo4j (biến môi trường NEO4J_DATABASE).",
    "Language of tables, notes, errors, reasons, reports and pages (env GRAPHFRAUD_LANG; default: the locale, "
    "Vietnamese unless it names another language).":
        "Ngôn ngữ của bảng, ghi chú, thông báo lỗi, lý do, báo cáo và trang (biến môi trường GRAPHFRAUD_LANG; "
        "mặc định: theo locale, tiếng Việt trừ khi locale nêu ngôn ngữ khác).",
    "When the command ends, write on stderr how long each of its steps took (env GRAPHFRAUD_TIMINGS).":
        "Khi lệnh kết thúc, ghi ra stderr thời gian của từng bước (biến môi trường GRAPHFRAUD_TIMINGS).",
    "The kind of the files (default: detected from the headers).":
        "Loại của các tệp (mặc định: nhận diện từ tiêu đề cột).",
    "Map one source column to a field (repeatable); field '-' ignores the column.":
        "Gán một cột nguồn vào một trường (dùng được nhiều lần); trường '-' bỏ qua cột đó.",
    "A saved mapping profile (TOML: kind and [columns]).": "Hồ sơ gán cột đã lưu (TOML: kind và [columns]).",
    "Case id for rows that name none.": "Mã vụ việc cho các dòng không ghi mã nào.",
    "The account of a statement that names none (no account column, no line above the table, none in the "
    "file name).":
        "Số tài khoản của bản sao kê không ghi số tài khoản (không có cột tài khoản, không có dòng nào phía trên "
        "bảng, không có trong tên tệp).",
    "The time zone of the times the files write without one (an IANA name such as UTC or Asia/Bangkok, or an "
    "offset such as +00:00; default: Vietnam time).":
        "Múi giờ của các thời điểm mà tệp ghi không kèm múi giờ (tên IANA như UTC hoặc Asia/Bangkok, hoặc độ lệch "
        "như +00:00; mặc định: giờ Việt Nam).",
    "Exit non-zero if any value was rejected.": "Kết thúc với mã khác 0 nếu có giá trị bị loại.",
    "Keep a row identical to an earlier row of its file as a fact of its own (default: one fact, counted once, "
    "reported).":
        "Giữ một dòng giống hệt dòng trước đó của cùng tệp thành một dữ kiện riêng (mặc định: một dữ kiện, đếm "
        "một lần, có báo cáo).",
    "Output format: a table for people, JSON or CSV for machines.":
        "Định dạng kết quả: bảng cho người đọc, JSON hoặc CSV cho máy.",
    "How far to look around the identifier.": "Tìm xa bao nhiêu bước quanh định danh.",
    "At most this many neighbours per match.": "Tối đa bấy nhiêu định danh lân cận cho mỗi kết quả khớp.",
    "Longest path to look for.": "Đường nối dài nhất cần tìm.",
    "Folder for the generated case files and the demo store.": "Thư mục cho các tệp hồ sơ mẫu và kho dữ liệu mẫu.",
    "Seed of the demo data generator.": "Seed của bộ tạo dữ liệu mẫu.",
    "A query parameter (repeatable); TYPE is str (default), int, float, bool or json.":
        "Một tham số truy vấn (dùng được nhiều lần); TYPE là str (mặc định), int, float, bool hoặc json.",
    "Allow the query to write (queries run read-only by default).":
        "Cho phép truy vấn ghi dữ liệu (mặc định truy vấn chỉ đọc).",
    "The embedded store to copy (default: the global --store, else ./graphfraud.db).":
        "Kho dữ liệu nhúng cần chép (mặc định: --store chung, nếu không có thì ./graphfraud.db).",
    "Start with transfers at or after this time (any spelling: 01/03/2024, ISO 8601...).":
        "Bắt đầu từ các giao dịch vào hoặc sau thời điểm này (viết kiểu nào cũng được: 01/03/2024, ISO 8601...).",
    "Start with transfers at or before this time.": "Bắt đầu từ các giao dịch vào hoặc trước thời điểm này.",
    "Follow at most this many transfers.": "Lần theo tối đa bấy nhiêu giao dịch.",
    "How long money may sit in an account before it moves on (48h, 90m, 2d).":
        "Tiền được nằm trong một tài khoản bao lâu trước khi chuyển tiếp (48h, 90m, 2d).",
    "Where the money came from instead of where it went.": "Tiền đến từ đâu thay vì tiền đã đi đâu.",
    "Drop pieces of money smaller than this share of the traced total.":
        "Bỏ các phần tiền nhỏ hơn tỷ lệ này của tổng số tiền truy vết.",
    "How many hops evidence may be from what reports state.":
        "Bằng chứng được cách điều đơn trình báo nêu tối đa bao nhiêu bước.",
    "Link score needed to link two cases (default 0.5).": "Điểm liên kết cần có để nối hai vụ việc (mặc định 0,5).",
    "How long before a report date the victim's payments are looked for.":
        "Tìm các khoản thanh toán của bị hại trong khoảng thời gian bao lâu trước ngày trình báo.",
    "List campaigns of at least this many cases.": "Liệt kê các chiến dịch có ít nhất bấy nhiêu vụ việc.",
    "Demo generator seeds, comma separated.": "Các seed của bộ tạo dữ liệu mẫu, cách nhau bởi dấu phẩy.",
    "Background transfers per demo, comma separated ('default' = the generator's default).":
        "Số giao dịch nền cho mỗi bộ dữ liệu mẫu, cách nhau bởi dấu phẩy ('default' = mặc định của bộ tạo).",
    "Folder of AMLSim outputs (default: env GRAPHFRAUD_AMLSIM or ../shared/datasets/amlsim).":
        "Thư mục dữ liệu AMLSim (mặc định: biến môi trường GRAPHFRAUD_AMLSIM hoặc ../shared/datasets/amlsim).",
    "Skip AMLSim.": "Bỏ qua AMLSim.",
    "A transfers file whose rows carry a laundering label (IBM AMLworld, SAML-D: Is Laundering); its accounts "
    "are scored as AMLSim's. Repeatable.":
        "Một tệp giao dịch có nhãn rửa tiền trên từng dòng (IBM AMLworld, SAML-D: Is Laundering); các tài khoản "
        "của tệp được chấm điểm như của AMLSim. Có thể dùng nhiều lần.",
    "Keep generated data and stores here (default: a temporary folder).":
        "Giữ dữ liệu và kho dữ liệu đã tạo tại đây (mặc định: một thư mục tạm).",
    "Output format; markdown prints the tables for the README.":
        "Định dạng kết quả; markdown in các bảng dùng cho README.",
    "Randomised scenarios: min/median over tuning and held-out seeds (--seeds is ignored).":
        "Kịch bản ngẫu nhiên: nhỏ nhất/trung vị trên các seed tinh chỉnh và seed kiểm tra riêng (bỏ qua --seeds).",
    "Grid tuning seeds, comma separated (default 1..8).":
        "Các seed tinh chỉnh của lưới, cách nhau bởi dấu phẩy (mặc định 1..8).",
    "Grid held-out seeds, comma separated (default 101..112).":
        "Các seed kiểm tra riêng của lưới, cách nhau bởi dấu phẩy (mặc định 101..112).",
    "Rewrite each demo case folder as another writer would (dates without times, four-column bank "
    "export, only transfers and reports, all three, or the statements of the accounts the reports lead "
    "to) before loading it.":
        "Viết lại mỗi thư mục vụ việc mẫu như một nơi khác sẽ viết (ngày không có giờ, sao kê ngân hàng "
        "bốn cột, chỉ giao dịch và đơn tố giác, cả ba, hoặc sao kê của các tài khoản mà đơn tố giác dẫn tới) "
        "trước khi nạp.",
    "An identifier (any spelling); export its neighbourhood.":
        "Một định danh (viết kiểu nào cũng được); xuất vùng lân cận của nó.",
    "How far around --around / --case (default 1 / 2).": "Xa bao nhiêu bước quanh --around / --case (mặc định 1 / 2).",
    "A cluster id from community detection.": "Mã một cụm từ phát hiện cộng đồng.",
    "A case id; export the case and what it names.": "Một mã vụ việc; xuất vụ việc và những gì nó nêu.",
    "An account; export the routes its money took.": "Một tài khoản; xuất các tuyến mà tiền của nó đã đi.",
    "Cap the nodes (HTML default 1000; the rest are shown as '+N more').":
        "Giới hạn số nút (HTML mặc định 1000; phần còn lại hiện là '+N nữa').",
    "Fill an EMPTY database with Neo4j's offline importer (local scripts/neo4j-local server: stopped, imported, "
    "started again); much faster than the batched copy.":
        "Nạp vào một cơ sở dữ liệu TRỐNG bằng công cụ nhập ngoại tuyến của Neo4j (máy chủ scripts/neo4j-local trên "
        "máy này: dừng, nhập, khởi động lại); nhanh hơn nhiều so với sao chép theo lô.",
    "Folder for the importer's CSV files (kept). Without --bulk: only write them, for neo4j-admin database import "
    "on another server.":
        "Thư mục cho các tệp CSV của công cụ nhập (được giữ lại). Không có --bulk: chỉ ghi các tệp này, để chạy "
        "neo4j-admin database import trên máy chủ khác.",
    "With --around/--case/--trace: compute the detectors' scores and clusters over the whole graph when they are "
    "not yet kept for the store's current data (slow on big stores; kept for later exports).":
        "Với --around/--case/--trace: tính điểm và cụm của các bộ phát hiện trên toàn bộ đồ thị khi chúng chưa được "
        "lưu cho dữ liệu hiện tại của kho (chậm với kho lớn; được lưu lại cho các lần xuất sau).",
    "Only campaign N: its graph first, then its evidence (folded).":
        "Chỉ chiến dịch N: đồ thị trước, rồi đến bằng chứng (thu gọn).",
    "--split: an index in OUT and one page per campaign in the folder OUT-campaigns beside it (the default above "
    "5 campaigns); --one-file: every campaign in OUT.":
        "--split: trang mục lục trong OUT và một trang cho mỗi chiến dịch trong thư mục OUT-campaigns bên cạnh "
        "(mặc định khi có trên 5 chiến dịch); --one-file: mọi chiến dịch trong OUT.",
    "Language of the page or report (default: the global --lang).":
        "Ngôn ngữ của trang hoặc báo cáo (mặc định: --lang chung).",
    "Overwrite OUT if it exists.": "Ghi đè OUT nếu đã có.",
    "Replace identifiers by keyed pseudonyms (HMAC-SHA256) for sharing.":
        "Thay các định danh bằng bí danh có khóa (HMAC-SHA256) để chia sẻ.",
    "File holding the pseudonym key (else env GRAPHFRAUD_REDACT_KEY).":
        "Tệp chứa khóa bí danh (nếu không có thì biến môi trường GRAPHFRAUD_REDACT_KEY).",
    "With --redact: keep this unmapped source column (repeatable; its text is still redacted). The others are "
    "left out.":
        "Với --redact: giữ cột nguồn chưa gán này (dùng được nhiều lần; nội dung vẫn được che). Các cột khác bị "
        "bỏ.",
    "html (interactive, printable), md (Markdown) or json (for other systems). Default: the format OUT's "
    "extension names (.html/.htm, .md, .json), else html; a format the extension contradicts is refused.":
        "html (tương tác, in được), md (Markdown) hoặc json (cho hệ thống khác). Mặc định: định dạng theo phần "
        "mở rộng của OUT (.html/.htm, .md, .json), nếu không thì html; định dạng trái với phần mở rộng bị từ "
        "chối.",
    "Hops of evidence used to link cases.": "Số bước bằng chứng dùng để liên kết vụ việc.",
    "Community detection method.": "Phương pháp phát hiện cộng đồng.",
    "Leave out clusters smaller than this.": "Bỏ các cụm nhỏ hơn mức này.",
    "Seed of the community detection (same seed, same answer).":
        "Seed của phát hiện cộng đồng (cùng seed, cùng kết quả).",
    "Compute on this machine even where Neo4j has the Graph Data Science library.":
        "Tính trên máy này kể cả khi Neo4j có thư viện Graph Data Science.",
    "Only clusters touching a reported case, the most money and cases first.":
        "Chỉ các cụm liên quan tới vụ việc được trình báo, nhiều tiền và nhiều vụ việc nhất trước.",
    "Show at most this many clusters (table default 20; JSON and CSV list all unless given).":
        "Hiện tối đa bấy nhiêu cụm (bảng mặc định 20; JSON và CSV liệt kê tất cả nếu không nêu).",
    "Flag accounts scoring at least this (0-1; default: the calibrated threshold, see docs/detection.md).":
        "Đánh dấu tài khoản có điểm từ mức này (0-1; mặc định: ngưỡng đã hiệu chỉnh, xem docs/detection.md).",
    "Show the evidence (file and row) behind each reason.": "Hiện bằng chứng (tệp và dòng) cho từng lý do.",
    "Candidates listed per organisation cluster.": "Số đối tượng liệt kê cho mỗi cụm tổ chức.",
    "Seed of the community detection.": "Seed của phát hiện cộng đồng.",
    "How many entries, newest last.": "Bao nhiêu mục, mục mới nhất ở cuối.",
}

# click's own words around the help texts
WORDS_VI: dict[str, str] = {
    "Usage:": "Cách dùng:", "Options": "Tùy chọn", "Commands": "Lệnh", "default": "mặc định",
    "required": "bắt buộc", "env var": "biến môi trường",
}


def command_help(name: str, english: str | None, lang: str) -> str | None:
    """The description of command ``name`` in ``lang`` (English where no translation is kept)."""
    return COMMANDS_VI.get(name, english) if lang == "vi" else english


def option_help(english: str | None, lang: str) -> str | None:
    return OPTIONS_VI.get(english, english) if lang == "vi" and english else english


def word(english: str, lang: str) -> str:
    return WORDS_VI.get(english, english) if lang == "vi" else english
