"""Deterministic CSV and XLSX writing (same rows, same bytes), and the merging of planted rows
into background rows by time."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np


def _csv_field(v: object) -> str:
    s = "" if v is None else str(v)
    if any(c in s for c in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def _csv_line(values) -> str:
    return ",".join(_csv_field(v) for v in values)


def _merge(bg_lines: list[str], bg_t: np.ndarray, specials: list[tuple[int, str, object]]):
    """Insert time-sorted special lines after background lines of equal time.

    Returns the merged lines and {tag: 1-based row} for specials carrying a tag.
    """
    specials = sorted(specials, key=lambda s: s[0])
    pos = np.searchsorted(bg_t, np.array([s[0] for s in specials], dtype=np.int64), side="right")
    out: list[str] = []
    rows: dict = {}
    prev = 0
    for p, (_, line, tag) in zip(pos.tolist(), specials):
        out.extend(bg_lines[prev:p])
        out.append(line)
        if tag is not None:
            rows[tag] = len(out)
        prev = p
    out.extend(bg_lines[prev:])
    return out, rows


_FIXED_ZIP_TIME = (2024, 3, 1, 0, 0, 0)
_EXCEL_EPOCH = datetime(1899, 12, 30)
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XLSX_STATIC = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '</Types>'),
    "_rels/.rels": (
        f'<Relationships xmlns="{_NS_PKG}">'
        f'<Relationship Id="rId1" Type="{_NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/>'
        '</Relationships>'),
    "docProps/core.xml": (
        '<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<dc:creator>graphfraud demo</dc:creator>'
        '<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-01T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-03-01T00:00:00Z</dcterms:modified>'
        '</cp:coreProperties>'),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_NS_PKG}">'
        f'<Relationship Id="rId1" Type="{_NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_NS_REL}/styles" Target="styles.xml"/>'
        '</Relationships>'),
    "xl/styles.xml": (
        f'<styleSheet xmlns="{_NS_MAIN}">'
        '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/>'
        '<numFmt numFmtId="165" formatCode="dd/mm/yyyy"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '</styleSheet>'),
}


def _xml_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _write_xlsx(path: Path, sheet: str, header: tuple[str, ...], rows: list[list]) -> None:
    """Write a one-sheet XLSX with inline strings, deterministically and fast.

    Cell types: ``str`` -> text (so account numbers keep their leading zeros), ``int``
    / ``float`` -> number, ``datetime`` -> date-time number formatted
    ``yyyy-mm-dd hh:mm:ss`` (``dd/mm/yyyy`` when the time is midnight), ``None`` or
    ``""`` -> empty cell. The header row is bold.
    """
    letters = [chr(65 + i) for i in range(26)]
    out = [_XML_HEAD, f'<worksheet xmlns="{_NS_MAIN}"><sheetData>']
    for r, row in enumerate([list(header)] + rows, start=1):
        cells = []
        for c, v in enumerate(row):
            if v is None or v == "":
                continue
            ref = f"{letters[c]}{r}"
            if isinstance(v, datetime):
                delta = v - _EXCEL_EPOCH
                serial = delta.days + delta.seconds / 86400
                style = 2 if delta.seconds == 0 else 1
                cells.append(f'<c r="{ref}" s="{style}"><v>{serial!r}</v></c>')
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            else:
                t = str(v)
                sp = ' xml:space="preserve"' if t != t.strip() else ""
                bold = ' s="3"' if r == 1 else ""
                cells.append(f'<c r="{ref}"{bold} t="inlineStr"><is><t{sp}>{_xml_text(t)}</t></is></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    out.append("</sheetData></worksheet>")
    parts = dict(_XLSX_STATIC)
    parts["xl/workbook.xml"] = (f'<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}"><sheets>'
                                f'<sheet name="{_xml_text(sheet)}" sheetId="1" r:id="rId1"/>'
                                '</sheets></workbook>')
    parts["xl/worksheets/sheet1.xml"] = "".join(out)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "xl/workbook.xml",
                     "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"):
            data = parts[name]
            if not data.startswith("<?xml"):
                data = _XML_HEAD + data
            zi = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data.encode("utf-8"))
    path.write_bytes(buf.getvalue())


def _write_csv(path: Path, header: tuple[str, ...], rows: list[list], bom: bool = False,
               crlf: bool = False) -> None:
    nl = "\r\n" if crlf else "\n"
    text = nl.join([_csv_line(header)] + [_csv_line(r) for r in rows]) + nl
    path.write_bytes((("\ufeff" if bom else "") + text).encode("utf-8"))
