"""Error messages and the command line's own lines in Vietnamese, and the language a command speaks.

The library raises :class:`~graphfraud.errors.GraphFraudError` with an English message; the CLI
prints it through :func:`error_line`, which writes the messages users meet most in Vietnamese from
the patterns of :func:`errors` (a message no pattern knows is printed as raised).

The language when ``--lang`` is not given is :func:`graphfraud.config.default_lang`'s:
``GRAPHFRAUD_LANG``, else the locale; Vietnamese, the language of graphfraud's users, when the
locale names no language.
"""

from __future__ import annotations

import re
from functools import cache

# (English pattern, Vietnamese text with the pattern's groups): the first match wins
_PATTERNS: list[tuple[str, str]] = [
    (r"(?P<n>\d+) of (?P<t>\d+) files refused \(the others were loaded\): (?P<r>.*)",
     "{n}/{t} tệp bị từ chối (các tệp khác đã được nạp): {r}"),
    (r"(?P<n>\d+) of (?P<t>\d+) files refused: (?P<r>.*)", "{n}/{t} tệp bị từ chối: {r}"),
    (r"(?P<q>.+) is not in the graph \(looked for: (?P<tried>.*)\)",
     "{q} không có trong đồ thị (đã tìm: {tried})"),
    (r"no path between (?P<a>.+) and (?P<b>.+) within (?P<n>\d+) hops",
     "không có đường nối giữa {a} và {b} trong phạm vi {n} bước"),
    (r"no store at (?P<p>.+); load files first with `graphfraud load`",
     "không có kho dữ liệu tại {p}; hãy nạp tệp trước bằng `graphfraud load`"),
    (r"cannot open the store (?P<p>.+?): (?P<why>.*)", "không mở được kho dữ liệu {p}: {why}"),
    (r"cannot write the store (?P<p>.+?): (?P<why>.*)", "không ghi được kho dữ liệu {p}: {why}"),
    (r"(?P<p>.+): no such file", "{p}: không có tệp này"),
    (r"(?P<p>.+): cannot read the file \((?P<why>.*)\)", "{p}: không đọc được tệp ({why})"),
    (r"(?P<p>.+): no rows found", "{p}: không có dòng dữ liệu nào"),
    (r"(?P<p>.+): the file is empty \(0 bytes\)", "{p}: tệp rỗng (0 byte)"),
    (r"(?P<p>.+): no header row found", "{p}: không tìm thấy dòng tiêu đề"),
    (r"(?P<p>.+): no label column \((?P<c>.*)\)", "{p}: không có cột nhãn ({c})"),
    (r"--account (?P<a>.+) is not an account number: (?P<why>.*)", "--account {a} không phải là số tài khoản: {why}"),
    ((r"--timezone: not a time zone: (?P<z>.+?) \(an IANA name such as Asia/Bangkok or UTC, or an offset such as "
     r"\+00:00\)"), ("--timezone: {z} không phải là múi giờ (tên IANA như Asia/Bangkok hoặc UTC, hoặc độ lệch như "
     "+00:00)")),
    (r"--timezone: not a time zone: (?P<z>.+?) is more than 14 hours from UTC",
     "--timezone: {z} không phải là múi giờ: lệch hơn 14 giờ so với UTC"),
    ((r"(?P<p>.+): --account is for a statement that states no account, and its column (?P<c>.+) states one on "
     r"every row"), ("{p}: --account chỉ dùng cho bản sao kê không ghi số tài khoản, nhưng cột {c} của tệp ghi số "
     "tài khoản trên từng dòng")),
    (r"(?P<p>.+): --account (?P<a>\S+) is not the account the file states \((?P<s>\S+), (?P<l>.+)\)",
     "{p}: --account {a} không phải là tài khoản mà tệp ghi ({s}, {l})"),
    (r"(?P<p>.+): no AMLSim output here \(a folder with transactions\.csv and nodes\.csv\)",
     "{p}: không có dữ liệu AMLSim ở đây (thư mục có transactions.csv và nodes.csv)"),
    (r"(?P<p>.+): no rows below the header \(line (?P<n>\d+)\)", "{p}: không có dòng nào dưới tiêu đề (dòng {n})"),
    (r"(?P<p>.+): no sheet has headers graphfraud can map; (?P<rest>.*)",
     "{p}: không trang tính nào có tiêu đề mà graphfraud nhận diện được; {rest}"),
    (r"(?P<p>.+): unknown file type (?P<s>.+); graphfraud reads CSV, XLSX, XLS and JSON",
     "{p}: loại tệp {s} không được hỗ trợ; graphfraud đọc CSV, XLSX, XLS và JSON"),
    (r"(?P<p>.+): old \.xls workbooks are not read; save it as \.xlsx or CSV",
     "{p}: không đọc tệp .xls cũ; hãy lưu lại dưới dạng .xlsx hoặc CSV"),
    ((r"(?P<p>.+): this \.xls file is a web page \(HTML\) saved under an Excel name; open it in a spreadsheet "
      r"and save it as \.xlsx or CSV"),
     ("{p}: tệp .xls này thực chất là trang web (HTML) mang tên tệp Excel; hãy mở bằng bảng tính rồi lưu lại dưới "
      "dạng .xlsx hoặc CSV")),
    (r"(?P<p>.+): this \.xls file is an XLSX workbook; rename it to \.xlsx",
     "{p}: tệp .xls này là bảng tính XLSX; hãy đổi đuôi thành .xlsx"),
    (r"(?P<p>.+): not a readable \.xls workbook(?P<w>.*)", "{p}: không đọc được tệp .xls{w}"),
    (r"(?P<p>.+) already exists; use --force to overwrite it", "{p} đã tồn tại; dùng --force để ghi đè"),
    (r"(?P<p>.+) is a folder; give a file name", "{p} là thư mục; hãy cho tên tệp"),
    (r"(?P<p>.+) exists and is not a folder", "{p} đã tồn tại và không phải thư mục"),
    (r"name at least one file to load", "hãy nêu ít nhất một tệp để nạp"),
    (r"an empty identifier was given", "định danh đang để trống"),
    (r"(?P<opt>--[\w-]+) must be at least (?P<n>\d+)", "{opt} phải ít nhất là {n}"),
    (r"--threshold must be between 0 and 1", "--threshold phải nằm trong khoảng 0 đến 1"),
    (r"(?P<q>.+) is not an account in the graph \(found: (?P<f>.*)\); trace follows money from an account",
     "{q} không phải tài khoản trong đồ thị (tìm thấy: {f}); trace lần theo tiền từ một tài khoản"),
    (r"not a duration: (?P<v>.+) \(write e\.g\. 48h, 90m, 2d, 1d12h\)",
     "không phải khoảng thời gian: {v} (viết ví dụ 48h, 90m, 2d, 1d12h)"),
    (r"not a time: (?P<v>.+?) \((?P<why>.*)\)", "không phải thời điểm: {v} ({why})"),
    (r"choose one of --around, --community, --case, --trace \(got (?P<g>.*)\)",
     "chỉ chọn một trong --around, --community, --case, --trace (đang có {g})"),
    (r"(?P<n>\d+) value\(s\) rejected \(--strict\); see (?P<p>.*)",
     "{n} giá trị bị loại (--strict); xem {p}"),
    (r"--redact needs a key: --redact-key-file FILE or GRAPHFRAUD_REDACT_KEY",
     "--redact cần khóa: --redact-key-file TỆP hoặc GRAPHFRAUD_REDACT_KEY"),
    (r"unknown language (?P<l>.+); choose vi or en", "ngôn ngữ {l} không được hỗ trợ; chọn vi hoặc en"),
    (r"(?P<p>.+): '\.\.' climbs out of the folder the path names; name the folder you mean directly",
     "{p}: '..' đi ra ngoài thư mục mà đường dẫn nêu; hãy nêu thẳng thư mục bạn muốn"),
    (r"(?P<p>.+): names no (?:file|folder)", "{p}: không phải tên tệp hay thư mục"),
    (r"(?P<p>.+): (?P<c>.+) is not a folder", "{p}: {c} không phải thư mục"),
    ((r"(?P<p>.+) (?:is|passes through) a symbolic link \((?P<l>.+)\); graphfraud does not write through links: "
     r"name the real (?:file|folder) instead"),
     ("{p} là hoặc đi qua liên kết tượng trưng ({l}); graphfraud không ghi qua liên kết: hãy nêu tệp hoặc thư mục "
     "thật")),
    ((r"--format (?P<f>\S+) contradicts the name (?P<o>.+): (?P<e>\S+) is the extension of (?P<i>\S+); drop --format "
     r"or name the file (?P<x>\S+)"),
     "--format {f} mâu thuẫn với tên {o}: {e} là phần mở rộng của {i}; bỏ --format hoặc đặt tên tệp {x}"),
    ((r"export (?P<f>\S+) (?P<o>.+): the name ends in (?P<e>\S+), the extension of (?P<i>\S+); name the file "
     r"(?P<x>\S+) or export (?P<j>\S+)"),
     "export {f} {o}: tên tệp kết thúc bằng {e}, phần mở rộng của {i}; hãy đặt tên tệp {x} hoặc export {j}"),
    (r"--map expects \"SOURCE COLUMN=field\", got (?P<v>.+)", "--map cần dạng \"CỘT NGUỒN=trường\", nhận được {v}"),
    (r"--map (?P<v>.+): unknown field (?P<f>.+); see `graphfraud fields`",
     "--map {v}: không có trường {f}; xem `graphfraud fields`"),
    (r"unknown kind (?P<k>.+); known: (?P<all>.+)", "không có loại dữ liệu {k}; các loại: {all}"),
    ((r"(?P<p>.+): a statement's rows need the account they belong to: no column maps to account and no line "
      r"above the table names it \(\"Số tài khoản: …\" or \"Account number: …\"\) nor does the file name; add "
      r"that line or an account column, or map a column with --map \"SOURCE COLUMN=account\", or name it with "
      r"--account"),
     ("{p}: các dòng sao kê cần số tài khoản mà chúng thuộc về: không cột nào là số tài khoản, không dòng nào "
      "phía trên bảng và cả tên tệp cũng không ghi nó (\"Số tài khoản: …\"); hãy thêm dòng đó hoặc một cột số "
      "tài khoản, chỉ định cột bằng --map \"CỘT NGUỒN=account\", hoặc ghi số tài khoản bằng --account")),
    (r"--algorithm must be one of (?P<all>.+), not (?P<a>.+)", "--algorithm phải là một trong {all}, không phải {a}"),
    (r"a duration must be positive, not (?P<v>.+)", "khoảng thời gian phải lớn hơn 0, không phải {v}"),
    (r"--top must be at least 1", "--top phải ít nhất là 1"),
    (r"auditing is off \(GRAPHFRAUD_AUDIT=0 or audit = false in the config\)",
     "nhật ký kiểm toán đang tắt (GRAPHFRAUD_AUDIT=0 hoặc audit = false trong tệp cấu hình)"),
    (r"`query` runs Cypher on a Neo4j server: give --neo4j URI or set NEO4J_URI",
     "`query` chạy Cypher trên máy chủ Neo4j: hãy thêm --neo4j URI hoặc đặt NEO4J_URI"),
    (r"the redaction key must be at least 8 bytes", "khóa ẩn danh phải dài ít nhất 8 byte"),
    (r"(?P<p>.+): not readable as (?P<e>\S+) text near byte (?P<b>\d+)",
     "{p}: không đọc được dạng văn bản {e} gần byte {b}"),
    (r"(?P<p>.+): not a readable XLSX workbook \((?P<w>.*)\)", "{p}: không đọc được tệp XLSX ({w})"),
    (r"(?P<p>.+): invalid JSON at line (?P<n>\d+): (?P<m>.*)", "{p}: JSON không hợp lệ ở dòng {n}: {m}"),
    # notes of the load table (graphfraud/load.py)
    (r"this file was loaded before; nothing changed", "tệp này đã được nạp trước đó; không có gì thay đổi"),
    (r"empty sheet", "trang tính trống"),
    (r"kind not detected from headers (?P<h>.*)", "không nhận ra loại dữ liệu từ các tiêu đề {h}"),
    (r"every fact in it was already in the store \(from another file\)",
     "mọi thông tin trong tệp đã có trong kho (từ tệp khác)"),
    (r"1 row repeats an earlier row of the file: each kept as its own fact \(--keep-duplicates\)",
     "1 dòng lặp lại một dòng trước đó của tệp: mỗi dòng được giữ riêng (--keep-duplicates)"),
    (r"(?P<n>\d+) rows repeat an earlier row of the file: each kept as its own fact \(--keep-duplicates\)",
     "{n} dòng lặp lại một dòng trước đó của tệp: mỗi dòng được giữ riêng (--keep-duplicates)"),
    (r"1 row repeats an earlier row of the file: counted once \(--keep-duplicates keeps each\)",
     "1 dòng lặp lại một dòng trước đó của tệp: chỉ tính một lần (--keep-duplicates để giữ từng dòng)"),
    (r"(?P<n>\d+) rows repeat an earlier row of the file: counted once \(--keep-duplicates keeps each\)",
     "{n} dòng lặp lại một dòng trước đó của tệp: chỉ tính một lần (--keep-duplicates để giữ từng dòng)"),
    (r"1 row gives a date without a time of day: kept at 00:00 with time_precision day",
     "1 dòng chỉ ghi ngày, không có giờ: giữ lúc 00:00, đánh dấu time_precision day"),
    (r"(?P<n>\d+) rows give a date without a time of day: kept at 00:00 with time_precision day",
     "{n} dòng chỉ ghi ngày, không có giờ: giữ lúc 00:00, đánh dấu time_precision day"),
    (r"1 time cell is a spreadsheet's serial date number \(45545 is 10/09/2024\): read as that date",
     "1 ô thời gian là số ngày kiểu bảng tính (45545 là 10/09/2024): đọc thành ngày đó"),
    (r"(?P<n>\d+) time cells are a spreadsheet's serial date number \(45545 is 10/09/2024\): read as that date",
     "{n} ô thời gian là số ngày kiểu bảng tính (45545 là 10/09/2024): đọc thành ngày đó"),
    ((r"the column (?P<c>'.+'|\".+\") does not hold the account stated above the table \((?P<a>.+)\): its rows are "
     r"that account's, and the column is kept as written"),
     ("cột {c} không chứa số tài khoản ghi phía trên bảng ({a}): các dòng là của tài khoản đó, cột được giữ "
     "nguyên như ghi")),
    (r"times written without a time zone are read as (?P<z>.+) \(--timezone\)",
     "các thời điểm ghi không kèm múi giờ được đọc theo múi giờ {z} (--timezone)"),
    (r"the dates of (?P<c>.+) are written month first \(6/27/2023\): read so",
     "ngày của {c} được ghi tháng trước ngày (6/27/2023): đọc theo cách đó"),
    ((r"1 amount is written in scientific notation \(1\.0E7\): read as written and marked amount_notation "
     r"scientific \(a spreadsheet may have rounded its digits\)"),
     ("1 số tiền được ghi dạng số mũ (1.0E7): đọc đúng như ghi và đánh dấu amount_notation scientific "
     "(bảng tính có thể đã làm tròn các chữ số)")),
    ((r"(?P<n>\d+) amounts are written in scientific notation \(1\.0E7\): read as written and marked "
     r"amount_notation scientific \(a spreadsheet may have rounded its digits\)"),
     ("{n} số tiền được ghi dạng số mũ (1.0E7): đọc đúng như ghi và đánh dấu amount_notation scientific "
     "(bảng tính có thể đã làm tròn các chữ số)")),
    ((r"(?P<n>\d+) date cells? that a spreadsheet had turned round \(day and month\) read as the dates written "
     r"around them, rows (?P<c>.*)"),
     "{n} ô ngày bị bảng tính đảo ngày và tháng được đọc theo các ngày ghi xung quanh, dòng {c}"),
    # settings (graphfraud/config.py), the second loading process, evaluate's sizes
    (r"(?P<v>GRAPHFRAUD_\w+|batch size) must be a whole number, got (?P<x>.+)", "{v} phải là số nguyên, không phải {x}"),
    (r"(?P<v>GRAPHFRAUD_\w+) must be (?P<a>\d+) to (?P<b>\d+), got (?P<n>-?\d+)",
     "{v} phải từ {a} đến {b}, không phải {n}"),
    (r"(?P<v>GRAPHFRAUD_\w+|batch size) must be at least (?P<n>\d+)", "{v} phải ít nhất là {n}"),
    (r"reading the file failed in the second process: (?P<why>.*)", "đọc tệp trong tiến trình thứ hai thất bại: {why}"),
    (r"--sizes must be 0 or more transfers \(or 'default'\)", "--sizes phải từ 0 giao dịch trở lên (hoặc 'default')"),
    # the whole graph read from Neo4j (graphfraud/store/neo4j/whole_graph.py)
    ((r"the whole-graph read got lists of (?P<l>\[.*\]) items for (?P<n>\d+) rows: a field that should never be "
     r"null was null"),
     ("lần đọc toàn bộ đồ thị nhận được danh sách {l} phần tử cho {n} dòng: một trường lẽ ra không bao giờ rỗng "
     "lại rỗng")),
    # the report of one campaign (graphfraud/analysis/report_campaigns.py, output/report.py)
    (r"no campaign (?P<n>-?\d+): the campaigns are numbered (?P<a>\d+) to (?P<b>\d+)",
     "không có chiến dịch {n}: các chiến dịch được đánh số từ {a} đến {b}"),
    (r"no campaign (?P<n>-?\d+): no two reported cases are linked in this store",
     "không có chiến dịch {n}: kho dữ liệu này không có hai vụ việc nào liên kết với nhau"),
    (r"--campaign writes one campaign's report, --split every campaign's: give one of them",
     "--campaign ghi báo cáo của một chiến dịch, --split ghi mọi chiến dịch: chỉ chọn một"),
]


@cache
def errors() -> list[tuple[re.Pattern, str]]:
    """The patterns compiled, once, when a message is first put in Vietnamese (not by every
    command that raises none)."""
    return [(re.compile(p + r"\Z", re.DOTALL), vi) for p, vi in _PATTERNS]


def _known(message: str) -> str | None:
    for pattern, vi in errors():
        m = pattern.match(message)
        if m:
            return vi.format(**{k: _joined(v) if k in ("r", "rest") else v for k, v in m.groupdict().items()})
    return None


def _joined(message: str) -> str:
    """Several messages joined by ``; `` (a message may hold ``; `` itself): each known one translated,
    the shortest run of parts that a pattern knows first."""
    parts, out, i = message.split("; "), [], 0
    while i < len(parts):
        for j in range(i + 1, len(parts) + 1):
            done = _known("; ".join(parts[i:j]))
            if done is not None:
                out.append(done)
                i = j
                break
        else:
            out.append(parts[i])
            i += 1
    return "; ".join(out)


def translate_error(message: str, lang: str) -> str:
    """``message`` in ``lang``: Vietnamese when a pattern knows it, else as raised."""
    if lang != "vi":
        return message
    done = _known(message)
    return done if done is not None else _joined(message)


_LINES = {  # key: (English, Vietnamese)
    "error": ("Error: {message}", "Lỗi: {message}"),
    "interrupted": ("Interrupted.", "Đã dừng."),
    "store": ("Store: {store}", "Kho dữ liệu: {store}"),
    "audit_broken": ("Error: audit log {path} is broken at line {line}: {reason}",
                     "Lỗi: nhật ký kiểm toán {path} bị hỏng tại dòng {line}: {reason}"),
}


def line(key: str, lang: str, **fields) -> str:
    en, vi = _LINES[key]
    return (vi if lang == "vi" else en).format(**fields)


def error_line(message: str, lang: str) -> str:
    """The one line the CLI prints for an error."""
    return line("error", lang, message=translate_error(message, lang))


def store_line(described: str, lang: str) -> str:
    """The first line of every command: which store it uses."""
    if lang == "vi":
        described = described.replace(" (embedded)", " (nhúng)").replace(", database ", ", cơ sở dữ liệu ")
    return line("store", lang, store=described)
