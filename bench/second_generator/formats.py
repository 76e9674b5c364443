"""How a seed writes cells and tables: amounts with dots or plain (or as numbers), banks by code,
name, long name or BIN, phones in national, spaced, 84 or +84 form, dates day first, and CSV (UTF-8
with or without BOM) or XLSX (optionally with title rows above the header)."""

import csv

from openpyxl import Workbook

from .reference import BANK_BY_CODE


def fmt_amount(w, a):
    s = w.F["amount_style"]
    if s == "dots":
        return f"{a:,}".replace(",", ".")
    if s == "plain":
        return str(a)
    return a   # numeric cell (in CSV the same as plain)


def fmt_bank(w, code):
    """A bank as the seed writes it; a foreign bank by its name."""
    if code is None:
        return ""
    if code not in BANK_BY_CODE:
        return code   # foreign bank name
    b = BANK_BY_CODE[code]
    s = w.F["bank_style"]
    if s == "mixed":
        s = w.r.choice(["code", "name", "long", "bin"])
    return {"code": b[0], "name": b[1], "long": b[2], "bin": b[3]}[s]


def fmt_phone(w, p, style=None):
    """Phone ``p`` (national 0... or international +...) in ``style`` (the seed's by default)."""
    s = style or w.F["phone_style"]
    if s == "mixed":
        s = w.r.choice(["local", "spaced", "84", "plus84", "dots"])
    if p.startswith("+"):
        if s in ("spaced",):
            return p[:4] + " " + p[4:7] + " " + p[7:]
        return p
    nat = p[1:]
    if s == "local":
        return p
    if s == "spaced":
        return f"{p[:4]} {p[4:7]} {p[7:]}"
    if s == "84":
        return "84" + nat
    if s == "dots":
        return f"{p[:4]}.{p[4:7]}.{p[7:]}"
    return "+84" + nat


def fmt_ts(w, t, style=None):
    s = style or w.F["date_style"]
    if s == "dmy_hm":
        return t.strftime("%d/%m/%Y %H:%M")
    return t.strftime("%d/%m/%Y %H:%M:%S")


def write_table(w, path, header, rows, kind, title=None):
    """One table to ``path``: CSV, or XLSX with one sheet named ``kind`` (title rows above the
    header when the seed has them and the table has a title)."""
    ext = path.rsplit(".", 1)[1]
    if ext == "csv":
        with open(path, "w", newline="", encoding="utf-8-sig" if w.r.random() < 0.5 else "utf-8") as f:
            wr = csv.writer(f)
            wr.writerow(header)
            for row in rows:
                wr.writerow(["" if c is None else c for c in row])
    else:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(kind)
        if title and w.F["title_rows"]:
            ws.append([title])
            ws.append([f"Từ ngày {w.start:%d/%m/%Y} đến ngày {w.end:%d/%m/%Y}"])
            ws.append([])
        ws.append(header)
        for row in rows:
            ws.append(["" if c is None else c for c in row])
        wb.save(path)
