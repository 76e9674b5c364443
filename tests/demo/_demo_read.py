"""Small readers and normalisers the tests use to check generated files independently
of graphfraud's own loader (which is developed separately)."""

from __future__ import annotations

import csv
import json
import re
import types
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_fields():
    """``loaders/fields.py`` as a module, executed from source on its own (the package
    ``loaders`` is not imported, and no bytecode is written next to it)."""
    path = ROOT / "loaders" / "fields.py"
    mod = types.ModuleType("_demo_test_fields")
    mod.__file__ = str(path)
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), mod.__dict__)
    return mod


def fold(text: str) -> str:
    """NFD, drop combining marks, đ->d, lower, non-alphanumerics -> one space, strip."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).strip()


def read_table(path: Path) -> tuple[list[str], list[list]]:
    """Header and data rows of a CSV, XLSX or JSON (list of objects) file."""
    if path.suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        return rows[0], rows[1:]
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
        wb.close()
        return [str(h) for h in rows[0]], rows[1:]
    objs = json.loads(path.read_text(encoding="utf-8"))
    header: list[str] = []
    for o in objs:
        for k in o:
            if k not in header:
                header.append(k)
    return header, [[o.get(k) for k in header] for o in objs]


def records(path: Path) -> list[dict]:
    header, rows = read_table(path)
    return [dict(zip(header, r)) for r in rows]


def digits(v) -> str:
    return re.sub(r"[\s\-]", "", "" if v is None else str(v))


VN_TZ = timezone(timedelta(hours=7))


def parse_ts(v) -> datetime:
    if isinstance(v, datetime):
        return v
    s = str(v).strip()
    for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"):
        try:
            return datetime.strptime(s, fmt)
        except ValueError:
            pass
    d = datetime.fromisoformat(s)
    if d.tzinfo is not None:
        d = d.astimezone(VN_TZ).replace(tzinfo=None)
    return d


def parse_amount(v) -> int:
    if isinstance(v, (int, float)):
        return int(v)
    s = str(v).replace("VND", "").strip()
    return int(s.replace(".", "").replace(",", ""))


_OLD = {"0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036", "0167": "037",
        "0168": "038", "0169": "039", "0120": "070", "0121": "079", "0122": "077", "0126": "076",
        "0128": "078", "0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082",
        "0186": "056", "0188": "058", "0199": "059"}


def phone_e164(v: str) -> str | None:
    """Minimal phone normaliser for the spellings the generator writes."""
    s = str(v).strip()
    plus = s.startswith(("+", "(+"))
    d = re.sub(r"\D", "", s)
    if plus:
        return "+" + d
    if d.startswith("00"):
        return "+" + d[2:]
    if d.startswith("84") and len(d) == 11:
        return "+" + d
    if len(d) == 11 and d[:4] in _OLD:
        return "+84" + _OLD[d[:4]][1:] + d[4:]
    if len(d) == 10 and d.startswith("0"):
        return "+84" + d[1:]
    if len(d) == 9 and not d.startswith("0"):
        return "+84" + d
    return None
