"""Error messages and the command line's own lines in Vietnamese, and the language a command speaks.

The library raises :class:`~graphfraud.errors.GraphFraudError` with an English message; the CLI
prints it through :func:`error_line`, which writes the messages users meet most in Vietnamese from
the patterns of :data:`ERRORS` (a message no pattern knows is printed as raised).

:func:`default_lang` picks the language when ``--lang`` is not given: ``GRAPHFRAUD_LANG``, else the
locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first one set): Vietnamese for ``vi_*``, English
for another language; with no language in the locale (unset, ``C``, ``POSIX``, ``C.UTF-8``)
graphfraud speaks Vietnamese, the language of its users.
"""

from __future__ import annotations

import os
import re

LANGS = ("vi", "en")
FALLBACK = "vi"


def default_lang(env=None) -> str:
    """The language of a command that was given no ``--lang`` (see the module's notes)."""
    env = os.environ if env is None else env
    chosen = (env.get("GRAPHFRAUD_LANG") or "").strip().lower()
    if chosen in LANGS:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = (env.get(name) or "").strip()
        if not value:
            continue
        language = re.split(r"[_.@-]", value, maxsplit=1)[0].lower()
        if language in ("", "c", "posix"):
            return FALLBACK
        return "vi" if language == "vi" else "en"
    return FALLBACK


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
    (r"(?P<p>.+): no rows below the header \(line (?P<n>\d+)\)", "{p}: không có dòng nào dưới tiêu đề (dòng {n})"),
    (r"(?P<p>.+): no sheet has headers graphfraud can map; (?P<rest>.*)",
     "{p}: không trang tính nào có tiêu đề mà graphfraud nhận diện được; {rest}"),
    (r"(?P<p>.+): unknown file type (?P<s>.+); graphfraud reads CSV, XLSX and JSON",
     "{p}: loại tệp {s} không được hỗ trợ; graphfraud đọc CSV, XLSX và JSON"),
    (r"(?P<p>.+): old \.xls workbooks are not read; save it as \.xlsx or CSV",
     "{p}: không đọc tệp .xls cũ; hãy lưu lại dưới dạng .xlsx hoặc CSV"),
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
]
ERRORS = [(re.compile(p + r"\Z", re.S), vi) for p, vi in _PATTERNS]


def translate_error(message: str, lang: str) -> str:
    """``message`` in ``lang``: Vietnamese when a pattern knows it, else as raised."""
    if lang != "vi":
        return message
    for pattern, vi in ERRORS:
        m = pattern.match(message)
        if m:
            return vi.format(**{k: translate_error(v, lang) if k in ("r", "rest") else v
                                for k, v in m.groupdict().items()})
    if "; " in message:   # several messages joined: each on its own
        return "; ".join(translate_error(part, lang) for part in message.split("; "))
    return message


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
